import { chunkLines, type ChunkOptions, type LineBlock } from "./chunks";
import { findHeadings } from "./markdown-headings";

/** A section of a text file: its label, its lines (each with its "\n") and their exact tokens. */
export interface TextSection {
  label: string;
  text: string;
  /** Exact Qwen3 tokens of `text`. */
  tokens: number;
  startLine: number;
  endLine: number;
}

/** Largest section (tokens) before it is cut at paragraphs, the counter, and the file's ending. */
export type SectionOptions = ChunkOptions;

/**
 * Markdown: one section per heading, labelled by its heading path ("Install > Linux"); text
 * before the first heading is labelled by its lines. A heading with nothing under it but a
 * deeper heading joins the section that follows, so no unit is a bare title. A section longer
 * than `maxTokens` is cut at paragraphs and each part gets its line range.
 */
export async function markdownSections(lines: readonly string[], options: SectionOptions): Promise<TextSection[]> {
  const headings = findHeadings(lines);
  if (headings.length === 0) return plainSections(lines, options);
  const sections: TextSection[] = [];
  const path: { level: number; title: string }[] = [];
  // Bare headings waiting for the section they introduce.
  let carried: string[] = [];
  let carriedFrom: number | undefined;
  const firstHeading = headings[0]?.line ?? 1;
  if (firstHeading > 1) {
    const before = lines.slice(0, firstHeading - 1);
    if (before.some((line) => line.trim().length > 0)) sections.push(...(await plainSections(before, { ...options, lastLineTerminated: true })));
  }
  for (const [index, heading] of headings.entries()) {
    while (path.length > 0 && (path.at(-1)?.level ?? 0) >= heading.level) path.pop();
    path.push({ level: heading.level, title: heading.title });
    const end = (headings[index + 1]?.line ?? lines.length + 1) - 1;
    const own = lines.slice(heading.line - 1, end);
    const bodyEmpty = lines.slice(heading.endLine, end).every((line) => line.trim().length === 0);
    if (bodyEmpty && index + 1 < headings.length) {
      carriedFrom ??= heading.line;
      carried.push(...own);
      continue;
    }
    const label = path.map((entry) => entry.title).join(" > ");
    const start = carriedFrom ?? heading.line;
    const allLines = [...carried, ...own];
    carried = [];
    carriedFrom = undefined;
    const last = end === lines.length;
    const blocks = await chunkLines(allLines, start, { ...options, lastLineTerminated: last ? options.lastLineTerminated : true });
    const single = blocks.length === 1;
    for (const block of blocks) sections.push({ label: single ? label : `${label} (${rangeLabel(block)})`, text: block.text, tokens: block.tokens, startLine: block.startLine, endLine: block.endLine });
  }
  return uniqueLabels(sections.filter((section) => section.text.trim().length > 0));
}

/** Two sections under the same heading path ("API > Example" twice) get their lines added. */
function uniqueLabels(sections: TextSection[]): TextSection[] {
  const uses = new Map<string, number>();
  for (const section of sections) uses.set(section.label, (uses.get(section.label) ?? 0) + 1);
  return sections.map((section) => ((uses.get(section.label) ?? 0) > 1 ? { ...section, label: `${section.label} (${rangeLabel(section)})` } : section));
}

/** Plain text: paragraphs gathered into sections of bounded size, labelled "lines 1–120". */
export async function plainSections(lines: readonly string[], options: SectionOptions, firstLine = 1): Promise<TextSection[]> {
  return (await chunkLines(lines, firstLine, options))
    .filter((block) => block.text.trim().length > 0)
    .map((block) => ({ label: rangeLabel(block), text: block.text, tokens: block.tokens, startLine: block.startLine, endLine: block.endLine }));
}

export function rangeLabel(block: Pick<LineBlock, "startLine" | "endLine" | "part">): string {
  const lines = block.startLine === block.endLine ? `line ${block.startLine}` : `lines ${block.startLine}–${block.endLine}`;
  return block.part === undefined ? lines : `${lines}, part ${block.part}`;
}
