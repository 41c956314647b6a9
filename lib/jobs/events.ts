import type { Db } from "../../db/client";
import { appendEvent } from "../../db/queries/events";
import type { JobEvent } from "./wire";

/**
 * The event log of a job, written to SQLite as things happen so that any number of viewers (a
 * reload, a second tab, the CLI) replay the whole job from any point. The events' shapes are
 * declared once, in ./wire, where the browser parses them too.
 */
export type { JobEvent } from "./wire";

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
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: (event: JobEvent) => void,
    private readonly key: string,
    private readonly final: boolean,
    private readonly onFlush: () => void,
    private readonly intervalMs = 300,
  ) {}

  push(text: string): void {
    this.pending += text;
    const waitedMs = Date.now() - this.lastFlushMs;
    if (waitedMs >= this.intervalMs) this.flush();
    // Text that arrives just before the stream goes quiet is sent when the interval is up, not
    // held until the next token (an upstream pause would otherwise hide it from every viewer).
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs - waitedMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlushMs = Date.now();
    if (this.pending.length > 0) {
      this.emit({ type: "delta", data: { key: this.key, final: this.final, text: this.pending } });
      this.pending = "";
    }
    this.onFlush();
  }
}
