/** Line count and longest line of a text, in one pass without splitting it. */
export interface TextShape {
  /** Lines; a final newline does not start a new one; "" has 0. */
  lines: number;
  /** Characters (UTF-16 code units) in the longest line. */
  longestLine: number;
}

export function textShape(text: string): TextShape {
  if (text.length === 0) return { lines: 0, longestLine: 0 };
  let lines = 0;
  let longestLine = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lines += 1;
    if (end - start > longestLine) longestLine = end - start;
    start = end + 1;
  }
  return { lines, longestLine };
}

/** Minified or generated: a line over 5,000 characters in a file of long lines (few newlines). */
export const MINIFIED_LINE_CHARS = 5_000;
const MINIFIED_AVERAGE_LINE_CHARS = 200;

export function looksMinified(text: string, shape: TextShape): boolean {
  return shape.longestLine > MINIFIED_LINE_CHARS && text.length / shape.lines > MINIFIED_AVERAGE_LINE_CHARS;
}
