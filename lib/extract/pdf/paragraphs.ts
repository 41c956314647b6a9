import type { OrderedLine } from "./reading-order";

/** A vertical gap this many times the flow's usual line spacing separates paragraphs. */
const PARAGRAPH_GAP = 1.6;
/** A line reaching this close to its flow's right edge (in font sizes) continues on the next. */
const FULL_LINE_SLACK = 2;

const CJK = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/;
/** A word broken at the line end: letter + hyphen (or a soft hyphen, which is never printed). */
const HYPHEN_END = /(\p{L})[-\u2010]$/u;
const LIST_START = /^([•▪◦‣·*–—-]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\[\d+\])\s/u;

/**
 * Rebuilds a page's text from its lines in reading order: lines of a paragraph are joined (with
 * a space, or nothing between CJK characters), words hyphenated at a line end are joined again,
 * paragraphs are separated by a blank line. A line that stops short of its column's right edge
 * keeps its line break, so addresses, lists, verse and table rows stay one per line.
 */
export function buildPageText(lines: readonly OrderedLine[]): string {
  const spacing = lineSpacingByFlow(lines);
  const rightEdge = edgeByFlow(lines, (line) => line.x1, 0.9);
  const leftEdge = edgeByFlow(lines, (line) => line.x0, 0.1);
  let text = "";
  let previous: OrderedLine | undefined;
  for (const line of lines) {
    if (line.text.length === 0) continue;
    if (!previous) {
      text = line.text;
      previous = line;
      continue;
    }
    text = join(text, line, separator(previous, line, { spacing, rightEdge, leftEdge }));
    previous = line;
  }
  return text;
}

type Separator = "paragraph" | "line" | "continue";

interface FlowShape {
  spacing: Map<number, number>;
  rightEdge: Map<number, number>;
  leftEdge: Map<number, number>;
}

function separator(previous: OrderedLine, line: OrderedLine, shape: FlowShape): Separator {
  if (line.flow === previous.flow) {
    const gap = line.baseline - previous.baseline;
    const usual = shape.spacing.get(line.flow) ?? previous.size * 1.2;
    if (gap > PARAGRAPH_GAP * usual || gap < 0) return "paragraph";
    if (Math.abs(line.size - previous.size) > 1.5) return "line";
  }
  if (LIST_START.test(line.text)) return "line";
  if (previous.text.endsWith("\u00AD")) return "continue";
  const full = previous.x1 >= (shape.rightEdge.get(previous.flow) ?? previous.x1) - FULL_LINE_SLACK * previous.size;
  const broken = HYPHEN_END.test(previous.text) && /^\p{Ll}/u.test(line.text);
  if (full || broken) return "continue";
  // A short line followed by an indented one: the usual end of a paragraph in books and papers.
  const indent = line.x0 - (shape.leftEdge.get(line.flow) ?? line.x0);
  return indent > 0.8 * line.size && indent < 8 * line.size ? "paragraph" : "line";
}

function join(text: string, line: OrderedLine, how: Separator): string {
  if (how === "paragraph") return `${stripSoftHyphen(text)}\n\n${line.text}`;
  if (how === "line") return `${stripSoftHyphen(text)}\n${line.text}`;
  if (text.endsWith("\u00AD")) return text.slice(0, -1) + line.text;
  if (HYPHEN_END.test(text) && /^\p{Ll}/u.test(line.text)) return text.slice(0, -1) + line.text;
  const cjk = CJK.test(text.at(-1) ?? "") || CJK.test(line.text[0] ?? "");
  return cjk ? text + line.text : `${text} ${line.text}`;
}

function stripSoftHyphen(text: string): string {
  return text.endsWith("\u00AD") ? text.slice(0, -1) : text;
}

/** The median distance between consecutive baselines of each flow, in points. */
function lineSpacingByFlow(lines: readonly OrderedLine[]): Map<number, number> {
  const gaps = new Map<number, number[]>();
  for (let index = 1; index < lines.length; index += 1) {
    const previous = lines[index - 1];
    const line = lines[index];
    if (!previous || !line || previous.flow !== line.flow) continue;
    const gap = line.baseline - previous.baseline;
    if (gap <= 0.5 * line.size) continue;
    const values = gaps.get(line.flow);
    if (values) values.push(gap);
    else gaps.set(line.flow, [gap]);
  }
  const result = new Map<number, number>();
  for (const [flow, values] of gaps) {
    const sorted = values.sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    if (median !== undefined) result.set(flow, median);
  }
  return result;
}

/** An edge of each flow's text: a percentile of line starts or ends, robust to one odd line. */
function edgeByFlow(lines: readonly OrderedLine[], value: (line: OrderedLine) => number, percentile: number): Map<number, number> {
  const values = new Map<number, number[]>();
  for (const line of lines) {
    const list = values.get(line.flow);
    if (list) list.push(value(line));
    else values.set(line.flow, [value(line)]);
  }
  const result = new Map<number, number>();
  for (const [flow, list] of values) {
    const sorted = list.sort((a, b) => a - b);
    const edge = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * percentile))];
    if (edge !== undefined) result.set(flow, edge);
  }
  return result;
}
