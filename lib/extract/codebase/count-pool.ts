import os from "node:os";
import Tinypool from "tinypool";
import { countTokens } from "../../tokens";
import { eventLoopSlices } from "./event-loop-slices";
import { type InflateItem, inflateCapped } from "./inflate-entry";
import type { CountResult, CountTask, InflateResult, InflateTask } from "./ingest-worker";
import { numberLines } from "./number-lines";
import { ensureIngestWorkerFile } from "./worker-file";

/**
 * The ingest's CPU-heavy work on worker threads (tinypool, as repomix does): inflating zip
 * entries, numbering lines and exact token counting. On the web server this is what keeps
 * the main thread answering other requests and SSE streams during a large upload: counting
 * a vite-sized repository is seconds of CPU, and the main thread only hands out batches and
 * collects results. The threads run dist/workers/ingest-worker.mjs, built ahead by
 * scripts/build-workers.mjs (worker-file.ts builds it on first use in a checkout), so a thread
 * starts without tsx or esbuild and the Next server uses the very same file as the CLI.
 *
 * Work goes out in batches: ~128 K characters of text per count task, longest texts first so
 * that one big file does not finish last; ~1 MB of declared output per inflate task. If the
 * worker file cannot be had or a thread fails, the pool stops using threads and what is left
 * is done on the calling thread, a slice at a time (event-loop-slices.ts): the same counts and
 * bytes either way, only slower.
 */
const BATCH_CHARS = 128 * 1024;
const INFLATE_BATCH_BYTES = 1024 * 1024;
/** Idle threads are ended after this long; they never keep the process alive meanwhile. */
const IDLE_MS = 10_000;

/** Worker threads: one per core (the main thread only dispatches), at most four. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

export interface CountPoolOptions {
  /** Worker threads to start. */
  workers: number;
  /** The built worker file, or how to get it (default: build it if missing or stale, worker-file.ts). */
  workerFile?: string | (() => Promise<string>);
}

/** What the pool's threads did, for tests and the bench. */
export interface PoolTally {
  workers: number;
  caller: number;
}

export class CountPool {
  private pool: Tinypool | undefined;
  private starting: Promise<Tinypool | null> | undefined;
  private readiness: Promise<unknown> = Promise.resolve();
  /** Resolves (to null) once the pool has failed: tasks still waiting on threads give up then. */
  private failure: Promise<null>;
  private signalFailure: () => void = () => {};
  private failed = false;
  private active = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** How many times the threads failed (a file that would not load, a thread that died). */
  failures = 0;
  /** Texts counted on worker threads and on the calling thread. */
  readonly counted: PoolTally = { workers: 0, caller: 0 };
  /** Zip entries inflated on worker threads and on the calling thread. */
  readonly inflated: PoolTally = { workers: 0, caller: 0 };
  /** `threadId` of every thread that answered a task (never the main thread's 0). */
  readonly threadIds = new Set<number>();
  /** The file the threads run, once known. */
  workerFile: string | undefined;

  constructor(private readonly options: CountPoolOptions) {
    this.failure = new Promise<null>((resolve) => (this.signalFailure = () => resolve(null)));
  }

  /** Threads running (starting or ready). */
  get size(): number {
    return this.pool?.threads.length ?? 0;
  }

  /** Whether work given now goes to the threads (they run or are starting). */
  get started(): boolean {
    return this.starting !== undefined && !this.failed;
  }

  /** Starts the threads now, so their start-up overlaps other work (reading the upload). */
  prestart(): void {
    void this.start();
    if (this.active === 0) this.armIdleTimer();
  }

  /** Resolves when every thread has loaded the worker file, or the pool has failed. */
  async whenReady(): Promise<void> {
    await this.start();
    await this.readiness;
  }

  /** Exact tokens of each text, in order; `onCounted` gets how many texts are done so far. */
  async count(texts: readonly string[], onCounted?: (done: number) => void): Promise<number[]> {
    return (await this.countBatches(texts, false, onCounted)).counts;
  }

  /** Each text with its lines numbered (number-lines.ts) and the exact tokens of that, numbered by the thread that counts it. */
  async countNumbered(texts: readonly string[], onCounted?: (done: number) => void): Promise<{ counts: number[]; numbered: string[] }> {
    const result = await this.countBatches(texts, true, onCounted);
    return { counts: result.counts, numbered: result.numbered ?? [] };
  }

  /** Inflates zip entries on the threads (inflate-entry.ts), in order. */
  async inflate(items: readonly InflateItem[]): Promise<Array<Uint8Array | null>> {
    return this.busy(async () => {
      const outputs = new Array<Uint8Array | null>(items.length).fill(null);
      const batches: number[][] = [];
      let current: number[] = [];
      let bytes = 0;
      items.forEach((item, index) => {
        current.push(index);
        bytes += item.size;
        if (bytes >= INFLATE_BATCH_BYTES) {
          batches.push(current);
          current = [];
          bytes = 0;
        }
      });
      if (current.length > 0) batches.push(current);
      const breathe = eventLoopSlices();
      await Promise.all(
        batches.map(async (indexes) => {
          const batch = indexes.map((index) => items[index] as InflateItem);
          // One copy of the batch's compressed bytes, moved (not cloned) to the thread.
          const data = new Uint8Array(batch.reduce((sum, item) => sum + item.data.byteLength, 0));
          let offset = 0;
          for (const item of batch) {
            data.set(item.data, offset);
            offset += item.data.byteLength;
          }
          const task: InflateTask = { data, entries: batch.map((item) => ({ compressedSize: item.data.byteLength, size: item.size })) };
          const result = await this.task<InflateResult>("inflate", task, [data.buffer]);
          if (result) {
            this.inflated.workers += indexes.length;
            indexes.forEach((index, position) => (outputs[index] = result.outputs[position] ?? null));
            return;
          }
          for (const [position, index] of indexes.entries()) {
            await breathe();
            this.inflated.caller += 1;
            outputs[index] = inflateCapped(batch[position]?.data ?? new Uint8Array(), batch[position]?.size ?? 0);
          }
        }),
      );
      return outputs;
    });
  }

