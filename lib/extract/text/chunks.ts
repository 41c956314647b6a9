/** A stretch of a text file: 1-based inclusive line numbers, the lines' text and its exact tokens. */
export interface LineBlock {
  startLine: number;
  endLine: number;
  /** The lines, each with its "\n" (the file's last line only if the file has one). */
  text: string;
  /** Exact Qwen3 tokens of `text`. */
  tokens: number;
  /** Set when one over-long line was cut into pieces: 1-based piece number. */
  part?: number;
}

export interface ChunkOptions {
  /** Largest block, in tokens. */
  maxTokens: number;
  countTokens: (text: string) => number;
  /** Whether the last of `lines` ends with a newline (every other line does). */
  lastLineTerminated: boolean;
  /** Called between pieces of work so a long file does not block the event loop. */
  pace?: () => Promise<void>;
}

interface Paragraph {
  start: number;
  lines: string[];
  text: string;
}

/**
 * Cuts lines into blocks of at most `maxTokens` tokens, at blank lines (paragraphs) where it
 * can, else between lines, and inside a line only when one line alone is too long (minified
 * files). Blocks are contiguous: every line is in exactly one block. `firstLine` is the number
 * of `lines[0]` in the file.
 *
 * Each paragraph is tokenized once, and a block's count is the sum of its paragraphs'. That is
 * exact, not an estimate: a paragraph's text ends with its run of newlines and the next starts
 * with a line that is not blank, and Qwen3's pre-tokenizer always ends a piece at the end of a
 * newline run (`\s*[\r\n]+`, or punctuation followed by `[\r\n]*`), so no token spans the seam.
 * chunks.test.ts checks the sums against whole counts.
 */
export async function chunkLines(lines: readonly string[], firstLine: number, options: ChunkOptions): Promise<LineBlock[]> {
  const { maxTokens, countTokens } = options;
  const blocks: LineBlock[] = [];
  let current: { start: number; lines: number; text: string; tokens: number } | undefined;
  const flush = () => {
    if (current && current.lines > 0) blocks.push({ startLine: current.start, endLine: current.start + current.lines - 1, text: current.text, tokens: current.tokens });
    current = undefined;
  };
  for (const paragraph of paragraphs(lines, firstLine, options.lastLineTerminated)) {
    await options.pace?.();
    const tokens = countTokens(paragraph.text);
    if (tokens > maxTokens) {
      flush();
      blocks.push(...(await splitParagraph(paragraph, options)));
      continue;
    }
    if (current && current.tokens + tokens > maxTokens) flush();
    current ??= { start: paragraph.start, lines: 0, text: "", tokens: 0 };
    current.lines += paragraph.lines.length;
    current.text += paragraph.text;
    current.tokens += tokens;
  }
  flush();
  return blocks;
}

/** Paragraphs: runs of lines up to and including the blank lines that follow them. */
function paragraphs(lines: readonly string[], firstLine: number, lastLineTerminated: boolean): Paragraph[] {
  const result: Paragraph[] = [];
  let current: Paragraph | undefined;
  let sawBlank = false;
  lines.forEach((line, index) => {
    const blank = line.trim().length === 0;
    if (!current || (sawBlank && !blank)) {
      current = { start: firstLine + index, lines: [], text: "" };
      result.push(current);
      sawBlank = false;
    }
    current.lines.push(line);
    current.text += index === lines.length - 1 && !lastLineTerminated ? line : `${line}\n`;
    if (blank) sawBlank = true;
  });
  return result;
}

/** An over-long paragraph: whole lines per block (each block counted as a whole), long lines cut. */
async function splitParagraph(paragraph: Paragraph, options: ChunkOptions): Promise<LineBlock[]> {
  const { maxTokens, countTokens } = options;
  const blocks: LineBlock[] = [];
  let start = paragraph.start;
  let buffer = "";
  let count = 0;
  let tokens = 0;
  const flush = () => {
    if (count > 0) blocks.push({ startLine: start, endLine: start + count - 1, text: buffer, tokens: countTokens(buffer) });
    start += count;
    buffer = "";
    count = 0;
    tokens = 0;
  };
  const texts = splitKeepingNewlines(paragraph.text);
  for (const line of texts) {
    await options.pace?.();
    const lineTokens = countTokens(line);
    if (lineTokens > maxTokens) {
      flush();
      splitLine(line, maxTokens, countTokens).forEach((piece, index) => blocks.push({ startLine: start, endLine: start, text: piece, tokens: countTokens(piece), part: index + 1 }));
      start += 1;
      continue;
    }
    if (tokens + lineTokens > maxTokens) flush();
    buffer += line;
    count += 1;
    tokens += lineTokens;
  }
  flush();
  return blocks;
}

function splitKeepingNewlines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Cuts one very long line into pieces of at most `maxTokens` tokens, never inside a surrogate pair. */
function splitLine(line: string, maxTokens: number, countTokens: (text: string) => number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > 0) {
    // Start from a generous guess (4 characters a token) and shrink until the piece fits.
    let length = Math.min(rest.length, maxTokens * 4);
    while (length > 1 && countTokens(rest.slice(0, length)) > maxTokens) length = Math.floor(length * 0.75);
    if (length < rest.length && /[\uD800-\uDBFF]/.test(rest.charAt(length - 1))) length -= 1;
    pieces.push(rest.slice(0, Math.max(1, length)));
    rest = rest.slice(Math.max(1, length));
  }
  return pieces;
}
