import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { countTokens } from "../../tokens";
import type { CountRequest, CountWorkerMessage } from "./count-worker";
import { numberLines } from "./number-lines";

/**
 * Exact token counts on worker threads and on the calling thread together. Tokenizing is pure
 * CPU (about 25 MB/s of numbered source text per core, cold), so on two cores one worker plus
 * the main thread count a large repository ~1.3–1.4× faster (not 2×: two busy threads in one
 * process cost ~40% more CPU for the same work here, see count-files.ts).
 *
 * Start-up is what decides whether parallel counting pays. Workers used to load
 * count-worker.ts through tsx's `tsImport`: ~1 s of CPU per worker (tsx and esbuild starting in
 * the worker, then compiling the tokenizer). Now each worker bundles count-worker.ts and
 * lib/tokens with esbuild's async API inside the worker itself (one 34 KB CommonJS string, about
 * 60 ms, in esbuild's own process), runs it, and builds the rank table (~55 ms): ready 0.17–0.4 s
 * after it is created on a two-core machine whose main thread is busy unpacking, at ~0.2 s of
 * CPU, none of it on the main thread. The first worker sends its bundle back and later workers
 * start from that string. `prestart` lets an ingest start the workers before it unpacks an
 * archive, so the start-up is hidden behind the unpacking (measured numbers: count-files.ts).
 *
 * Work is a shared queue of batches of about 128 K characters, largest texts first so that one
 * big file does not finish last. Each worker has up to two batches in flight (it never waits for
 * the main thread, which is busy counting); the caller's thread takes the next batch of its own
 * job whenever it is free. Between its batches it reads the workers' ports synchronously
 * (`receiveMessageOnPort`) and refills them, then yields to the event loop once: a worker that
 * became ready while the main thread was unpacking, or finished while it counted a long file,
 * gets work at once instead of after the event loop's next turn. If a worker fails to
 * start or dies, its batches go back to the queue and the rest of the work is counted by the
 * remaining threads, the main thread at least: the counts are the same either way.
 */
const BATCH_CHARS = 128 * 1024;
const IN_FLIGHT_PER_WORKER = 2;
/** Idle workers are ended after this long; they never keep the process alive meanwhile. */
const IDLE_MS = 10_000;

/** The worker entry, or null where it cannot be found (a bundled server: count in-thread there). */
export function countWorkerFile(): string | null {
  const dir = typeof import.meta.dirname === "string" ? import.meta.dirname : undefined;
  if (dir === undefined) return null;
  const file = path.join(dir, "count-worker.ts");
  return fs.existsSync(file) ? file : null;
}

/** Worker threads that help count: one less than the cores (the main thread counts too), at most three. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(3, os.availableParallelism() - 1));
}

/**
 * The plain-JavaScript program each worker starts with: bundle the entry with esbuild (unless
 * the pool already has the bundle), hand the bundle back, run it. esbuild is resolved from the
 * entry's folder, never imported by this module, so bundling this module (the Next server) does
 * not pull esbuild in. `execArgv: []` keeps the process's `--import tsx` out of the worker.
 */
function workerBootstrap(): string {
  return `
const { workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const path = require("node:path");
async function codeOf(file) {
  const esbuild = createRequire(file)("esbuild");
  try {
    const result = await esbuild.build({ entryPoints: [file], bundle: true, write: false, format: "cjs", platform: "node", target: "node20", logLevel: "silent" });
    return result.outputFiles[0].text;
  } finally {
    await esbuild.stop();
  }
}
(async () => {
  let code = workerData.code;
  if (typeof code !== "string") {
    code = await codeOf(workerData.file);
    workerData.port.postMessage({ type: "code", code });
  }
  const module = { exports: {} };
  new Function("require", "module", "exports", "__filename", "__dirname", code)(require, module, module.exports, workerData.file, path.dirname(workerData.file));
})().catch((error) => setImmediate(() => { throw error; }));
`;
}

interface Job {
  texts: readonly string[];
  counts: number[];
  /** When the job numbers lines before counting: the numbered texts, filled in as batches finish. */
  numbered?: string[];
  /** Batches not yet counted (queued or in flight). */
  pending: number;
  done: number;
  onCounted?: (done: number) => void;
  /** Wakes the caller's loop when a worker reports or gives batches back. */
  wake: () => void;
}

interface Batch {
  job: Job;
  indexes: number[];
}

