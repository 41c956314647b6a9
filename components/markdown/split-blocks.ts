/**
 * Splits Markdown into consecutive chunks at blank lines, so a streaming report re-parses only
 * its last chunk: the earlier chunks keep their text and their rendered elements. A cut is made
 * only where Markdown has no construct spanning it: at a blank line outside a code fence, before
 * a line that starts at column 0 (an indented line would continue a list item or be code).
 * The chunking of a prefix never changes as text is appended, so the keys stay stable.
 */
export function splitMarkdownBlocks(text: string, minChars = 1_500): string[] {
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let lineStart = 0;
  let previousBlank = false;
  while (lineStart < text.length) {
    const newline = text.indexOf("\n", lineStart);
    // The last line may still be growing: it can close a fence later but cannot be a cut point yet.
    if (newline === -1) break;
    const line = text.slice(lineStart, newline);
    const blank = line.trim() === "";
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && previousBlank && !blank && fenceMatch === null && /^\S/.test(line) && lineStart - start >= minChars) {
      blocks.push(text.slice(start, lineStart));
      start = lineStart;
    }
    if (fenceMatch) {
      const marker = fenceMatch[1] ?? "";
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
    }
    previousBlank = blank;
    lineStart = newline + 1;
  }
  blocks.push(text.slice(start));
  return blocks;
}
