import type { SourceDocument, ExtractProgress } from "../types";
import { type CountDeps, countFiles, defaultCountDeps } from "./count-files";
import { measureFacts } from "./facts";
import { filterEntries } from "./filter-entries";
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
  filter: typeof filterEntries;
  count: (files: readonly TextFile[], onProgress?: (progress: ExtractProgress) => void) => Promise<CountedFile[]>;
  measure: typeof measureFacts;
}

export function defaultIngestDeps(countDeps: CountDeps = defaultCountDeps()): IngestDeps {
  return { filter: filterEntries, count: (files, onProgress) => countFiles(files, countDeps, onProgress), measure: measureFacts };
}

export type CodebaseSource = "zip" | "tar" | "tar.gz" | "directory" | "files";

export interface IngestContext {
  name: string;
  source: CodebaseSource;
  policy: PathPolicy;
  limits: CodebaseLimits;
  /** Milliseconds the collect stage took. */
  collectMs: number;
  onProgress?: (progress: ExtractProgress) => void;
}

/** How units carry their text: every line as `${number}\t${line}` (see number-lines.ts). */
export const LINE_NUMBER_FORMAT = "tab";

export async function ingestCollected(collected: CollectResult, context: IngestContext, deps: IngestDeps = defaultIngestDeps()): Promise<SourceDocument> {
  let started = performance.now();
  const { files, skipped: filterSkips } = deps.filter(collected.entries, context.policy, context.limits);
  const filterMs = Math.round(performance.now() - started);

  started = performance.now();
  const counted = await deps.count(files, context.onProgress);
  const countMs = Math.round(performance.now() - started);

  started = performance.now();
  const skipped = summarizeSkips([...collected.skipped, ...filterSkips]);
  const facts = deps.measure(counted, skipped.length);
  const tree = folderTree(counted);
  const factsMs = Math.round(performance.now() - started);

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
      timingsMs: { collect: Math.round(context.collectMs), filter: filterMs, count: countMs, facts: factsMs },
      warnings,
    },
  };
}
