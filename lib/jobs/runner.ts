import { getJob, updateJob } from "../../db/queries/jobs";
import { redactSecrets } from "../log";
import type { ServerContext } from "../server-context";
import { recordEvent } from "./events";
import { executeJob, SHUTDOWN, type ExecuteDeps } from "./execute";

/**
 * Runs jobs on the server, a bounded number at once; the rest wait in a queue. Jobs run whether
 * or not anyone watches. Under 429 storms the shared rate gate of lib/llm holds every call back
 * together, so the runner backs off as a whole instead of multiplying retries.
 */
export class JobRunner {
  private readonly queue: string[] = [];
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly context: ServerContext,
    private readonly concurrency: number,
    private readonly deps: ExecuteDeps = {},
  ) {}

  enqueue(jobId: string): void {
    if (this.queue.includes(jobId) || this.running.has(jobId)) return;
    this.queue.push(jobId);
    this.pump();
  }

  /** Aborts a running job's upstream call at once, or takes a queued job off the queue. */
  cancel(jobId: string): boolean {
    const running = this.running.get(jobId);
    if (running) {
      running.controller.abort();
      return true;
    }
    const index = this.queue.indexOf(jobId);
    if (index === -1) return false;
    this.queue.splice(index, 1);
    const message = "Cancelled before it started. Resume it to run it.";
    updateJob(this.context.db, { id: jobId, patch: { status: "cancelled", errorCode: "cancelled", errorMessage: message, finishedAtMs: Date.now() } });
    const job = getJob(this.context.db, { id: jobId });
    recordEvent(this.context.db, jobId, { type: "end", data: { status: "cancelled", errorCode: "cancelled", errorMessage: message, costMicroLi: job?.costMicroLi ?? 0 } });
    return true;
  }

  isActive(jobId: string): boolean {
    return this.running.has(jobId) || this.queue.includes(jobId);
  }

  /** Resolves when this job is not running (at once when it is not). */
  whenDone(jobId: string): Promise<void> {
    return this.running.get(jobId)?.done ?? Promise.resolve();
  }

  /**
   * Server shutdown: queued jobs stay queued (marked interrupted at the next start), running
   * ones stop their upstream call at once and are marked interrupted, to be resumed.
   */
  async shutdown(graceMs = 5_000): Promise<void> {
    this.queue.splice(0);
    for (const { controller } of this.running.values()) controller.abort(SHUTDOWN);
    await Promise.race([this.whenIdle(), new Promise((resolve) => setTimeout(resolve, graceMs))]);
  }

  /** Resolves when nothing runs or waits (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.running.size === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  /** A job must never stay "running" with nobody running it. */
  private failUnexpectedly(jobId: string, error: unknown): void {
    console.error(`[longdoc] job ${jobId} crashed: ${redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
    try {
      const job = getJob(this.context.db, { id: jobId });
      if (!job || (job.status !== "running" && job.status !== "queued")) return;
      const message = "The job stopped on an unexpected server error (details are in the server log). Its output so far is kept; resume it to try again.";
      updateJob(this.context.db, { id: jobId, patch: { status: "failed", errorCode: "internal_error", errorMessage: message, finishedAtMs: Date.now() } });
      recordEvent(this.context.db, jobId, { type: "end", data: { status: "failed", errorCode: "internal_error", errorMessage: message, costMicroLi: job.costMicroLi } });
    } catch (inner) {
      console.error(`[longdoc] could not mark job ${jobId} failed: ${redactSecrets(String(inner))}`);
    }
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.queue.length > 0) {
      const jobId = this.queue.shift() as string;
      const controller = new AbortController();
      const done = executeJob(this.context, jobId, controller.signal, this.deps)
        .then(() => undefined)
        .catch((error: unknown) => this.failUnexpectedly(jobId, error))
        .finally(() => {
          this.running.delete(jobId);
          this.pump();
          if (this.running.size === 0 && this.queue.length === 0) {
            for (const resolve of this.idle) resolve();
            this.idle.clear();
          }
        });
      this.running.set(jobId, { controller, done });
    }
  }
}

const holder = globalThis as unknown as { __longdocRunner?: JobRunner };

/** The process's runner (one per server process, cached across dev reloads). */
export function getRunner(context: ServerContext): JobRunner {
  holder.__longdocRunner ??= new JobRunner(context, context.config.jobsConcurrency);
  return holder.__longdocRunner;
}