interface PoolWorker {
  thread: Worker;
  /** Requests go out and answers come back on this port, which the counting thread can also read synchronously. */
  port: MessagePort;
  ready: boolean;
  inFlight: Map<number, Batch>;
  /** Resolves once the worker is ready or gone. */
  settled: Promise<void>;
  settle: () => void;
}

export interface CountPoolOptions {
  /** Worker threads to start (the calling thread counts as well). */
  workers: number;
  /** The worker entry (count-worker.ts). */
  workerFile: string;
  /** Its bundled JavaScript when already known; otherwise the first worker bundles it. */
  code?: string;
}

export class CountPool {
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: Batch[] = [];
  private readonly jobs = new Set<Job>();
  private code: string | undefined;
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set once a worker failed: this pool counts on the calling thread from then on. */
  private failed = false;
  /** How many workers have failed to start or died, for tests and the bench. */
  failures = 0;
  /** Texts counted on worker threads and on calling threads, for tests and the bench. */
  readonly counted = { workers: 0, caller: 0 };

  constructor(private readonly options: CountPoolOptions) {
    this.code = options.code;
  }

  /** Live workers (starting or ready). */
  get size(): number {
    return this.workers.size;
  }

  get started(): boolean {
    return this.workers.size > 0;
  }

  /** Starts the workers now (if none run and none failed), so their start-up overlaps other work. */
  prestart(): void {
    if (this.failed || this.workers.size > 0) return;
    for (let i = 0; i < this.options.workers; i += 1) this.startWorker();
    this.armIdleTimer();
  }

  /** Exact tokens of each text, in order; `onCounted` gets how many texts are done so far. */
  async count(texts: readonly string[], onCounted?: (done: number) => void): Promise<number[]> {
    return (await this.run(texts, false, onCounted)).counts;
  }

  /**
   * Each text with its lines numbered (number-lines.ts) and the exact tokens of that, numbered
   * by whichever thread counts it: the workers start counting at once instead of waiting for
   * the calling thread to number every file first (it numbers only its own batches).
   */
  async countNumbered(texts: readonly string[], onCounted?: (done: number) => void): Promise<{ counts: number[]; numbered: string[] }> {
    const job = await this.run(texts, true, onCounted);
    return { counts: job.counts, numbered: job.numbered ?? [] };
  }

  private async run(texts: readonly string[], number: boolean, onCounted?: (done: number) => void): Promise<Job> {
    this.prestart();
    clearTimeout(this.idleTimer);
    let signal: (() => void) | undefined;
    const job: Job = { texts, counts: new Array<number>(texts.length).fill(0), numbered: number ? new Array<string>(texts.length).fill("") : undefined, pending: 0, done: 0, onCounted, wake: () => signal?.() };
    const batches = makeBatches(texts).map((indexes) => ({ job, indexes }));
    job.pending = batches.length;
    this.jobs.add(job);
    this.queue.push(...batches);
    try {
      for (;;) {
        // Polling may finish the job (a worker's last answer): check after it, never before.
        this.poll();
        if (job.pending === 0) break;
        const batch = this.takeBatch(job);
        if (batch) {
          this.counted.caller += batch.indexes.length;
          const own = batch.indexes.map((index) => texts[index] ?? "");
          const numbered = number ? own.map((text) => numberLines(text)) : undefined;
          this.finish(
            batch,
            (numbered ?? own).map((text) => countTokens(text)),
            numbered,
          );
          // Let worker replies in (and refill the workers) between batches.
          await new Promise<void>((resolve) => setImmediate(resolve));
        } else {
          await new Promise<void>((resolve) => (signal = resolve));
          signal = undefined;
        }
      }
    } finally {
      this.jobs.delete(job);
      if (this.jobs.size === 0) this.armIdleTimer();
    }
    return job;
  }

  /** Resolves when every worker started so far is ready to count or has failed. */
  async whenReady(): Promise<void> {
    // Waiting for a start-up keeps the process alive (dispatch unrefs the port once it is ready).
    for (const worker of this.workers) if (!worker.ready) worker.port.ref();
    await Promise.all([...this.workers].map((worker) => worker.settled));
  }

