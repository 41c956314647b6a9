/** A Markdown heading: where it starts (1-based line), its level and its text. */
export interface Heading {
  /** First line of the heading (for a setext heading, its text line, not the underline). */
  line: number;
  /** Last line of the heading (the underline for a setext heading). */
  endLine: number;
  level: number;
  title: string;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_H1 = /^ {0,3}=+[ \t]*$/;
const SETEXT_H2 = /^ {0,3}-+[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Lines that cannot be a setext heading's text: lists, quotes, tables, indented code, HTML. */
const NOT_PARAGRAPH = /^( {4,}|\t| {0,3}([-*+]|\d{1,9}[.)])([ \t]|$)| {0,3}>| {0,3}\||\s*<)/;

/**
 * Finds ATX (`## Title`) and setext (Title + `===`/`---`) headings, skipping fenced code blocks
 * and a YAML front matter block, so `# comment` lines in code samples are not headings.
 */
export function findHeadings(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  let fence: { char: string; length: number } | undefined;
  let start = 0;
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((line, index) => index > 0 && (line.trim() === "---" || line.trim() === "..."));
    if (end > 0) start = end + 1;
  }
  for (let index = start; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch?.[1] && fenceMatch[1][0] === fence.char && fenceMatch[1].length >= fence.length && line.trim() === fenceMatch[1]) fence = undefined;
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = { char: fenceMatch[1][0] ?? "`", length: fenceMatch[1].length };
      continue;
    }
    const atx = ATX.exec(line);
    if (atx?.[1]) {
      const title = (atx[2] ?? "").trim();
      if (title.length > 0) headings.push({ line: index + 1, endLine: index + 1, level: atx[1].length, title });
      continue;
    }
    const underline = SETEXT_H1.test(line) ? 1 : SETEXT_H2.test(line) ? 2 : 0;
    const previous = lines[index - 1];
    const beforePrevious = lines[index - 2];
    const previousIsText =
      index > start &&
      previous !== undefined &&
      previous.trim().length > 0 &&
      !NOT_PARAGRAPH.test(previous) &&
      !ATX.test(previous) &&
      headings.at(-1)?.endLine !== index &&
      (beforePrevious === undefined || index - 1 === start || beforePrevious.trim().length === 0 || ATX.test(beforePrevious));
    if (underline > 0 && previousIsText) headings.push({ line: index, endLine: index + 1, level: underline, title: previous.trim() });
  }
  return headings;
}
