import type { MarkerKind, MarkerLocation } from "./types";

/** TODO / FIXME / HACK markers: counts, and the first few with their `path:line`. Upper case only, as the convention is. */
const MARKER = /\b(TODO|FIXME|HACK)\b/g;
const MAX_LOCATIONS = 20;
const MAX_TEXT = 160;

export function countMarkers(files: ReadonlyArray<{ path: string; text: string }>): { counts: Record<MarkerKind, number>; locations: MarkerLocation[] } {
  const counts: Record<MarkerKind, number> = { TODO: 0, FIXME: 0, HACK: 0 };
  const locations: MarkerLocation[] = [];
  for (const file of files) {
    if (!/TODO|FIXME|HACK/.test(file.text)) continue;
    const lines = file.text.split("\n");
    lines.forEach((line, index) => {
      for (const match of line.matchAll(MARKER)) {
        const kind = match[1] as MarkerKind;
        counts[kind] += 1;
        if (locations.length < MAX_LOCATIONS && match.index === line.search(MARKER)) {
          locations.push({ path: file.path, line: index + 1, kind, text: line.trim().slice(0, MAX_TEXT) });
        }
      }
    });
  }
  return { counts, locations };
}
