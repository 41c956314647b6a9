/** A stretch of a text file: 1-based inclusive line numbers and the lines' text. */
export interface LineBlock {
  startLine: number;
  endLine: number;
  text: string;
  /** Set when one over-long line was cut into pieces: 1-based piece number. */
  part?: number;
}

/**
 * Cuts lines into blocks of at most about `maxTokens` tokens, at blank lines (paragraphs) where
 * it can, else between lines, and inside a line only when one line alone is too long (minified
 * files). Blocks are contiguous: every line is in exactly one block. `firstLine` is the number of
 * `lines[0]` in the file.
 */
export function chunkLines(lines: readonly string[], firstLine: number, maxTokens: number, countTokens: (text: string) => number): LineBlock[] {
  const blocks: LineBlock[] = [];
  let current: { start: number; lines: string[]; tokens: number } | undefined;
  const flush = () => {
    if (current && current.lines.length > 0) blocks.push({ startLine: current.start, endLine: current.start + current.lines.length - 1, text: current.lines.join("\n") });
    current = undefined;
  };
  for (const paragraph of paragraphs(lines, firstLine)) {
    const tokens = countTokens(paragraph.lines.join("\n"));
    if (tokens > maxTokens) {
      flush();
      blocks.push(...splitParagraph(paragraph, maxTokens, countTokens));
      continue;
    }
    if (current && current.tokens + tokens > maxTokens) flush();
    current ??= { start: paragraph.start, lines: [], tokens: 0 };
    current.lines.push(...paragraph.lines);
    current.tokens += tokens;
  }
  flush();
  return blocks;
}

/** Paragraphs: runs of lines up to and including the blank lines that follow them. */
function paragraphs(lines: readonly string[], firstLine: number): { start: number; lines: string[] }[] {
  const result: { start: number; lines: string[] }[] = [];
  let current: { start: number; lines: string[] } | undefined;
  let sawBlank = false;
  lines.forEach((line, index) => {
    const blank = line.trim().length === 0;
    if (!current || (sawBlank && !blank)) {
      current = { start: firstLine + index, lines: [] };
      result.push(current);
      sawBlank = false;
    }
    current.lines.push(line);
    if (blank) sawBlank = true;
  });
  return result;
}

function splitParagraph(paragraph: { start: number; lines: string[] }, maxTokens: number, countTokens: (text: string) => number): LineBlock[] {
  const blocks: LineBlock[] = [];
  let start = paragraph.start;
  let buffer: string[] = [];
  let tokens = 0;
  const flush = () => {
    if (buffer.length > 0) blocks.push({ startLine: start, endLine: start + buffer.length - 1, text: buffer.join("\n") });
    start += buffer.length;
    buffer = [];
    tokens = 0;
  };
  for (const line of paragraph.lines) {
    const lineTokens = countTokens(line);
    if (lineTokens > maxTokens) {
      flush();
      splitLine(line, maxTokens, countTokens).forEach((piece, index) => blocks.push({ startLine: start, endLine: start, text: piece, part: index + 1 }));
      start += 1;
      continue;
    }
    if (tokens + lineTokens > maxTokens) flush();
    buffer.push(line);
    tokens += lineTokens;
  }
  flush();
  return blocks;
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
