import { countTokens as countQwen3Tokens } from "../../tokens";
import type { ExtractProgress } from "../types";
import { sharedCountPool } from "./count-pool";
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
 * Texts of at least this many characters are counted on worker threads beside the main thread
 * when the workers are not already running (once running, they are used for any size).
 *
 * Measured on 2 cores (AMD EPYC VM, Node 20, noisy: medians of 3). A worker is ready ~0.16 s
 * after it is created (esbuild bundle in the worker + rank table; ~0.1 s when the pool already
 * has the bundle). With both threads busy the same work costs ~40% more CPU in one process, so
 * one worker plus the main thread count ~1.3–1.4× faster than the main thread alone, not 2×.
 * Since 2026-11-26 one thread counts the vite-sized slice's 19.1 M numbered characters in
 * 0.5–0.65 s warm (~25 M characters per second cold; it was ~15 M): for N million characters,
 * in-thread N / 25 s against 0.16 + (N − 4) / 34 s with a worker starting at the count (the
 * main thread counts ~4 M meanwhile), so the break-even is still about 4 M characters. Archives
 * of 1 MB or more start the workers before unpacking (PRESTART_MIN_BYTES), hiding the start-up.
 */
export const PARALLEL_MIN_CHARS = 4 * 1024 * 1024;
/** An input of at least this many bytes starts the workers as the ingest begins: an archive of 1 MB holds ~4 MB of source text. */
export const PRESTART_MIN_BYTES = 1024 * 1024;

/** Counts in-thread for small inputs, and with the process's worker pool for large ones (or when it already runs). */
export async function countManyDefault(texts: readonly string[], onCounted?: (done: number) => void): Promise<number[]> {
  const pool = sharedCountPool();
  if (pool !== null && (pool.started || texts.reduce((sum, text) => sum + text.length, 0) >= PARALLEL_MIN_CHARS)) return pool.count(texts, onCounted);
  return texts.map((text, index) => {
    const tokens = countQwen3Tokens(text);
    onCounted?.(index + 1);
    return tokens;
  });
}

/**
 * countManyDefault for raw texts: with the pool, each counting thread numbers the lines of the
 * texts it counts, so a worker starts on the first batch while this thread numbers its own.
 */
export async function countNumberedDefault(texts: readonly string[], onCounted?: (done: number) => void): Promise<{ counts: number[]; numbered: string[] }> {
  const pool = sharedCountPool();
  if (pool !== null && (pool.started || texts.reduce((sum, text) => sum + text.length, 0) >= PARALLEL_MIN_CHARS)) return pool.countNumbered(texts, onCounted);
  const numbered = texts.map((text) => numberLines(text));
  const counts = numbered.map((text, index) => {
    const tokens = countQwen3Tokens(text);
    onCounted?.(index + 1);
    return tokens;
  });
  return { counts, numbered };
}

/** Starts the pool's workers for a large input so they are ready when counting begins. */
export function prepareDefault(inputBytes: number | null): void {
  if (inputBytes !== null && inputBytes >= PRESTART_MIN_BYTES) sharedCountPool()?.prestart();
}

export const defaultCountDeps = (): CountDeps => ({ countMany: countManyDefault, countNumbered: countNumberedDefault, cache: sharedTokenCache(), prepare: prepareDefault });

/**
 * Process and count stages: each file's numbered text (what the model will receive) and its
 * exact tokens. Known contents come from the cache (keyed by the raw text's SHA-256); only the
 * rest are numbered and counted together, by the counting threads.
 */
export async function countFiles(files: readonly TextFile[], deps: CountDeps = defaultCountDeps(), onProgress?: (progress: ExtractProgress) => void): Promise<CountedFile[]> {
  const keys = files.map((file) => TokenCache.numberedKey(file.text));
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
