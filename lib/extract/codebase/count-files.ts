import { countTokens as countQwen3Tokens } from "../../tokens";
import type { ExtractProgress } from "../types";
import { sharedCountPool } from "./count-pool";
import { eventLoopSlices } from "./event-loop-slices";
import { type InflateMany, inflateInThread } from "./inflate-entry";
import { numberLines } from "./number-lines";
import { TokenCache, sharedTokenCache } from "./token-cache";
import type { CountedFile, TextFile } from "./types";

export interface CountDeps {
  /** Exact tokens of many texts, in order; may use worker threads. `onCounted` gets how many are done so far. */
  countMany: (texts: readonly string[], onCounted?: (done: number) => void) => Promise<number[]>;
  cache: TokenCache;
  /**
   * Numbers the lines of many raw texts (number-lines.ts) and counts the numbered texts, in order;
   * without it countFiles numbers on the calling thread and uses `countMany`.
   */
  countNumbered?: (texts: readonly string[], onCounted?: (done: number) => void) => Promise<{ counts: number[]; numbered: string[] }>;
  /**
   * Called as an ingest starts, before its input is read, with the input's size in bytes when
   * known (an archive, uploaded files; null for a folder): lets `countMany` start its workers
   * while the input is unpacked.
   */
  prepare?: (inputBytes: number | null) => void;
}

/**
 * Texts of at least this many characters are counted on the worker threads when they are not
 * already running (once running, they are used for any size). Below it, starting threads costs
 * more than it saves (measured: docs/benchmarks/codebase.md); the text is counted on the
 * calling thread, a slice at a time. Inputs of PRESTART_MIN_BYTES or more start the threads
 * before they are unpacked, hiding the start-up.
 */
export const PARALLEL_MIN_CHARS = 4 * 1024 * 1024;
/** An input of at least this many bytes starts the workers as the ingest begins: an archive of 1 MB holds ~4 MB of source text. */
export const PRESTART_MIN_BYTES = 1024 * 1024;

const poolFor = (texts: readonly string[]) => {
  const pool = sharedCountPool();
  return pool.started || texts.reduce((sum, text) => sum + text.length, 0) >= PARALLEL_MIN_CHARS ? pool : null;
};

/** Counts on the calling thread, yielding to the event loop between texts every few milliseconds. */
async function countHere(texts: readonly string[], number: boolean, onCounted?: (done: number) => void): Promise<{ counts: number[]; numbered: string[] }> {
  const breathe = eventLoopSlices();
  const counts: number[] = [];
  const numbered: string[] = [];
  for (const text of texts) {
    await breathe();
    const counted = number ? numberLines(text) : text;
    if (number) numbered.push(counted);
    counts.push(countQwen3Tokens(counted));
    onCounted?.(counts.length);
  }
  return { counts, numbered };
}

/** Counts on the process's worker pool for large inputs (or when it already runs), else here. */
export async function countManyDefault(texts: readonly string[], onCounted?: (done: number) => void): Promise<number[]> {
  const pool = poolFor(texts);
  return pool ? pool.count(texts, onCounted) : (await countHere(texts, false, onCounted)).counts;
}

/** countManyDefault for raw texts: each counting thread numbers the lines of the texts it counts. */
export async function countNumberedDefault(texts: readonly string[], onCounted?: (done: number) => void): Promise<{ counts: number[]; numbered: string[] }> {
  const pool = poolFor(texts);
  return pool ? pool.countNumbered(texts, onCounted) : countHere(texts, true, onCounted);
}

/** Starts the pool's workers for a large input so they are ready when unpacking and counting begin. */
export function prepareDefault(inputBytes: number | null): void {
  if (inputBytes !== null && inputBytes >= PRESTART_MIN_BYTES) sharedCountPool().prestart();
}

/** Inflates on the pool's threads when they run (a large upload started them), else here a slice at a time. */
export const inflateDefault: InflateMany = (items) => {
  const pool = sharedCountPool();
  return pool.started ? pool.inflate(items) : inflateInThread(items);
};

export const defaultCountDeps = (): CountDeps => ({ countMany: countManyDefault, countNumbered: countNumberedDefault, cache: sharedTokenCache(), prepare: prepareDefault });

/**
 * Process and count stages: each file's numbered text (what the model will receive) and its
 * exact tokens. Known contents come from the cache (keyed by the raw text's SHA-256); only the
 * rest are numbered and counted together, by the counting threads.
 */
export async function countFiles(files: readonly TextFile[], deps: CountDeps = defaultCountDeps(), onProgress?: (progress: ExtractProgress) => void): Promise<CountedFile[]> {
  // Hashing 17 MB is tens of milliseconds: a slice at a time, so the server keeps answering.
  const breathe = eventLoopSlices();
  const keys: string[] = [];
  for (const file of files) {
    await breathe();
    keys.push(TokenCache.numberedKey(file.text));
  }
  const tokens = keys.map((key) => deps.cache.get(key));
  const missing = tokens.flatMap((value, index) => (value === undefined ? [index] : []));
  const cached = files.length - missing.length;
  onProgress?.({ done: cached, total: files.length, unit: "file" });
  const countNumbered =
    deps.countNumbered ??
    (async (texts: readonly string[], onCounted?: (done: number) => void) => {
      const numbered = texts.map((text) => numberLines(text));
      return { numbered, counts: await deps.countMany(numbered, onCounted) };
    });
  const result = await countNumbered(
    missing.map((index) => files[index]?.text ?? ""),
    onProgress && ((done) => onProgress({ done: cached + done, total: files.length, unit: "file" })),
  );
  const numbered = new Array<string | undefined>(files.length);
  missing.forEach((index, position) => {
    const value = result.counts[position] ?? 0;
    tokens[index] = value;
    numbered[index] = result.numbered[position];
    deps.cache.set(keys[index] ?? "", value);
  });
  return files.map((file, index) => ({ ...file, numbered: numbered[index] ?? numberLines(file.text), tokens: tokens[index] ?? 0 }));
}
