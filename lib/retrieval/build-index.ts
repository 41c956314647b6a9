import type { Db } from "../../db/client";
import { getRetrievalIndex, stageRetrievalIndex, type RetrievalIndexRow } from "../../db/queries/retrieval";
import { PASSAGE_TOKENS, passageRanges } from "./passages";
import type { IndexableUnit } from "./search";
import { INDEX_VERSION } from "./search";
import { indexTerms } from "./terms";

/** Where a document's index build stands: passages made and written, of how many. */
export interface IndexProgress {
  /** "terms": cutting passages and making their terms; "write": writing them; "merge": merging the index. */
  stage: "terms" | "write" | "merge";
  passagesDone: number;
  passagesTotal: number;
}

export interface BuildOptions {
  /** Work this long at most before the event loop gets a turn, ms. */
  sliceMs?: number;
  /** Passages written per transaction. */
  batch?: number;
  now?: () => number;
  /** Gives the event loop its turn (default: a macrotask, so timers and I/O run). */
  yieldTurn?: () => Promise<void>;
}

const defaultYield = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Build {
  promise: Promise<RetrievalIndexRow>;
  progress: IndexProgress;
}

// One build per document per process, shared by every request that asks for it; on globalThis so
// Next's separate bundles share it.
const holder = globalThis as unknown as { __longdocIndexBuilds?: Map<string, Build> };
const builds = (holder.__longdocIndexBuilds ??= new Map<string, Build>());

/** The document's index if it is built and current, else null (nothing is started). */
export function currentRetrievalIndex(db: Db, { documentId }: { documentId: string }): RetrievalIndexRow | null {
  const row = getRetrievalIndex(db, { documentId });
  return row && row.version === INDEX_VERSION ? row : null;
}

/** The progress of a build running in this process for the document, or null. */
export function indexBuildProgress(documentId: string): IndexProgress | null {
  return builds.get(documentId)?.progress ?? null;
}

/**
 * The document's current index, built when it has none: in slices that give the event loop a turn
 * every few milliseconds (terms a passage at a time, rows written a batch per transaction into a
 * staging table, segments merged a step at a time, then one short transaction makes it the
 * document's index), so a 16.7 M-token document's first question no longer holds every other
 * request for the whole build. Calls for a document already building share that build.
 */
export function buildRetrievalIndex(db: Db, { documentId, units }: { documentId: string; units: IndexableUnit[] }, options: BuildOptions = {}): Promise<RetrievalIndexRow> {
  const current = currentRetrievalIndex(db, { documentId });
  if (current) return Promise.resolve(current);
  const running = builds.get(documentId);
  if (running) return running.promise;
  const progress: IndexProgress = { stage: "terms", passagesDone: 0, passagesTotal: 0 };
  const promise = runBuild(db, { documentId, units }, progress, options).finally(() => builds.delete(documentId));
  builds.set(documentId, { promise, progress });
  return promise;
}

async function runBuild(db: Db, { documentId, units }: { documentId: string; units: IndexableUnit[] }, progress: IndexProgress, options: BuildOptions): Promise<RetrievalIndexRow> {
  const sliceMs = options.sliceMs ?? 8;
  const batch = options.batch ?? 500;
  const now = options.now ?? (() => performance.now());
  const yieldTurn = options.yieldTurn ?? defaultYield;
  const started = now();
  let sliceStart = now();
  const maybeYield = async () => {
    if (now() - sliceStart < sliceMs) return;
    await yieldTurn();
    sliceStart = now();
  };

  const ranges = [];
  for (const unit of units) {
    for (const [index, range, parts] of passageRanges(unit.text, unit.tokens, PASSAGE_TOKENS).map((range, index, all) => [index, range, all.length] as const)) {
      ranges.push({ unit, range, part: index + 1, parts });
    }
    await maybeYield();
  }
  progress.passagesTotal = ranges.length;

  const stage = stageRetrievalIndex(db, { documentId });
  try {
    let rows = [];
    for (const { unit, range, part, parts } of ranges) {
      rows.push({ terms: indexTerms(unit.text.slice(range.start, range.end), { numberedLines: unit.kind === "file" }), ordinal: unit.ordinal, start: range.start, end: range.end, part, parts });
      if (rows.length >= batch) {
        progress.stage = "write";
        stage.write(rows);
        progress.passagesDone += rows.length;
        rows = [];
      }
      await maybeYield();
    }
    stage.write(rows);
    progress.passagesDone += rows.length;
    progress.stage = "merge";
    while (stage.mergeStep()) await yieldTurn();
    return stage.publish({ version: INDEX_VERSION, passageCount: ranges.length, buildMs: Math.round(now() - started), isCurrent: (row) => row.version === INDEX_VERSION });
  } catch (error) {
    stage.discard();
    throw error;
  }
}
