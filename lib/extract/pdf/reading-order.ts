import type { Line, Segment } from "./lines";

/** A line of text in reading order, with what paragraph building needs to know about it. */
export interface OrderedLine {
  text: string;
  baseline: number;
  x0: number;
  x1: number;
  /** Font size in points. */
  size: number;
  /** Lines of one flow (a column, or full-width text between column blocks) share this id. */
  flow: number;
}

/** Columns inside columns are looked for this deep (two levels: up to four columns). */
const MAX_DEPTH = 2;

interface SubLine {
  baseline: number;
  size: number;
  segments: Segment[];
}

/**
 * Puts a page's lines in reading order. Where a vertical gutter splits the lines, the text on
 * each side is read as a column, top to bottom, left column first; lines that cross the gutter
 * (titles, full-width abstracts, figures' captions, page numbers) close the column block above
 * them. Without a gutter, lines are read top to bottom and their segments left to right.
 */
export function orderLines(lines: readonly Line[]): OrderedLine[] {
  const output: OrderedLine[] = [];
  let flow = 0;
  const emit = (subLines: SubLine[], depth: number): void => {
    const gutter = depth < MAX_DEPTH ? findGutter(subLines) : undefined;
    if (gutter === undefined) {
      for (const line of subLines) output.push(toOrdered(line, flow));
      flow += 1;
      return;
    }
    let left: SubLine[] = [];
    let right: SubLine[] = [];
    let full: SubLine[] = [];
    const flushColumns = () => {
      if (left.length > 0) emit(left, depth + 1);
      if (right.length > 0) emit(right, depth + 1);
      left = [];
      right = [];
    };
    const flushFull = () => {
      if (full.length === 0) return;
      for (const line of full) output.push(toOrdered(line, flow));
      flow += 1;
      full = [];
    };
    for (const line of subLines) {
      if (line.segments.some((segment) => crosses(segment, gutter))) {
        flushColumns();
        full.push(line);
        continue;
      }
      flushFull();
      const leftSegments = line.segments.filter((segment) => segment.x1 <= gutter);
      const rightSegments = line.segments.filter((segment) => segment.x0 >= gutter);
      if (leftSegments.length > 0) left.push(subLine(leftSegments));
      if (rightSegments.length > 0) right.push(subLine(rightSegments));
    }
    flushColumns();
    flushFull();
  };
  emit(
    lines.map((line) => ({ baseline: line.baseline, size: line.size, segments: line.segments })),
    0,
  );
  return output;
}

/** A part of a line: its baseline and size are its own segments', not the whole line's. */
function subLine(segments: Segment[]): SubLine {
  const largest = segments.reduce((best, segment) => (segment.size > best.size ? segment : best));
  return { baseline: largest.baseline, size: largest.size, segments };
}

function crosses(segment: Segment, gutter: number): boolean {
  return segment.x0 < gutter && segment.x1 > gutter;
}

/**
 * Finds the x of a column gutter: a position in the middle of the text that few segments cross
 * while enough lines have text wholly on each side. Returns undefined when the text is one column
 * (or a small table).
 */
export function findGutter(lines: readonly SubLine[]): number | undefined {
  const segments = lines.flatMap((line) => line.segments);
  if (lines.length < 6 || segments.length < 6) return undefined;
  const minX = Math.min(...segments.map((segment) => segment.x0));
  const maxX = Math.max(...segments.map((segment) => segment.x1));
  const width = maxX - minX;
  // Just past every segment's end and just before every start: columns whose baselines do not
  // line up never share a line, so gaps inside lines alone would miss them.
  const candidates = new Set<number>();
  for (const segment of segments) {
    candidates.add(Math.round(segment.x1 + 1));
    candidates.add(Math.round(segment.x0 - 1));
  }
  let best: { x: number; crossing: number; balance: number } | undefined;
  for (const x of candidates) {
    if (x < minX + 0.2 * width || x > minX + 0.8 * width) continue;
    let crossing = 0;
    let leftLines = 0;
    let rightLines = 0;
    for (const line of lines) {
      if (line.segments.some((segment) => crosses(segment, x))) crossing += 1;
      else {
        if (line.segments.some((segment) => segment.x1 <= x)) leftLines += 1;
        if (line.segments.some((segment) => segment.x0 >= x)) rightLines += 1;
      }
    }
    const sided = Math.min(leftLines, rightLines);
    // Columns: each side carries a real share of the lines, and crossing lines are the exception.
    if (sided < Math.max(3, 0.2 * lines.length) || crossing > 0.35 * (leftLines + rightLines)) continue;
    if (!best || crossing < best.crossing || (crossing === best.crossing && sided > best.balance)) best = { x, crossing, balance: sided };
  }
  return best?.x;
}

function toOrdered(line: SubLine, flow: number): OrderedLine {
  const first = line.segments[0];
  const last = line.segments.at(-1);
  return {
    text: line.segments
      .map((segment) => segment.text)
      .filter((text) => text.length > 0)
      .join(" "),
    baseline: line.baseline,
    x0: Math.min(...line.segments.map((segment) => segment.x0), first?.x0 ?? 0),
    x1: Math.max(...line.segments.map((segment) => segment.x1), last?.x1 ?? 0),
    size: line.size,
    flow,
  };
}
