import type { RawPage, RawTextItem } from "./worker-messages";

/**
 * A run of text placed in its line frame: `x` grows along the line (reading direction), `baseline`
 * grows down the page (towards the next line). All in points. For ordinary text that is x and
 * "y from the top"; for vertical Japanese it is "down the column" and "columns right to left".
 */
export interface Fragment {
  text: string;
  x0: number;
  x1: number;
  baseline: number;
  /** Font size in points. */
  size: number;
}

/** Fragments of one writing direction, in content-stream order. */
export interface FragmentGroup {
  /** Quarter turns of the reading direction (0 = left to right, 3 = top to bottom). */
  turns: number;
  fragments: Fragment[];
  /** Characters in the group: the dominant direction is read first. */
  chars: number;
}

/** Reading-direction unit vectors (PDF space, y up) and the next-line direction for each turn. */
const DIRECTIONS = [
  { along: [1, 0], across: [0, -1] },
  { along: [0, 1], across: [1, 0] },
  { along: [-1, 0], across: [0, 1] },
  { along: [0, -1], across: [-1, 0] },
] as const;

/**
 * Projects pdf.js text items into line frames, one group per writing direction, the direction
 * with most text first. Rotated pages, rotated text and vertical writing all become "lines top
 * to bottom, text left to right" for the layout code. Items far outside the page are dropped:
 * off-page text is invisible to a reader.
 */
export function toFragmentGroups(page: RawPage): FragmentGroup[] {
  const groups = new Map<number, FragmentGroup>();
  for (const item of page.items) {
    if (!isOnPage(item, page.view)) continue;
    const placed = place(item);
    if (!placed) continue;
    let group = groups.get(placed.turns);
    if (!group) {
      group = { turns: placed.turns, fragments: [], chars: 0 };
      groups.set(placed.turns, group);
    }
    group.fragments.push(placed.fragment);
    group.chars += item.str.length;
  }
  return [...groups.values()].sort((a, b) => b.chars - a.chars || a.turns - b.turns);
}

function place(item: RawTextItem): { turns: number; fragment: Fragment } | undefined {
  const [a, b, c, d, e, f] = item.transform as [number, number, number, number, number, number];
  // Vertical writing advances along the text matrix's -y; horizontal along its x.
  const [dx, dy] = item.vertical ? [-c, -d] : [a, b];
  const size = item.vertical ? Math.hypot(a, b) : Math.hypot(c, d);
  if (!Number.isFinite(dx) || !Number.isFinite(dy) || !Number.isFinite(e) || !Number.isFinite(f) || (dx === 0 && dy === 0)) return undefined;
  const turns = (((Math.round(Math.atan2(dy, dx) / (Math.PI / 2)) % 4) + 4) % 4) as 0 | 1 | 2 | 3;
  const { along, across } = DIRECTIONS[turns];
  const x0 = e * along[0] + f * along[1];
  const advance = Math.abs(item.vertical ? item.height : item.width);
  const safeSize = Number.isFinite(size) && size > 0.1 ? size : 1;
  return {
    turns,
    fragment: {
      text: item.str,
      x0,
      x1: x0 + (advance > 0 ? advance : item.str.length * safeSize * 0.5),
      baseline: e * across[0] + f * across[1],
      size: safeSize,
    },
  };
}

function isOnPage(item: RawTextItem, view: number[]): boolean {
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = view;
  const e = item.transform[4] ?? 0;
  const f = item.transform[5] ?? 0;
  const margin = Math.max(36, Math.abs(item.transform[3] ?? 0) * 2);
  return e >= Math.min(x0, x1) - margin && e <= Math.max(x0, x1) + margin && f >= Math.min(y0, y1) - margin && f <= Math.max(y0, y1) + margin;
}
