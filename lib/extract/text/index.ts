import { AppError } from "../../errors";
import { countTokens as defaultCountTokens } from "../../tokens";
import { unsupportedFormat } from "../errors";
import { extensionOf } from "../sniff";
import type { SourceDocument, SourceUnit } from "../types";
import { decodeDetectingEncoding, type DecodeResult, type TextEncodingName } from "./decode-detecting-encoding";
import { decodeUtf8Lines } from "./decode-lines";
import { createPacer } from "../pace";
import { markdownSections, plainSections } from "./sections";

export { decodeDetectingEncoding, type DecodeResult, type TextEncodingName } from "./decode-detecting-encoding";

export interface TextExtractInput {
  bytes: Uint8Array;
  name: string;
  /** Largest section before it is cut at paragraphs, in tokens (about). */
  maxSectionTokens?: number;
  countTokens?: (text: string) => number;
}

/** Sections of about this many tokens: small enough to plan with, large enough to keep context. */
export const DEFAULT_MAX_SECTION_TOKENS = 2_000;

const MARKDOWN_EXTENSIONS = new Set(["md", "markdown", "mdown", "mkd", "mkdn", "mdx", "mdwn"]);
const ATX_HEADINGS = /^ {0,3}#{1,6}[ \t]+\S/gm;

/**
 * A text file as sections: by Markdown headings for Markdown (and for .txt or extension-less
 * files that use `#` headings), else by paragraphs up to about 2,000 tokens, labelled by lines.
 * Unit text has its line endings made "\n"; nothing else changes. Decoding (2 MB a turn, for
 * UTF-8) and tokenizing (every 25 ms) give the event loop turns, so a large file does not stall
 * the server.
 */
export async function extractText(input: TextExtractInput): Promise<SourceDocument> {
  const countTokens = input.countTokens ?? defaultCountTokens;
  const { lines, encoding, warning, lastLineTerminated, hasText, atxHeadings } = (await decodeUtf8Lines(input.bytes)) ?? linesOf(decodeOrThrow(input.bytes, input.name));
  if (!hasText) throw new AppError("empty_file", 422, `"${input.name}" has no text in it (it is empty or only whitespace). Upload the file with the content.`);
  const markdown = isMarkdown(input.name, lines[0] ?? "", atxHeadings);
  const options = { maxTokens: input.maxSectionTokens ?? DEFAULT_MAX_SECTION_TOKENS, countTokens, lastLineTerminated, pace: createPacer() };
  const sections = markdown ? await markdownSections(lines, options) : await plainSections(lines, options);
  const units: SourceUnit[] = sections.map((section) => ({ kind: "section", label: section.label, text: section.text, tokens: section.tokens }));
  return {
    name: input.name,
    kind: "text",
    units,
    skipped: [],
    totalTokens: units.reduce((sum, unit) => sum + unit.tokens, 0),
    meta: {
      encoding,
      format: markdown ? "markdown" : "plain",
      lineCount: lines.length,
      ...(warning ? { warnings: [warning] } : {}),
    },
  };
}

/** Decodes the bytes or answers 415 with what the file looked like. */
export function decodeOrThrow(bytes: Uint8Array, name: string): Extract<DecodeResult, { ok: true }> {
  const decoded = decodeDetectingEncoding(bytes);
  if (!decoded.ok) throw unsupportedFormat(name, decoded.reason);
  return decoded;
}

/** Text decoded by decodeDetectingEncoding (the encodings other than plain UTF-8), as lines. */
function linesOf(decoded: Extract<DecodeResult, { ok: true }>): { lines: string[]; encoding: TextEncodingName; warning?: string; lastLineTerminated: boolean; hasText: boolean; atxHeadings: number } {
  const text = decoded.text.replace(/\r\n?/g, "\n");
  const lines = text.split("\n");
  // A final newline ends the last line; it does not start another one.
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return { lines, encoding: decoded.encoding, warning: decoded.warning, lastLineTerminated: text.endsWith("\n"), hasText: text.trim().length > 0, atxHeadings: text.match(ATX_HEADINGS)?.length ?? 0 };
}

function isMarkdown(name: string, firstLine: string, atxHeadings: number): boolean {
  const extension = extensionOf(name);
  if (MARKDOWN_EXTENSIONS.has(extension)) return true;
  if (extension !== "" && extension !== "txt" && extension !== "text") return false;
  if (firstLine.startsWith("#!")) return false;
  // One "# comment" line is not a Markdown document; two headings are.
  return atxHeadings >= 2;
}

