import { Worker } from "node:worker_threads";
import { pdfjsPaths } from "./pdfjs-paths";
import { PDF_WORKER_SOURCE } from "./worker-source";
import { type RawPage, type WorkerError, type WorkerMessage, workerMessageSchema } from "./worker-messages";

/** Why a wait ended without an answer. "timeout", "memory" and "crashed" leave the worker dead. */
export type WorkerFailure = { kind: "timeout" | "memory" | "crashed"; message: string };

export type PageOutcome = { ok: true; page: RawPage } | { ok: false; error: WorkerError } | { ok: false; failure: WorkerFailure };

export type OpenOutcome =
  | { ok: true; session: PdfWorkerSession; pageCount: number; pageLabels: string[] | null }
  | { ok: false; error: WorkerError }
  | { ok: false; failure: WorkerFailure };

export interface WorkerLimits {
  /** Growth of the process's resident memory, in bytes, past which the worker is killed. */
  memoryGrowthBytes: number;
  /** V8 old-generation heap cap of the worker, in MiB (a heap overflow kills the worker only). */
  heapLimitMb: number;
}

/** How often the memory guard samples the process's RSS while a request is pending. */
const MEMORY_SAMPLE_MS = 100;

type Waiter = (value: WorkerMessage | WorkerFailure) => void;

/**
 * One pdf.js document open in its own worker thread. One request at a time; every wait has a
 * hard timeout after which the thread is terminated: a hostile page cannot hang the caller.
 * Decompression bombs grow memory outside the V8 heap (typed arrays), so besides the heap cap a
 * guard samples the process RSS while waiting and kills the worker when it grows too much.
 */
export class PdfWorkerSession {
  private readonly worker: Worker;
  private readonly queue: WorkerMessage[] = [];
  private waiter: Waiter | undefined;
  private dead: WorkerFailure | undefined;

  private constructor(
    bytes: Uint8Array,
    password: string | undefined,
    private readonly limits: WorkerLimits,
  ) {
    const paths = pdfjsPaths();
    // A private copy is transferred: pdf.js may detach it, and the caller's bytes stay intact.
    const data = bytes.slice();
    this.worker = new Worker(PDF_WORKER_SOURCE, {
      eval: true,
      workerData: { libraryUrl: paths.libraryUrl, cMapDir: paths.cMapDir, standardFontDir: paths.standardFontDir, data, password },
      transferList: [data.buffer as ArrayBuffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.heapLimitMb },
      // Anything pdf.js prints is diagnostics: it goes to stderr, never into a CLI's JSON on stdout.
      stdout: true,
      stderr: true,
    });
    this.worker.stdout.pipe(process.stderr, { end: false });
    this.worker.stderr.pipe(process.stderr, { end: false });
    this.worker.on("message", (value: unknown) => {
      const parsed = workerMessageSchema.safeParse(value);
      this.deliver(parsed.success ? parsed.data : { kind: "crashed", message: "the PDF reader sent an unexpected message" });
    });
    this.worker.on("error", (error: Error & { code?: string }) => {
      const memory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.fail({ kind: memory ? "memory" : "crashed", message: memory ? "the PDF reader ran out of memory" : `the PDF reader crashed (${error.message})` });
    });
    this.worker.on("exit", () => this.fail({ kind: "crashed", message: "the PDF reader stopped unexpectedly" }));
  }

  /** Starts a worker and opens the document in it, waiting at most `timeoutMs`. */
  static async open(input: { bytes: Uint8Array; password?: string; timeoutMs: number; limits: WorkerLimits; signal?: AbortSignal }): Promise<OpenOutcome> {
    const session = new PdfWorkerSession(input.bytes, input.password, input.limits);
    const message = await session.next(input.timeoutMs, input.signal);
    if ("kind" in message) {
      await session.close();
      return { ok: false, failure: message };
    }
    if (message.type === "opened") return { ok: true, session, pageCount: message.pageCount, pageLabels: message.pageLabels };
    await session.close();
    if (message.type === "open-failed") return { ok: false, error: message.error };
    return { ok: false, failure: { kind: "crashed", message: `unexpected "${message.type}" while opening` } };
  }

  get alive(): boolean {
    return this.dead === undefined;
  }

  /** Reads one page's raw text items (1-based page number), waiting at most `timeoutMs`. */
  async readPage(pageNumber: number, timeoutMs: number, signal?: AbortSignal): Promise<PageOutcome> {
    if (this.dead) return { ok: false, failure: this.dead };
    this.worker.postMessage({ type: "page", pageNumber });
    const message = await this.next(timeoutMs, signal);
    if ("kind" in message) return { ok: false, failure: message };
    if (message.type === "page" && message.page.pageNumber === pageNumber) return { ok: true, page: message.page };
    if (message.type === "page-failed") return { ok: false, error: message.error };
    return { ok: false, failure: { kind: "crashed", message: `unexpected "${message.type}" for page ${pageNumber}` } };
  }

  /** Releases the document and ends the thread; safe to call more than once. */
  async close(): Promise<void> {
    if (!this.dead) {
      this.worker.postMessage({ type: "close" });
      // A clean close takes milliseconds; a wedged worker is terminated.
      await this.next(1_000).catch(() => undefined);
    }
    this.dead ??= { kind: "crashed", message: "closed" };
    await this.worker.terminate();
  }

  private deliver(value: WorkerMessage | WorkerFailure): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(value);
    } else if (!("kind" in value)) {
      this.queue.push(value);
    }
  }

  private fail(failure: WorkerFailure): void {
    if (this.dead) return;
    this.dead = failure;
    this.deliver(failure);
  }

  private next(timeoutMs: number, signal?: AbortSignal): Promise<WorkerMessage | WorkerFailure> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.dead) return Promise.resolve(this.dead);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const startRss = process.memoryUsage.rss();
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(sampler);
        signal?.removeEventListener("abort", onAbort);
        this.waiter = undefined;
      };
      const kill = (failure: WorkerFailure) => {
        cleanup();
        this.dead ??= failure;
        void this.worker.terminate();
        resolve(failure);
      };
      const onAbort = () => {
        cleanup();
        this.dead ??= { kind: "crashed", message: "cancelled" };
        void this.worker.terminate();
        reject(abortReason(signal));
      };
      const timer = setTimeout(() => kill({ kind: "timeout", message: `took longer than ${formatSeconds(timeoutMs)}` }), timeoutMs);
      const sampler = setInterval(() => {
        const grown = process.memoryUsage.rss() - startRss;
        if (grown > this.limits.memoryGrowthBytes) kill({ kind: "memory", message: `needed more than ${Math.round(this.limits.memoryGrowthBytes / 1024 / 1024)} MB of memory` });
      }, MEMORY_SAMPLE_MS);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiter = (value) => {
        cleanup();
        resolve(value);
      };
    });
  }
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("The extraction was cancelled.", "AbortError");
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
