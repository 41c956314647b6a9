import { setImmediate as nextTurn } from "node:timers/promises";

/** Bytes decoded per turn of the event loop: a few milliseconds of work each. */
const CHUNK_BYTES = 2 * 1024 * 1024;

export interface DecodedLines {
  lines: string[];
  encoding: "utf-8" | "utf-8-bom";
  /** Plain UTF-8 needs no warning. */
  warning?: undefined;
  /** The text ended with a line break (the last line is terminated). */
  lastLineTerminated: boolean;
  /** Some character other than whitespace is in the text. */
  hasText: boolean;
  /** Lines that look like Markdown ATX headings (counted up to 2: enough to call it Markdown). */
  atxHeadings: number;
}

const ATX_HEADING = /^ {0,3}#{1,6}[ \t]+\S/;

/**
 * A UTF-8 text upload as lines, decoded, with line endings made "\n", a chunk per turn of the
 * event loop: a 95 MB file decoded, normalized and split in one go held the server for 200-300 ms.
 * Null when the bytes are not plain UTF-8 (another byte-order mark, a NUL, an invalid sequence):
 * the caller then reads them with decodeDetectingEncoding, which guesses among the others.
 */
export async function decodeUtf8Lines(bytes: Uint8Array, yieldTurn: () => Promise<void> = () => nextTurn()): Promise<DecodedLines | null> {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (!bom && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return null;
  if (bytes.includes(0)) return null;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const lines: string[] = [];
  let carry = "";
  let hasText = false;
  let atxHeadings = 0;
  for (let offset = bom ? 3 : 0; offset < bytes.length; offset += CHUNK_BYTES) {
    const end = Math.min(bytes.length, offset + CHUNK_BYTES);
    let piece: string;
    try {
      piece = decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.length });
    } catch {
      return null;
    }
    // Mostly control characters: binary after all; decodeDetectingEncoding says so.
    if (offset <= 3 && mostlyControl(piece.slice(0, 65_536))) return null;
    // A "\r" at a chunk's end may be the first half of "\r\n": keep it for the next chunk.
    let text = carry + piece;
    const holdCr = end < bytes.length && text.endsWith("\r");
    if (holdCr) text = text.slice(0, -1);
    text = text.replace(/\r\n?/g, "\n");
    const parts = text.split("\n");
    carry = (parts.pop() ?? "") + (holdCr ? "\r" : "");
    for (const line of parts) {
      if (!hasText && /\S/.test(line)) hasText = true;
      if (atxHeadings < 2 && ATX_HEADING.test(line)) atxHeadings += 1;
      lines.push(line);
    }
    await yieldTurn();
  }
  const last = carry.replace(/\r\n?/g, "\n");
  const lastLineTerminated = last === "" && lines.length > 0;
  if (!lastLineTerminated || lines.length === 0) {
    if (!hasText && /\S/.test(last)) hasText = true;
    if (atxHeadings < 2 && ATX_HEADING.test(last)) atxHeadings += 1;
    lines.push(last);
  }
  return { lines, encoding: bom ? "utf-8-bom" : "utf-8", lastLineTerminated, hasText, atxHeadings };
}

function mostlyControl(sample: string): boolean {
  const bad = sample.match(/[\u0000-\u0008\u000E-\u001A\u001C-\u001F\uFFFD]/g)?.length ?? 0;
  return sample.length > 0 && bad > 0.1 * sample.length;
}
