import { countTokens as countQwen3Tokens } from "../../tokens";
import type { ExtractProgress } from "../types";
import { countInWorkers, countWorkerFile } from "./count-pool";
import { numberLines } from "./number-lines";
import { TokenCache, sharedTokenCache } from "./token-cache";
import type { CountedFile, TextFile } from "./types";

export interface CountDeps {
  /** Exact tokens of many texts, in order; may use worker threads. `onCounted` gets how many are done so far. */
  countMany: (texts: readonly string[], onCounted?: (done: number) => void) => Promise<number[]>;
  cache: TokenCache;
}

/**
 * Worker threads only pay off for very large inputs. Each worker has to load the tokenizer
 * through tsx, which costs about 1 s of CPU per worker (measured in bench/codebase.ts); the
 * tokenizer itself runs at roughly 6–10 M characters per second per core. On a vite-sized
 * repository (17.5 MB, 19 M numbered characters) two workers used 7.6 s of CPU against 4.9 s
 * in-thread and finished no sooner on a busy two-core machine. Past ~32 M characters the
 * start-up is amortised even when both cores are free.
 */
export const PARALLEL_MIN_CHARS = 32 * 1024 * 1024;
const WORKERS = 2;

/** Counts in-thread for small inputs and on two worker threads for large ones (when the worker script is available). */
export async function countManyDefault(texts: readonly string[], onCounted?: (done: number) => void): Promise<number[]> {
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  const workerFile = chars >= PARALLEL_MIN_CHARS ? countWorkerFile() : null;
  if (workerFile !== null) {
    try {
      return await countInWorkers(texts, WORKERS, workerFile, onCounted);
    } catch {
      // Workers unavailable here (no tsx, a sandbox): the in-thread count gives the same numbers.
    }
  }
  return texts.map((text, index) => {
    const tokens = countQwen3Tokens(text);
    onCounted?.(index + 1);
    return tokens;
  });
}

export const defaultCountDeps = (): CountDeps => ({ countMany: countManyDefault, cache: sharedTokenCache() });

/**
 * Process and count stages: each file's numbered text (what the model will receive) and its
 * exact tokens. Known contents come from the cache by SHA-256; only the rest are counted.
 */
export async function countFiles(files: readonly TextFile[], deps: CountDeps = defaultCountDeps(), onProgress?: (progress: ExtractProgress) => void): Promise<CountedFile[]> {
  const numbered = files.map((file) => numberLines(file.text));
  const keys = numbered.map((text) => TokenCache.key(text));
  const tokens = keys.map((key) => deps.cache.get(key));
  const missing = tokens.flatMap((value, index) => (value === undefined ? [index] : []));
  const cached = files.length - missing.length;
  onProgress?.({ done: cached, total: files.length, unit: "file" });
  const counted = await deps.countMany(
    missing.map((index) => numbered[index] ?? ""),
    onProgress && ((done) => onProgress({ done: cached + done, total: files.length, unit: "file" })),
  );
  missing.forEach((index, position) => {
    const value = counted[position] ?? 0;
    tokens[index] = value;
    deps.cache.set(keys[index] ?? "", value);
  });
  return files.map((file, index) => ({ ...file, numbered: numbered[index] ?? "", tokens: tokens[index] ?? 0 }));
}