  /** Ends every worker now. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const workers = [...this.workers];
    this.workers.clear();
    for (const worker of workers) {
      worker.settle();
      worker.port.close();
      // A job still running gets its batches back and finishes on its calling thread.
      this.requeue(worker);
    }
    const threads = workers.map((worker) => worker.thread);
    await Promise.all(threads.map((thread) => thread.terminate()));
  }

  private startWorker(): void {
    const { port1: port, port2 } = new MessageChannel();
    const thread = new Worker(workerBootstrap(), { eval: true, execArgv: [], workerData: { file: this.options.workerFile, code: this.code, port: port2 }, transferList: [port2] });
    let settle = () => {};
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const worker: PoolWorker = { thread, port, ready: false, inFlight: new Map(), settled, settle };
    this.workers.add(worker);
    // Neither keeps the process alive while the worker idles (dispatch refs the port while it has work).
    thread.unref();
    port.on("message", (message: CountWorkerMessage) => {
      this.receive(worker, message);
      this.dispatch();
    });
    port.unref();
    const lost = () => this.lose(worker);
    thread.once("error", lost);
    thread.once("exit", lost);
  }

  private receive(worker: PoolWorker, message: CountWorkerMessage): void {
    if (message.type === "code") this.code ??= message.code;
    else if (message.type === "ready") {
      worker.ready = true;
      worker.settle();
    } else {
      const batch = worker.inFlight.get(message.id);
      worker.inFlight.delete(message.id);
      if (batch) {
        this.counted.workers += batch.indexes.length;
        this.finish(batch, message.counts, message.numbered);
      }
    }
  }

  /**
   * Reads what the workers have posted without waiting for the event loop, then refills them:
   * the counting thread calls this between its own batches, so a worker that became ready or
   * finished a batch meanwhile gets work at once.
   */
  private poll(): void {
    for (const worker of this.workers) {
      for (let received = receiveMessageOnPort(worker.port); received !== undefined; received = receiveMessageOnPort(worker.port)) {
        this.receive(worker, received.message as CountWorkerMessage);
      }
    }
    this.dispatch();
  }

  /** A worker failed to start or died: its batches go back to the front of the queue. */
  private lose(worker: PoolWorker): void {
    worker.settle();
    if (!this.workers.delete(worker)) return;
    this.failed = true;
    this.failures += 1;
    worker.port.close();
    void worker.thread.terminate();
    this.requeue(worker);
    this.dispatch();
  }

  private requeue(worker: PoolWorker): void {
    const orphans = [...worker.inFlight.values()];
    worker.inFlight.clear();
    this.queue.unshift(...orphans);
    for (const batch of orphans) batch.job.wake();
  }

  private finish(batch: Batch, counts: readonly number[], numbered?: readonly string[]): void {
    const { job } = batch;
    batch.indexes.forEach((index, position) => {
      job.counts[index] = counts[position] ?? 0;
      if (job.numbered) job.numbered[index] = numbered?.[position] ?? numberLines(job.texts[index] ?? "");
    });
    job.pending -= 1;
    job.done += batch.indexes.length;
    job.onCounted?.(job.done);
    job.wake();
  }

  /** Tops up every ready worker to its in-flight limit from the front of the queue. */
  private dispatch(): void {
    for (const worker of this.workers) {
      if (!worker.ready) continue;
      while (worker.inFlight.size < IN_FLIGHT_PER_WORKER) {
        const batch = this.queue.shift();
        if (batch === undefined) break;
        const id = this.nextId++;
        worker.inFlight.set(id, batch);
        const request: CountRequest = { id, texts: batch.indexes.map((index) => batch.job.texts[index] ?? ""), number: batch.job.numbered !== undefined };
        worker.port.postMessage(request);
      }
      // A worker with work keeps the process alive until it answers; an idle one never does.
      if (worker.inFlight.size > 0) worker.port.ref();
      else worker.port.unref();
    }
  }

  /** The caller's thread counts only its own job's batches, next in queue order. */
  private takeBatch(job: Job): Batch | undefined {
    const at = this.queue.findIndex((batch) => batch.job === job);
    return at === -1 ? undefined : this.queue.splice(at, 1)[0];
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

const shared = globalThis as unknown as { __longdocCountPool?: CountPool | null };

/** The process's pool (null where the worker entry is not on disk: counting stays in-thread there). */
export function sharedCountPool(): CountPool | null {
  if (shared.__longdocCountPool === undefined) {
    const workerFile = countWorkerFile();
    shared.__longdocCountPool = workerFile === null ? null : new CountPool({ workers: defaultWorkerCount(), workerFile });
  }
  return shared.__longdocCountPool;
}