  /** Ends every thread now; work still in flight finishes on the calling thread. The next task starts them again. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const pool = this.pool;
    this.pool = undefined;
    this.starting = undefined;
    await pool?.destroy();
  }

  private async countBatches(texts: readonly string[], number: boolean, onCounted?: (done: number) => void): Promise<{ counts: number[]; numbered?: string[] }> {
    return this.busy(async () => {
      const counts = new Array<number>(texts.length).fill(0);
      const numbered = number ? new Array<string>(texts.length).fill("") : undefined;
      let done = 0;
      const breathe = eventLoopSlices();
      await Promise.all(
        makeBatches(texts).map(async (indexes) => {
          const task: CountTask = { texts: indexes.map((index) => texts[index] ?? ""), number };
          const result = await this.task<CountResult>("count", task);
          if (result) this.counted.workers += indexes.length;
          indexes.forEach((index, position) => {
            counts[index] = result?.counts[position] ?? 0;
            if (numbered) numbered[index] = result?.numbered?.[position] ?? "";
          });
          if (!result) {
            // The threads are gone: this batch is counted here, a text at a time.
            for (const index of indexes) {
              await breathe();
              this.counted.caller += 1;
              const text = number ? numberLines(texts[index] ?? "") : (texts[index] ?? "");
              if (numbered) numbered[index] = text;
              counts[index] = countTokens(text);
            }
          }
          done += indexes.length;
          onCounted?.(done);
        }),
      );
      return { counts, numbered };
    });
  }

  /** Runs `work` with the idle timer held off. */
  private async busy<T>(work: () => Promise<T>): Promise<T> {
    this.active += 1;
    clearTimeout(this.idleTimer);
    try {
      return await work();
    } finally {
      this.active -= 1;
      if (this.active === 0) this.armIdleTimer();
    }
  }

  /** One task on a thread; null when the pool has no threads (failed, or closed under the task). */
  private async task<T extends { threadId: number }>(name: "count" | "inflate", payload: CountTask | InflateTask, transferList?: ArrayBuffer[]): Promise<T | null> {
    const pool = await this.start();
    if (pool === null) return null;
    try {
      const result = (await Promise.race([pool.run(payload, { name, transferList }), this.failure])) as T | null;
      if (result) this.threadIds.add(result.threadId);
      return result;
    } catch {
      // A pool closed under the task is not a failure: the next task starts a new one.
      if (pool === this.pool) this.fail();
      return null;
    }
  }

  private start(): Promise<Tinypool | null> {
    if (this.failed) return Promise.resolve(null);
    this.starting ??= this.open();
    return this.starting;
  }

  private async open(): Promise<Tinypool | null> {
    try {
      const configured = this.options.workerFile ?? ensureIngestWorkerFile;
      const file = typeof configured === "string" ? configured : await configured();
      this.workerFile = file;
      const threads = this.options.workers;
      // `execArgv: []` keeps the process's `--import tsx` out of the threads: the file is plain JavaScript.
      const pool = new Tinypool({ filename: file, minThreads: threads, maxThreads: threads, idleTimeout: IDLE_MS, execArgv: [] });
      // A thread that fails before it has a task reports here; one with tasks fails those tasks.
      pool.on("error", () => {
        if (pool === this.pool) this.fail();
      });
      // tinypool does not notice a thread that exits (process.exit in it, a native crash): its
      // tasks would wait forever. The pool fails instead, and the calling thread takes over.
      for (const thread of pool.threads) thread.once("exit", () => pool === this.pool && this.fail());
      this.pool = pool;
      this.readiness = Promise.all(
        Array.from({ length: threads }, async () => {
          try {
            this.threadIds.add((await Promise.race([pool.run({}, { name: "ready" }), this.failure])) as number);
          } catch {
            if (pool === this.pool) this.fail();
          }
        }),
      );
      return pool;
    } catch {
      this.fail();
      return null;
    }
  }

  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    this.failures += 1;
    this.signalFailure();
    const pool = this.pool;
    this.pool = undefined;
    void pool?.destroy().catch(() => {});
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
    this.idleTimer.unref();
  }
}

/** Indexes of the texts in batches of about BATCH_CHARS, longest texts first (a long text is a batch of its own). */
function makeBatches(texts: readonly string[]): number[][] {
  const order = texts.map((_, index) => index).sort((a, b) => (texts[b]?.length ?? 0) - (texts[a]?.length ?? 0));
  const batches: number[][] = [];
  let current: number[] = [];
  let chars = 0;
  for (const index of order) {
    current.push(index);
    chars += texts[index]?.length ?? 0;
    if (chars >= BATCH_CHARS) {
      batches.push(current);
      current = [];
      chars = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const shared = globalThis as unknown as { __longdocCountPool?: CountPool };

/** The process's pool (the web server's, the CLI's), on dist/workers/ingest-worker.mjs. */
export function sharedCountPool(): CountPool {
  shared.__longdocCountPool ??= new CountPool({ workers: defaultWorkerCount() });
  return shared.__longdocCountPool;
}
