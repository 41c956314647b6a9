import type { Fragment } from "./fragments";

/** A stretch of a line with no wide gap in it: a column's part of the line, or a table cell. */
export interface Segment {
  text: string;
  x0: number;
  x1: number;
  /** Baseline of the segment's largest text (a column's line may sit a little off its neighbour's). */
  baseline: number;
  /** Largest font size in the segment, in points. */
  size: number;
}

/** A visual line: fragments sharing a baseline, split into segments at wide gaps. */
export interface Line {
  baseline: number;
  /** Largest font size on the line, in points. */
  size: number;
  segments: Segment[];
}

/** Baselines closer than this share a line (fraction of the font size). */
const SAME_LINE = 0.4;
/** A horizontal gap wider than this starts a new segment (fraction of the font size). */
const SEGMENT_GAP = 1.25;

const CJK = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/;
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/g;
const WHITESPACE = /\s/;

/** Groups fragments (content-stream order) into lines, top to bottom. */
export function buildLines(fragments: readonly Fragment[]): Line[] {
  const clusters: { baseline: number; size: number; fragments: Fragment[] }[] = [];
  for (const run of chainRuns(fragments).sort((a, b) => a.baseline - b.baseline)) {
    const last = clusters.at(-1);
    if (last && Math.abs(run.baseline - last.baseline) <= SAME_LINE * Math.max(last.size, run.size)) {
      last.fragments.push(...run.fragments);
      if (run.size > last.size) {
        last.size = run.size;
        last.baseline = run.baseline;
      }
    } else {
      clusters.push({ baseline: run.baseline, size: run.size, fragments: [...run.fragments] });
    }
  }
  return clusters.map((cluster) => ({ baseline: cluster.baseline, size: cluster.size, segments: toSegments(cluster.fragments) }));
}

interface Run {
  baseline: number;
  size: number;
  fragments: Fragment[];
}

/**
 * Chains fragments drawn one after another on the same line, so a superscript or subscript
 * (drawn right after its base with a text rise) stays on its base's line even when the rise is
 * larger than the same-line tolerance. The run's baseline is its largest fragment's.
 */
function chainRuns(fragments: readonly Fragment[]): Run[] {
  const runs: Run[] = [];
  let current: Run | undefined;
  let previous: Fragment | undefined;
  for (const fragment of fragments) {
    const size = Math.max(fragment.size, previous?.size ?? 0);
    // Into or out of a smaller script the baseline may jump by up to a line height.
    const script = previous !== undefined && Math.min(fragment.size, previous.size) < 0.85 * size;
    const continues =
      current !== undefined &&
      previous !== undefined &&
      fragment.x0 - previous.x1 >= -0.5 * size &&
      fragment.x0 - previous.x1 <= 0.6 * size &&
      Math.abs(fragment.baseline - previous.baseline) <= (script ? 1.1 : 0.75) * size;
    if (current && continues) {
      current.fragments.push(fragment);
      if (fragment.size > current.size) {
        current.size = fragment.size;
        current.baseline = fragment.baseline;
      }
    } else {
      current = { baseline: fragment.baseline, size: fragment.size, fragments: [fragment] };
      runs.push(current);
    }
    previous = fragment;
  }
  return runs;
}

function toSegments(fragments: Fragment[]): Segment[] {
  const sorted = [...fragments].sort((a, b) => a.x0 - b.x0);
  const segments: { x0: number; x1: number; parts: Fragment[] }[] = [];
  for (const fragment of sorted) {
    const last = segments.at(-1);
    if (last && fragment.x0 - last.x1 <= SEGMENT_GAP * fragment.size) {
      last.parts.push(fragment);
      last.x1 = Math.max(last.x1, fragment.x1);
    } else {
      segments.push({ x0: fragment.x0, x1: fragment.x1, parts: [fragment] });
    }
  }
  const rightToLeft = isRightToLeft(sorted);
  const ordered = rightToLeft ? segments.reverse() : segments;
  return ordered.map((segment) => {
    const largest = segment.parts.reduce((best, part) => (part.size > best.size ? part : best));
    return {
      x0: segment.x0,
      x1: segment.x1,
      baseline: largest.baseline,
      size: largest.size,
      text: joinFragments(rightToLeft ? [...segment.parts].reverse() : segment.parts, rightToLeft),
    };
  });
}

/** Joins a segment's fragments, adding a space where the gap is a word gap and none is drawn. */
function joinFragments(fragments: Fragment[], rightToLeft: boolean): string {
  let text = "";
  let previous: Fragment | undefined;
  // Right to left, a space drawn after a run (visually to its right) belongs before it.
  const parts = rightToLeft ? fragments.map((part) => (/\s$/.test(part.text) ? { ...part, text: ` ${part.text.trimEnd()}` } : part)) : fragments;
  for (const part of parts) {
    if (previous) {
      // Fake bold: the same text drawn twice, slightly offset.
      if (part.text === previous.text && Math.abs(part.x0 - previous.x0) < 0.3 * part.size) continue;
      const gap = rightToLeft ? previous.x0 - part.x1 : part.x0 - previous.x1;
      const cjk = CJK.test(text.at(-1) ?? "") && CJK.test(part.text[0] ?? "");
      const spaced = WHITESPACE.test(text.at(-1) ?? "") || WHITESPACE.test(part.text[0] ?? "");
      if (!spaced && gap > (cjk ? 0.5 : 0.15) * Math.min(part.size, previous.size)) text += " ";
    }
    text += part.text;
    previous = part;
  }
  return text.replace(/\s+/g, " ").trim();
}

/** A line is right-to-left when most of its strong letters are Hebrew or Arabic. */
function isRightToLeft(fragments: Fragment[]): boolean {
  let rtl = 0;
  let letters = 0;
  for (const fragment of fragments) {
    rtl += fragment.text.match(RTL)?.length ?? 0;
    letters += fragment.text.match(/\p{L}/gu)?.length ?? 0;
  }
  return rtl > 0 && rtl * 2 > letters;
}
