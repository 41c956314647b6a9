import type { SourceDocument, ExtractProgress } from "../types";
import { type CountDeps, countFiles, defaultCountDeps, inflateDefault } from "./count-files";
import { measureFacts, measureFactsInSlices } from "./facts";
import type { CodebaseFacts } from "./facts/types";
import { type FilterResult, filterEntries, filterEntriesInSlices } from "./filter-entries";
import type { InflateMany } from "./inflate-entry";
import { folderTree } from "./folder-tree";
import type { PathPolicy } from "./path-policy";
import { summarizeSkips } from "./summarize-skips";
import type { CodebaseLimits, CollectResult, CountedFile, TextFile } from "./types";
import { formatNumber } from "./format-numbers";

/**
 * filter → process + count → facts, after a collect stage. Each stage is a dependency with a
 * default, so a test can swap one (a fake counter) and keep the rest real.
 */
export interface IngestDeps {
  filter: (...args: Parameters<typeof filterEntries>) => FilterResult | Promise<FilterResult>;
  count: (files: readonly TextFile[], onProgress?: (progress: ExtractProgress) => void) => Promise<CountedFile[]>;
  measure: (...args: Parameters<typeof measureFacts>) => CodebaseFacts | Promise<CodebaseFacts>;
  /** Called before the collect stage with the input's size when known (see CountDeps.prepare). */
  prepare?: (inputBytes: number | null) => void;
  /** Inflates a zip's entries (default: the worker pool's threads once a large upload started them). */
  inflate?: InflateMany;
}

/**
 * The stages as the server and the CLI run them: every pass over the whole repository either
 * runs on the worker pool (inflate, number, count) or gives the event loop turns (filter,
 * hashing, facts), so a large upload never holds the server's main thread for long.
 */
export function defaultIngestDeps(countDeps: CountDeps = defaultCountDeps()): IngestDeps {
  return { filter: filterEntriesInSlices, count: (files, onProgress) => countFiles(files, countDeps, onProgress), measure: measureFactsInSlices, prepare: countDeps.prepare, inflate: inflateDefault };
}

export type CodebaseSource = "zip" | "tar" | "tar.gz" | "directory" | "files";

export interface IngestContext {
  name: string;
  source: CodebaseSource;
  policy: PathPolicy;
  limits: CodebaseLimits;
  /** Milliseconds the collect stage took: wall clock, and CPU of the whole process. */
  collectMs: number;
  collectCpuMs: number;
  onProgress?: (progress: ExtractProgress) => void;
}

/** How units carry their text: every line as `${number}\t${line}` (see number-lines.ts). */
export const LINE_NUMBER_FORMAT = "tab";

export async function ingestCollected(collected: CollectResult, context: IngestContext, deps: IngestDeps = defaultIngestDeps()): Promise<SourceDocument> {
  const clock = stopwatch();
  const { files, skipped: filterSkips } = await deps.filter(collected.entries, context.policy, context.limits);
  const filterLap = clock.lap();
  const counted = await deps.count(files, context.onProgress);
  const countLap = clock.lap();
  const skipped = summarizeSkips([...collected.skipped, ...filterSkips]);
  const facts = await deps.measure(counted, skipped.length);
  // The facts' last pass and the tree are each ~10 ms on a large repository: not back to back.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const tree = folderTree(counted);
  await new Promise<void>((resolve) => setImmediate(resolve));
  const factsLap = clock.lap();

  const warnings = [...context.policy.warnings];
  if (counted.length === 0) warnings.push(`No reviewable text files were found: all ${formatNumber(skipped.length)} entries were skipped (see the list of skipped files for why).`);
  return {
    name: context.name,
    kind: "codebase",
    units: counted.map((file) => ({ kind: "file", label: file.path, text: file.numbered, tokens: file.tokens })),
    skipped,
    totalTokens: counted.reduce((sum, file) => sum + file.tokens, 0),
    meta: {
      source: context.source,
      lineNumbers: LINE_NUMBER_FORMAT,
      facts,
      tree,
      unpackedBytes: collected.unpackedBytes,
      timingsMs: { collect: Math.round(context.collectMs), filter: filterLap.wallMs, count: countLap.wallMs, facts: factsLap.wallMs },
      cpuMs: { collect: Math.round(context.collectCpuMs), filter: filterLap.cpuMs, count: countLap.cpuMs, facts: factsLap.cpuMs },
      warnings,
    },
  };
}

/** Wall and process CPU time between laps, in whole milliseconds (CPU includes worker threads). */
export function stopwatch(): { lap: () => { wallMs: number; cpuMs: number } } {
  let wall = performance.now();
  let cpu = process.cpuUsage();
  return {
    lap() {
      const wallMs = Math.round(performance.now() - wall);
      const used = process.cpuUsage(cpu);
      wall = performance.now();
      cpu = process.cpuUsage();
      return { wallMs, cpuMs: Math.round((used.user + used.system) / 1000) };
    },
  };
}
