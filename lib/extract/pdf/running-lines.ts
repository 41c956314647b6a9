import type { OrderedLine } from "./reading-order";

/** How many distinct baselines at the top and at the bottom of a page can hold running lines. */
const ZONE_LINES = 2;
/** Baselines closer than this (points) are the same row of the page. */
const SAME_ROW = 1;

const ROMAN = "(?=[mdclxvi])m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})";
const PAGE_NUMBER = new RegExp(`^(?:page|p\\.|pg\\.?|seite|第)?\\s*[-–—(\\[]?\\s*(?:\\d{1,5}|${ROMAN})\\s*[-–—)\\]]?\\s*(?:(?:of|/|de|von|sur)\\s*\\d{1,5})?\\s*(?:页|頁)?$`, "i");
const ROMAN_WORD = new RegExp(`^${ROMAN}$`, "i");

/**
 * Removes running headers, footers and page numbers: lines in the top or bottom rows of a page
 * whose text (digits and roman numerals ignored, so "12 FREE CULTURE" matches "14 FREE CULTURE")
 * repeats on enough pages, and lone page numbers in those rows. Needs two pages at least: on one
 * page nothing "runs". Returns new arrays; the count of removed lines is for the document's meta.
 */
export function removeRunningLines(pages: readonly (readonly OrderedLine[])[]): { pages: OrderedLine[][]; removed: number } {
  const withText = pages.filter((lines) => lines.length > 0).length;
  if (withText < 2) return { pages: pages.map((lines) => [...lines]), removed: 0 };
  // Short documents: a running line is on every page. Longer ones: on three pages at least
  // (books alternate the title and the chapter on facing pages, chapters are short).
  const minPages = withText <= 3 ? withText : 3;

  const zones = pages.map(zoneLines);
  const pagesPerKey = new Map<string, number>();
  for (const zone of zones) {
    const keys = new Set([...zone.entries()].map(([line, where]) => `${where}:${normalize(line.text)}`));
    for (const key of keys) pagesPerKey.set(key, (pagesPerKey.get(key) ?? 0) + 1);
  }

  let removed = 0;
  const result = pages.map((lines, index) => {
    const zone = zones[index];
    const kept = lines.filter((line) => {
      const where = zone?.get(line);
      if (!where) return true;
      const key = normalize(line.text);
      const running = key.length > 0 && (pagesPerKey.get(`${where}:${key}`) ?? 0) >= minPages;
      return !running && !PAGE_NUMBER.test(line.text.trim());
    });
    // A page that is nothing but a "running" line is the title page (or a part title) whose
    // words the running header repeats: it keeps them. A lone page number is still dropped.
    if (kept.length === 0 && lines.some((line) => !PAGE_NUMBER.test(line.text.trim()))) return [...lines];
    removed += lines.length - kept.length;
    return kept;
  });
  return { pages: result, removed };
}

/** The lines in a page's top and bottom rows, with the zone they are in. */
function zoneLines(lines: readonly OrderedLine[]): Map<OrderedLine, "top" | "bottom"> {
  const zone = new Map<OrderedLine, "top" | "bottom">();
  if (lines.length === 0) return zone;
  const rows = distinctRows(lines.map((line) => line.baseline));
  const top = rows.slice(0, ZONE_LINES);
  const bottom = rows.slice(-ZONE_LINES);
  for (const line of lines) {
    if (bottom.some((row) => Math.abs(row - line.baseline) <= SAME_ROW)) zone.set(line, "bottom");
    if (top.some((row) => Math.abs(row - line.baseline) <= SAME_ROW)) zone.set(line, "top");
  }
  return zone;
}

function distinctRows(baselines: number[]): number[] {
  const rows: number[] = [];
  for (const baseline of [...baselines].sort((a, b) => a - b)) {
    const last = rows.at(-1);
    if (last === undefined || baseline - last > SAME_ROW) rows.push(baseline);
  }
  return rows;
}

/** The comparable form of a line: case, spacing, numbers and roman numerals do not matter. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, "#")
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => (ROMAN_WORD.test(word) ? "#" : word))
    .join(" ");
}
