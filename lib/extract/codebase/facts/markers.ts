import { eventLoopSlices } from "../event-loop-slices";
import { languageOf } from "./languages";
import type { MarkerKind, MarkerLocation } from "./types";

/**
 * TODO / FIXME / HACK markers: counts, and the first few with their `path:line`. Upper case, as
 * the convention is, and in code only inside a comment (`// TODO`, `# FIXME`, `/* HACK`, `-- TODO`,
 * `<!-- TODO`), so an identifier or a string that spells the word is not a marker. In docs and
 * plain text every occurrence counts.
 */
const MARKER = /\b(TODO|FIXME|HACK)\b/g;
const COMMENT_OPENER = /\/\/|#|\/\*|^[ \t]*\*|<!--|--|^[ \t]*;|^[ \t]*%|\bREM\b/;
const MAX_LOCATIONS = 20;
const MAX_TEXT = 160;

export function countMarkers(files: ReadonlyArray<{ path: string; text: string }>): MarkerTally {
  const tally = emptyTally();
  for (const file of files) addMarkers(file, tally);
  return tally;
}

/** countMarkers for the server: searching every file is tens of milliseconds, so it yields between files (event-loop-slices.ts). */
export async function countMarkersInSlices(files: ReadonlyArray<{ path: string; text: string }>): Promise<MarkerTally> {
  const tally = emptyTally();
  const breathe = eventLoopSlices();
  for (const file of files) {
    await breathe();
    addMarkers(file, tally);
  }
  return tally;
}

export interface MarkerTally {
  counts: Record<MarkerKind, number>;
  locations: MarkerLocation[];
}

const emptyTally = (): MarkerTally => ({ counts: { TODO: 0, FIXME: 0, HACK: 0 }, locations: [] });

function addMarkers(file: { path: string; text: string }, { counts, locations }: MarkerTally): void {
  if (!/TODO|FIXME|HACK/.test(file.text)) return;
  const anywhere = languageOf(file.path).kind === "docs";
  file.text.split("\n").forEach((line, index) => {
    // Where the line's comment starts, found once: testing the text before every match would be quadratic on long lines.
    const comment = anywhere ? 0 : line.search(COMMENT_OPENER);
    if (comment < 0) return;
    let first = true;
    for (const match of line.matchAll(MARKER)) {
      if (match.index < comment) continue;
      const kind = match[1] as MarkerKind;
      counts[kind] += 1;
      if (first && locations.length < MAX_LOCATIONS) locations.push({ path: file.path, line: index + 1, kind, text: line.trim().slice(0, MAX_TEXT) });
      first = false;
    }
  });
}
