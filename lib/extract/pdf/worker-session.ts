import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { type Clock, systemClock } from "./clock";
import { type PdfjsBuild, pdfjsParser } from "./pdfjs-build";
import { pdfjsPaths } from "./pdfjs-paths";
import { PDF_WORKER_SOURCE } from "./worker-source";
import { type RawPage, type WorkerError, type WorkerMessage, unpackPage, workerMessageSchema } from "./worker-messages";

/** Why a wait ended without an answer. "timeout", "memory" and "crashed" leave the worker dead. */
export type WorkerFailure = { kind: "timeout" | "memory" | "crashed"; message: string };

/**
 * What became of one page request. `unread`: the reader stopped (another page's fault, or it was
 * closed) before it got to this page, so the page can be asked for again elsewhere.
 */
export type PageOutcome = { ok: true; page: RawPage } | { ok: false; error: WorkerError } | { ok: false; failure: WorkerFailure } | { ok: false; unread: true };

export type OpenOutcome =
  | { ok: true; session: PdfWorkerSession; pageCount: number; pageLabels: string[] | null }
  | { ok: false; error: WorkerError }
  | { ok: false; failure: WorkerFailure };

export type { PdfjsBuild } from "./pdfjs-build";

export interface WorkerLimits {
  /** Growth of the process's resident memory, in bytes, past which the worker is killed. */
  memoryGrowthBytes: number;
  /** V8 old-generation heap cap of the worker, in MiB (a heap overflow kills the worker only). */
  heapLimitMb: number;
}

/** How often the memory guard samples the process's RSS while a page is being read. */
const MEMORY_SAMPLE_MS = 100;

interface PendingPage {
  pageNumber: number;
  timeoutMs: number;
  /** Time on the session's clock past which this page is not waited for whatever its own bound (the document's). */
  deadline: number;
  resolve: (outcome: PageOutcome) => void;
}

/**
 * One pdf.js document open in its own worker thread. Page requests may be queued (the worker
 * answers them in order, one at a time), so the thread goes straight from one page to the next
 * while the caller lays out the last. The page at the head of the queue is the one being read:
 * its clock starts when the page before it was answered, and when it runs past its time, or the
 * process's memory grows past the bound while it is read, the thread is terminated. A
 * decompression bomb grows memory outside the V8 heap (typed arrays), hence the RSS guard
 * besides the heap cap. Pages queued behind a killed page come back `unread`.
 */
export class PdfWorkerSession {
  private readonly worker: Worker;
  private readonly pending: PendingPage[] = [];
  private opening: ((value: WorkerMessage | WorkerFailure) => void) | undefined;
  private dead: WorkerFailure | undefined;
  private cancelHeadTimer: (() => void) | undefined;
  private sampler: NodeJS.Timeout | undefined;
  private headRss = 0;
  private sampledRss = 0;

  private constructor(
    bytes: Uint8Array,
    password: string | undefined,
    private readonly limits: WorkerLimits,
    build: PdfjsBuild,
    private readonly clock: Clock,
  ) {
    const paths = pdfjsPaths();
    const { workerUrl, cacheLimits } = pdfjsParser(build);
    // A private copy is transferred: pdf.js may detach it, and the caller's bytes stay intact.
    const data = bytes.slice();
    this.worker = new Worker(PDF_WORKER_SOURCE, {
      eval: true,
      // Plain JavaScript: none of the parent's loaders or preloads (under --require tsx/cjs they
      // made reading slower and larger; docs/benchmarks/pdf.md).
      execArgv: [],
      workerData: { libraryUrl: paths.libraryUrl, workerUrl, cacheLimits, cMapDir: paths.cMapDir, standardFontDir: paths.standardFontDir, data, password },
      transferList: [data.buffer as ArrayBuffer],
      // Young generation: 16 MB was as fast as larger ones with the least memory; 8 MB was much
      // slower (docs/benchmarks/pdf.md).
      resourceLimits: { maxOldGenerationSizeMb: limits.heapLimitMb, maxYoungGenerationSizeMb: 16 },
      // Anything pdf.js prints is diagnostics: it goes to stderr, never into a CLI's JSON on stdout.
      stdout: true,
      stderr: true,
    });
    this.worker.stdout.pipe(process.stderr, { end: false });
    this.worker.stderr.pipe(process.stderr, { end: false });
    this.worker.on("message", (value: unknown) => {
      const parsed = workerMessageSchema.safeParse(value);
      if (parsed.success) this.receive(parsed.data);
      else this.kill({ kind: "crashed", message: "the PDF reader sent an unexpected message" });
    });
    this.worker.on("error", (error: Error & { code?: string }) => {
      const memory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.kill({ kind: memory ? "memory" : "crashed", message: memory ? "the PDF reader ran out of memory" : `the PDF reader crashed (${error.message})` });
    });
    this.worker.on("exit", () => this.kill({ kind: "crashed", message: "the PDF reader stopped unexpectedly" }));
  }

