import { getJob, updateJob } from "../../db/queries/jobs";
import { claimNextQueuedJob } from "../../db/queries/leases";
import { redactSecrets } from "../log";
import type { ServerContext } from "../server-context";
import { recordEvent } from "./events";
import { executeJob, SHUTDOWN, type ExecuteDeps } from "./execute";
import { LEASE_TICK_MS, LeaseKeeper } from "./lease-keeper";
import { processOwnerId } from "./owner";
import { sweepStaleLeases } from "./recover";

export interface RunnerOptions {
  concurrency: number;
  leaseMs: number;
  /** This process's lease owner id. */
  owner?: string;
  now?: () => number;
  deps?: ExecuteDeps;
}

/**
 * Runs the server's jobs, a bounded number at once. The queue is the database: a queued job that
 * no process holds is taken with an atomic claim, so a CLI beside the server (which holds its own
 * jobs from creation) and a second server never run the same job. While a job runs its lease is
 * renewed and its stored cancel request read every tick; jobs whose holder is gone are swept to
 * interrupted. Under 429 storms the shared rate gate of lib/llm holds every call back together,
 * so the runner backs off as a whole instead of multiplying retries.
 */
export class JobRunner {
  readonly keeper: LeaseKeeper;
  private readonly running = new Map<string, Promise<void>>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly idle = new Set<() => void>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private lastSweepMs = Number.NEGATIVE_INFINITY;
  private stopping = false;

  constructor(
    private readonly context: ServerContext,
    private readonly options: RunnerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.keeper = new LeaseKeeper(context.db, options.owner ?? processOwnerId(), options.leaseMs, this.now);
  }

  get owner(): string {
    return this.keeper.owner;
  }

  /** Sweeps stale leases, takes up queued jobs, and keeps ticking until shutdown. */
  start(): void {
    if (this.timer || this.stopping) return;
    this.timer = setInterval(() => this.tick(), LEASE_TICK_MS);
    this.timer.unref();
    this.tick();
  }

  /** Renews the leases held here, acts on cancel requests, then does the upkeep. */
  tick(): void {
    this.keeper.tick();
    this.maintain();
  }

  /** One round of upkeep: the stale sweep now and then, and queued jobs taken up while there is room. */
  maintain(): void {
    const nowMs = this.now();
    // Sweeping often costs one small query; a lease a third gone is still far from expiry.
    if (nowMs - this.lastSweepMs >= Math.min(this.options.leaseMs / 3, 5_000)) {
      this.lastSweepMs = nowMs;
      try {
        const swept = sweepStaleLeases(this.context.db, { nowMs, prefixContinuation: this.context.config.llm.profile.prefixContinuation });
        if (swept.jobs > 0) console.log(`[longdoc] ${swept.jobs} job(s) whose process had stopped were marked interrupted (resume them from the job page).`);
      } catch (error) {
        console.error(`[longdoc] the stale-job sweep failed: ${redactSecrets(String(error))}`);
      }
    }
    this.pump();
  }

  /** A job was queued (or resumed): take it up now if there is room, instead of at the next tick. */
  enqueue(): void {
    this.start();
    this.pump();
  }

  /** Aborts a job this process runs, at once (the stored request reaches other holders by their tick). */
  abortLocal(jobId: string): boolean {
    const controller = this.controllers.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  isRunningHere(jobId: string): boolean {
    return this.running.has(jobId);
  }

  /** Resolves when this job is not running here (at once when it is not). */
  whenDone(jobId: string): Promise<void> {
    return this.running.get(jobId) ?? Promise.resolve();
  }

  /**
   * Server shutdown: running jobs stop their upstream call at once and are marked interrupted, to
   * be resumed; their leases are let go. Queued jobs stay queued in the database for the next start.
   */
  async shutdown(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const controller of this.controllers.values()) controller.abort(SHUTDOWN);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.whenIdle(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  /** Resolves when nothing runs here (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
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
    while (!this.stopping && this.running.size < this.options.concurrency) {
      let jobId: string | null;
      try {
        jobId = claimNextQueuedJob(this.context.db, { owner: this.owner, leaseMs: this.options.leaseMs, nowMs: this.now() });
      } catch (error) {
        console.error(`[longdoc] could not take up a queued job: ${redactSecrets(String(error))}`);
        return;
      }
      if (jobId === null) return;
      this.launch(jobId);
    }
  }

  private launch(jobId: string): void {
    const controller = new AbortController();
    this.controllers.set(jobId, controller);
    this.keeper.hold(jobId, controller);
    const done = executeJob(this.context, jobId, controller.signal, this.options.deps)
      .then(() => undefined)
      .catch((error: unknown) => this.failUnexpectedly(jobId, error))
      .finally(() => {
        this.keeper.drop(jobId);
        this.controllers.delete(jobId);
        this.running.delete(jobId);
        this.pump();
        if (this.running.size === 0) {
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        }
      });
    this.running.set(jobId, done);
  }
}

const holder = globalThis as unknown as { __longdocRunner?: JobRunner };

/**
 * The process's runner (one per server process, on globalThis: dev reloads and Next's separate
 * bundles for instrumentation and route handlers share it). Started by instrumentation.ts.
 */
export function getRunner(context: ServerContext): JobRunner {
  holder.__longdocRunner ??= new JobRunner(context, { concurrency: context.config.jobsConcurrency, leaseMs: context.config.jobLeaseMs });
  return holder.__longdocRunner;
}
