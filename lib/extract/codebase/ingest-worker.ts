/**
 * Worker entry of the ingest pool (count-pool.ts), run by tinypool. It is never loaded as
 * TypeScript: scripts/build-workers.mjs bundles it with lib/tokens into one plain ES module,
 * dist/workers/ingest-worker.mjs, ahead of time (`npm run build`, or on demand in a checkout),
 * so a thread is ready as soon as Node has read that file and built the rank table, and the Next
 * server uses the same file as the CLI and the tests. Only what bundles cleanly may be imported
 * here: lib/tokens, this folder's plain modules, node built-ins.
 *
 * Each export is one kind of task; every result carries the thread's id, so the caller (and
 * its tests) can tell the work was done off the main thread.
 */
import os from "node:os";
import { threadId } from "node:worker_threads";
import { countTokens } from "../../tokens";
import { inflateCapped } from "./inflate-entry";
import { numberLines } from "./number-lines";

export interface CountTask {
  texts: string[];
  /** Number the texts' lines first (number-lines.ts), count the numbered texts and send them back. */
  number: boolean;
}

export interface CountResult {
  counts: number[];
  numbered?: string[];
  threadId: number;
}

export interface InflateTask {
  /** The batch's compressed entries one after another (a copy, transferred to this thread). */
  data: Uint8Array;
  /** Each entry's compressed length within `data`, and its declared unpacked size. */
  entries: Array<{ compressedSize: number; size: number }>;
}

export interface InflateResult {
  /** Each entry's bytes, or null where it did not inflate to exactly its declared size. */
  outputs: Array<Uint8Array | null>;
  threadId: number;
}

/**
 * Niceness of these threads. Their work is a background job beside the server's requests: on
 * Linux a thread can lower its own priority (setpriority on the calling thread only, checked
 * in /proc/self/task), and the main thread, which answers requests and SSE streams, then gets
 * a core whenever it wakes, even with every core counting.
 */
const WORKER_NICE = 10;
if (process.platform === "linux") {
  try {
    os.setPriority(WORKER_NICE);
  } catch {
    // Not allowed here (a container policy): the threads count at normal priority.
  }
}

// The rank table is built as the thread loads this file (tinypool loads it when the thread
// starts), so the first batch never waits for it.
countTokens("");

export function count(task: CountTask): CountResult {
  if (!task.number) return { counts: task.texts.map((text) => countTokens(text)), threadId };
  const numbered = task.texts.map((text) => numberLines(text));
  return { counts: numbered.map((text) => countTokens(text)), numbered, threadId };
}

export function inflate(task: InflateTask): InflateResult {
  let offset = 0;
  const outputs = task.entries.map(({ compressedSize, size }) => {
    const data = task.data.subarray(offset, offset + compressedSize);
    offset += compressedSize;
    return inflateCapped(data, size);
  });
  return { outputs, threadId };
}

/** Answers once the thread has loaded this file (and built the rank table). */
export function ready(): number {
  return threadId;
}
