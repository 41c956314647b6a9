import type { NormalizedUsage } from "./chat-chunk";
import type { UpstreamErrorInfo } from "./error-body";
import type { StreamPart } from "./stream-parts";
import { ThinkSplitter, type SplitPiece } from "./think-splitter";

/** The finish reasons of the OpenAI-compatible schema (E-7); anything else is logged. */
const KNOWN_FINISH_REASONS = new Set(["stop", "length", "tool_calls", "content_filter", "function_call"]);

export type AnswerEvent = { type: "text"; text: string } | { type: "reasoning"; text: string };

/**
 * Stream parts of one attempt → the answer and the reasoning, kept apart, plus what the stream
 * said about its end. Synchronous and pure so it can be tested without a network.
 */
export class AnswerAssembler {
  text = "";
  reasoning = "";
  finishReason: string | null = null;
  /** The last non-null usage (C-5): never summed, since vLLM's continuous mode is cumulative. */
  usage: NormalizedUsage | null = null;
  error: UpstreamErrorInfo | null = null;
  sawDone = false;
  private sawReasoningField = false;
  private readonly splitter = new ThinkSplitter();

  /**
   * @param expectReasoning whether reasoning is a legitimate part of this answer: thinking was
   * asked for, or the profile has no way to switch it off.
   */
  constructor(private readonly expectReasoning: boolean) {}

  /** True once the stream has said its last word (an error or `[DONE]`). */
  get ended(): boolean {
    return this.error !== null || this.sawDone;
  }

  accept(part: StreamPart): AnswerEvent[] {
    if (this.ended) return []; // anything after [DONE] or an error is ignored (C-2)
    switch (part.type) {
      case "reasoning":
        this.sawReasoningField = true;
        return this.emit([{ kind: "reasoning", text: part.text }]);
      case "content":
        // The `<think>` splitter runs only while no reasoning field has appeared (C-6).
        return this.emit(this.sawReasoningField && !this.splitter.decided ? [{ kind: "content", text: part.text }] : this.splitter.push(part.text));
      case "finish":
        // C-3: an unknown finish_reason still ends the answer; it is logged so it can be mapped.
        if (!KNOWN_FINISH_REASONS.has(part.reason)) console.warn(`[longdoc] unknown finish_reason from the model server: ${JSON.stringify(part.reason).slice(0, 80)}`);
        this.finishReason = part.reason;
        return [];
      case "usage":
        this.usage = part.usage;
        return [];
      case "error":
        this.error = part.error;
        return this.emit(this.splitter.flush());
      case "done":
        this.sawDone = true;
        return [];
    }
  }

  /**
   * The end of the attempt's stream. Flushes a held-back tag prefix, and applies vLLM #40816 /
   * #17349: a reasoning parser may put the whole answer in `reasoning` while `content` stays
   * empty; when the answer ended cleanly with no content, the reasoning is shown as the answer.
   */
  finish(): AnswerEvent[] {
    const events = this.emit(this.splitter.flush());
    const clean = this.error === null && this.finishReason !== null;
    if (clean && this.text === "" && this.reasoning !== "" && (this.finishReason === "stop" || !this.expectReasoning)) {
      this.text = this.reasoning;
      this.reasoning = "";
      events.push({ type: "text", text: this.text });
    }
    return events;
  }

  private emit(pieces: SplitPiece[]): AnswerEvent[] {
    return pieces.map((piece) => {
      if (piece.kind === "reasoning") {
        this.reasoning += piece.text;
        return { type: "reasoning", text: piece.text };
      }
      this.text += piece.text;
      return { type: "text", text: piece.text };
    });
  }
}