  /**
   * Starts a worker and opens the document in it, waiting at most `timeoutMs`. `clock` measures
   * this bound and every page's (the system clock unless a test moves its own).
   */
  static async open(input: { bytes: Uint8Array; password?: string; timeoutMs: number; limits: WorkerLimits; signal?: AbortSignal; build?: PdfjsBuild; clock?: Clock }): Promise<OpenOutcome> {
    const { signal } = input;
    if (signal?.aborted) throw abortReason(signal);
    const clock = input.clock ?? systemClock;
    const session = new PdfWorkerSession(input.bytes, input.password, input.limits, input.build ?? "patched", clock);
    const onAbort = () => session.kill({ kind: "crashed", message: "cancelled" });
    signal?.addEventListener("abort", onAbort, { once: true });
    const message = await new Promise<WorkerMessage | WorkerFailure>((resolve) => {
      const cancel = clock.after(input.timeoutMs, () => session.kill({ kind: "timeout", message: `took longer than ${formatSeconds(input.timeoutMs)}` }));
      session.opening = (value) => {
        cancel();
        session.opening = undefined;
        resolve(value);
      };
    }).finally(() => signal?.removeEventListener("abort", onAbort));
    if (signal?.aborted) {
      await session.close();
      throw abortReason(signal);
    }
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

  /**
   * Asks for one page's raw text items (1-based page number). The answer comes when the pages
   * queued before it are done; the page then has `timeoutMs`, and never past `deadline`.
   */
  readPage(pageNumber: number, timeoutMs: number, deadline = Number.POSITIVE_INFINITY): Promise<PageOutcome> {
    if (this.dead) return Promise.resolve({ ok: false, unread: true });
    return new Promise((resolve) => {
      this.pending.push({ pageNumber, timeoutMs, deadline, resolve });
      this.worker.postMessage({ type: "page", pageNumber });
      if (this.pending.length === 1) this.armHead();
    });
  }

  /** Stops the thread now; pages still queued come back `unread`. */
  abort(): void {
    this.kill({ kind: "crashed", message: "cancelled" });
  }

  /** Releases the document and ends the thread; safe to call more than once. */
  async close(): Promise<void> {
    if (!this.dead) {
      this.settleAll({ kind: "crashed", message: "closed" }, false);
      const exited = once(this.worker, "exit").catch(() => undefined);
      this.worker.postMessage({ type: "close" });
      // A clean close takes milliseconds; a wedged worker is terminated.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    }
    await this.worker.terminate();
  }

  private receive(message: WorkerMessage): void {
    if (this.opening) return this.opening(message);
    const head = this.pending[0];
    if (message.type === "page" && head?.pageNumber === message.page.pageNumber) return this.settleHead({ ok: true, page: unpackPage(message.page) });
    if (message.type === "page-failed" && head?.pageNumber === message.pageNumber) return this.settleHead({ ok: false, error: message.error });
    this.kill({ kind: "crashed", message: `the PDF reader answered "${message.type}" out of turn` });
  }

  private settleHead(outcome: PageOutcome): void {
    this.disarmHead();
    this.pending.shift()?.resolve(outcome);
    if (this.pending.length > 0) this.armHead();
  }

  /** Starts the clock and the memory guard for the page now being read. */
  private armHead(): void {
    const head = this.pending[0];
    if (!head) return;
    const timeoutMs = Math.max(1, Math.min(head.timeoutMs, head.deadline - this.clock.now()));
    this.cancelHeadTimer = this.clock.after(timeoutMs, () => this.kill({ kind: "timeout", message: `took longer than ${formatSeconds(timeoutMs)}` }));
    // Reading the RSS costs a system call: once per sample, not once per page (pages take
    // milliseconds). A page's baseline is the last sample, at most one interval old.
    if (this.sampler === undefined) {
      this.sampledRss = process.memoryUsage.rss();
      this.sampler = setInterval(() => {
        this.sampledRss = process.memoryUsage.rss();
        if (this.sampledRss - this.headRss > this.limits.memoryGrowthBytes) this.kill({ kind: "memory", message: `needed more than ${Math.round(this.limits.memoryGrowthBytes / 1024 / 1024)} MB of memory` });
      }, MEMORY_SAMPLE_MS);
    }
    this.headRss = this.sampledRss;
  }

  private disarmHead(): void {
    this.cancelHeadTimer?.();
    this.cancelHeadTimer = undefined;
    if (this.pending.length <= 1) {
      clearInterval(this.sampler);
      this.sampler = undefined;
    }
  }

  /** The thread is dead: the page being read gets the failure, the ones behind it `unread`. */
  private kill(failure: WorkerFailure): void {
    if (this.dead) return;
    this.settleAll(failure);
    void this.worker.terminate();
  }

  /** `blameHead`: the page being read gets the failure (else it, too, comes back `unread`). */
  private settleAll(failure: WorkerFailure, blameHead = true): void {
    this.dead = failure;
    this.cancelHeadTimer?.();
    this.cancelHeadTimer = undefined;
    clearInterval(this.sampler);
    this.opening?.(failure);
    const [head, ...rest] = this.pending.splice(0);
    head?.resolve(blameHead ? { ok: false, failure } : { ok: false, unread: true });
    for (const page of rest) page.resolve({ ok: false, unread: true });
  }
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("The extraction was cancelled.", "AbortError");
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
