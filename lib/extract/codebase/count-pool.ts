import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { CountRequest, CountResponse } from "./count-worker";

/**
 * Counts texts on worker threads. Tokenizing is pure CPU (about 10 MB/s on one core), so on a
 * two-core machine two workers can halve the counting of a very large repository. Each worker
 * pulls batches of about 256 KB so a few huge files do not leave one worker idle. Starting a
 * worker costs about 1 s of CPU (tsx compiling the tokenizer, then its ranks), so callers use
 * this for very large inputs only (see PARALLEL_MIN_CHARS).
 */
const BATCH_CHARS = 256 * 1024;

/** The worker script, or null where it cannot be found (a bundled server: count in-thread there). */
export function countWorkerFile(): string | null {
  const dir = typeof import.meta.dirname === "string" ? import.meta.dirname : undefined;
  if (dir === undefined) return null;
  const file = path.join(dir, "count-worker.ts");
  return fs.existsSync(file) ? file : null;
}

export async function countInWorkers(texts: readonly string[], workers: number, workerFile: string, onCounted?: (done: number) => void): Promise<number[]> {
  const batches = makeBatches(texts);
  const counts: number[] = new Array<number>(texts.length).fill(0);
  let next = 0;
  let done = 0;
  const threads = Array.from({ length: Math.min(workers, batches.length) }, () => startWorker(workerFile));
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const batch = batches[next];
              if (batch === undefined) return resolve();
              const request: CountRequest = { id: next, texts: batch.indexes.map((index) => texts[index] ?? "") };
              next += 1;
              thread.postMessage(request);
            };
            thread.on("message", (response: CountResponse) => {
              const batch = batches[response.id];
              batch?.indexes.forEach((index, position) => (counts[index] = response.counts[position] ?? 0));
              done += batch?.indexes.length ?? 0;
              onCounted?.(done);
              send();
            });
            thread.once("error", reject);
            thread.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`token counting worker exited with code ${code}`))));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
  return counts;
}

function makeBatches(texts: readonly string[]): Array<{ indexes: number[] }> {
  const batches: Array<{ indexes: number[] }> = [];
  let current: number[] = [];
  let chars = 0;
  texts.forEach((text, index) => {
    current.push(index);
    chars += text.length;
    if (chars >= BATCH_CHARS) {
      batches.push({ indexes: current });
      current = [];
      chars = 0;
    }
  });
  if (current.length > 0) batches.push({ indexes: current });
  return batches;
}

/**
 * Workers run TypeScript through tsx's API, loaded by a one-line bootstrap: `--import tsx` in a
 * worker's execArgv does not install the loader there on Node 20 (and vitest's workers have no
 * tsx at all), while `tsImport` works under the CLI, the benchmark and vitest alike.
 */
function startWorker(workerFile: string): Worker {
  const target = JSON.stringify(pathToFileURL(workerFile).href);
  // The ESM build of the API (tsx's "./esm/api" import export): its CommonJS build cannot register from an eval'd worker.
  const tsxRoot = path.dirname(createRequire(workerFile).resolve("tsx/package.json"));
  const api = JSON.stringify(pathToFileURL(path.join(tsxRoot, "dist", "esm", "api", "index.mjs")).href);
  return new Worker(`import(${api}).then(({ tsImport }) => tsImport(${target}, ${target}))`, { eval: true });
}
