import type { Db } from "../../db/client";
import { appendEvent } from "../../db/queries/events";

/**
 * The event log of a job, written to SQLite as things happen so that any number of viewers (a
 * reload, a second tab, the CLI) replay the whole job from any point.
 */
export type JobEvent =
  | { type: "status"; data: { status: string; message?: string } }
  | {
      type: "call-start";
      /** blocksSent < blocksTotal: a continuation carried only the part of the material still needed. */
      data: { key: string; purpose: string; round: number; promptTokens: number; maxTokens: number; title: string; blocksSent?: number; blocksTotal?: number };
    }
  | { type: "delta"; data: { key: string; final: boolean; text: string } }
  | { type: "retry"; data: { key: string; attempt: number; delayMs: number; code: string; message: string } }
  | {
      type: "call-end";
      data: {
        key: string;
        round: number;
        finishReason: string;
        promptTokens: number;
        completionTokens: number;
        reasoningTokens: number;
        usageSource: string;
        costMicroLi: number;
        attempts: number;
        errorCode: string | null;
      };
    }
  | { type: "progress"; data: { callsDone: number; callsPlanned: number; completionTokens: number; costMicroLi: number } }
  | { type: "end"; data: { status: string; errorCode: string | null; errorMessage: string | null; costMicroLi: number } };

export function recordEvent(db: Db, jobId: string, event: JobEvent): number {
  return appendEvent(db, { jobId, type: event.type, data: event.data });
}

/**
 * Buffers streamed text and writes it as one "delta" event per flush, so a fast stream becomes a
 * few rows a second instead of one per token; `flush` is also called at every call's end.
 */
export class DeltaBuffer {
  private pending = "";
  private lastFlushMs = Date.now();

  constructor(
    private readonly emit: (event: JobEvent) => void,
    private readonly key: string,
    private readonly final: boolean,
    private readonly onFlush: () => void,
    private readonly intervalMs = 300,
  ) {}

  push(text: string): void {
    this.pending += text;
    if (Date.now() - this.lastFlushMs >= this.intervalMs) this.flush();
  }

  flush(): void {
    this.lastFlushMs = Date.now();
    if (this.pending.length > 0) {
      this.emit({ type: "delta", data: { key: this.key, final: this.final, text: this.pending } });
      this.pending = "";
    }
    this.onFlush();
  }
}
