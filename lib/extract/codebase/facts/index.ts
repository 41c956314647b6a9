import type { CountedFile } from "../types";
import { findEntryPoints } from "./entry-points";
import { languageOf } from "./languages";
import { readManifests } from "./manifests";
import { type MarkerTally, countMarkers, countMarkersInSlices } from "./markers";
import { isFixture, isTestFile } from "./test-files";
import type { CodebaseFacts, LanguageStat } from "./types";

const LARGEST_FILES = 15;

/**
 * Measures `meta.facts` from the included files (raw text, not the numbered prompt form).
 * `markers` can be found beforehand (countMarkersInSlices, the one pass over every file's text).
 */
export function measureFacts(files: readonly CountedFile[], skippedCount: number, markers: MarkerTally = countMarkers(files)): CodebaseFacts {
  const languages = new Map<string, LanguageStat>();
  const tests = { testFiles: 0, testLines: 0, sourceFiles: 0, sourceLines: 0 };
  let lines = 0;
  let tokens = 0;
  let bytes = 0;
  for (const file of files) {
    lines += file.lines;
    tokens += file.tokens;
    bytes += file.bytes;
    const language = languageOf(file.path);
    const stat = languages.get(language.name) ?? { language: language.name, kind: language.kind, files: 0, lines: 0, tokens: 0 };
    stat.files += 1;
    stat.lines += file.lines;
    stat.tokens += file.tokens;
    languages.set(language.name, stat);
    // Fixtures and snapshots are data, whichever folder they sit in: they count as neither side.
    if (language.kind !== "code" || isFixture(file.path)) continue;
    if (isTestFile(file.path)) {
      tests.testFiles += 1;
      tests.testLines += file.lines;
    } else {
      tests.sourceFiles += 1;
      tests.sourceLines += file.lines;
    }
  }
  return {
    files: { included: files.length, skipped: skippedCount, lines, tokens, bytes },
    languages: [...languages.values()].sort((a, b) => b.lines - a.lines || (a.language < b.language ? -1 : 1)),
    largestFiles: [...files]
      .sort((a, b) => b.tokens - a.tokens || (a.path < b.path ? -1 : 1))
      .slice(0, LARGEST_FILES)
      .map(({ path, tokens: fileTokens, lines: fileLines }) => ({ path, tokens: fileTokens, lines: fileLines })),
    manifests: readManifests(files),
    markers,
    tests,
    entryPoints: findEntryPoints(files),
  };
}

/** measureFacts for the server: the marker search gives the event loop turns (markers.ts). */
export async function measureFactsInSlices(files: readonly CountedFile[], skippedCount: number): Promise<CodebaseFacts> {
  return measureFacts(files, skippedCount, await countMarkersInSlices(files));
}
