/**
 * Splits Qwen3's raw `<think>…</think>` block out of streamed `content` (C-6), for servers that
 * run no reasoning parser. Tags may be cut across chunks (`<thi` | `nk>`), so a possible tag
 * prefix is held back until the next chunk decides it. Only a block that opens the answer counts
 * (after whitespace): a `<think>` later in a summary is the document's text, not reasoning.
 * `</think>` may never come (generation stopped at `length`): then everything is reasoning.
 */
export interface SplitPiece {
  kind: "content" | "reasoning";
  text: string;
}

const OPEN = "<think>";
const CLOSE = "</think>";

export class ThinkSplitter {
  private state: "start" | "thinking" | "answer" = "start";
  private pending = "";
  private trimAnswerStart = false;
  private trimReasoningStart = false;

  push(text: string): SplitPiece[] {
    this.pending += text;
    const pieces: SplitPiece[] = [];
    for (;;) {
      if (this.state === "start") {
        const lead = this.pending.trimStart();
        if (lead.startsWith(OPEN)) {
          this.pending = lead.slice(OPEN.length);
          this.state = "thinking";
          this.trimReasoningStart = true;
          continue;
        }
        if (lead === "" || OPEN.startsWith(lead)) return pieces; // undecided yet
        this.state = "answer";
        continue;
      }
      if (this.state === "thinking") {
        // Qwen3 writes "<think>\n": the newline is layout.
        if (this.trimReasoningStart) {
          this.pending = this.pending.replace(/^\n+/, "");
          if (this.pending === "") return pieces;
          this.trimReasoningStart = false;
        }
        const end = this.pending.indexOf(CLOSE);
        if (end >= 0) {
          push(pieces, "reasoning", this.pending.slice(0, end));
          this.pending = this.pending.slice(end + CLOSE.length);
          this.state = "answer";
          this.trimAnswerStart = true;
          continue;
        }
        const keep = partialSuffix(this.pending, CLOSE);
        push(pieces, "reasoning", this.pending.slice(0, this.pending.length - keep));
        this.pending = this.pending.slice(this.pending.length - keep);
        return pieces;
      }
      // Qwen3 puts "\n\n" between `</think>` and the answer; it is layout, not answer text.
      if (this.trimAnswerStart) {
        this.pending = this.pending.replace(/^\s+/, "");
        if (this.pending === "") return pieces;
        this.trimAnswerStart = false;
      }
      push(pieces, "content", this.pending);
      this.pending = "";
      return pieces;
    }
  }

  /** The end of the stream: whatever is held back belongs to the state we are in. */
  flush(): SplitPiece[] {
    const pieces: SplitPiece[] = [];
    if (this.state === "thinking") push(pieces, "reasoning", this.pending);
    else if (!this.trimAnswerStart) push(pieces, "content", this.pending);
    this.pending = "";
    return pieces;
  }

  /** True once text has been classified as the answer (or a think block was seen). */
  get decided(): boolean {
    return this.state !== "start";
  }
}

function push(pieces: SplitPiece[], kind: SplitPiece["kind"], text: string): void {
  if (text !== "") pieces.push({ kind, text });
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}
