import type { ServerResponse } from "node:http";
import type { StreamVariant } from "./scenario";

/**
 * Writes SSE frames in the variant's framing (E-1…E-4): line endings, `data:` with or without
 * its space, `event:` lines, keep-alive comments, and a network chunking mode that writes each
 * frame in 1–7 byte pieces (cutting UTF-8 sequences and `\r\n`), each piece flushed on its own.
 */
export class SseWriter {
  private readonly eol: string;
  private random: () => number;
  /** The client went away (or we dropped it): stop writing. */
  closed = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly variant: StreamVariant,
    seed = 1,
  ) {
    this.eol = variant.lineEnding === "crlf" ? "\r\n" : variant.lineEnding === "cr" ? "\r" : "\n";
    this.random = mulberry32(seed);
    response.on("close", () => {
      this.closed = true;
    });
  }

  /** A `data:` event; objects are sent as one-line JSON. */
  async data(payload: unknown, event = "message"): Promise<void> {
    const text = typeof payload === "string" ? payload : JSON.stringify(payload);
    const eventLine = this.variant.eventLines || event !== "message" ? `event: ${event}${this.eol}` : "";
    await this.write(`${eventLine}data:${this.variant.dataNoSpace ? "" : " "}${text}${this.eol}${this.eol}`);
  }

  async done(): Promise<void> {
    await this.data("[DONE]");
  }

  async comment(text: string): Promise<void> {
    await this.write(`: ${text}${this.eol}${this.eol}`);
  }

  /** Any other line as it is: llama.cpp's `error:` field, Ollama's bare JSON. */
  async line(text: string, blankLine = true): Promise<void> {
    await this.write(`${text}${this.eol}${blankLine ? this.eol : ""}`);
  }

  async write(text: string): Promise<void> {
    if (this.closed) return;
    const bytes = Buffer.from(text, "utf8");
    if (!this.variant.splitBytes) return this.send(bytes);
    for (let start = 0; start < bytes.length && !this.closed; ) {
      const size = 1 + Math.floor(this.random() * 7);
      await this.send(bytes.subarray(start, start + size));
      start += size;
      // Let the socket flush so the pieces reach the client as separate reads.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private send(bytes: Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      const more = this.response.write(bytes);
      if (more) return resolve();
      const finish = () => {
        this.response.off("drain", finish);
        this.response.off("close", finish);
        resolve();
      };
      this.response.once("drain", finish);
      this.response.once("close", finish);
    });
  }
}

/** A small seeded PRNG: the same scenario splits bytes the same way every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
