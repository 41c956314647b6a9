import type { Db } from "../../db/client";
import { releaseLease, renewLease } from "../../db/queries/leases";
import { SHUTDOWN } from "./execute";

/**
 * How often a holder renews its leases and looks for stored cancel requests. A cancel asked
 * anywhere (another server, the CLI's Ctrl-C, a request handled by a process that does not run
 * the job) reaches the holder within this interval; it is well under a second by design.
 */
export const LEASE_TICK_MS = 400;

/** Why a held job was stopped from outside, as the AbortSignal's reason. */
export const CANCELLED = "cancelled";

/**
 * The leases one process holds. Each tick renews every held lease and reads back its cancel
 * request in the same statement; a stored cancel aborts the job's signal (a person cancelled), a
 * lease found lost aborts it as a shutdown (another process swept it while this one stalled, so
 * this one must stop and leave the job to whoever resumes it).
 */
export class LeaseKeeper {
  private readonly held = new Map<string, AbortController>();

  constructor(
    private readonly db: Db,
    readonly owner: string,
    private readonly leaseMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  hold(jobId: string, controller: AbortController): void {
    this.held.set(jobId, controller);
  }

  /** Stops renewing and lets the lease go (the job ended or stopped). */
  drop(jobId: string): void {
    this.held.delete(jobId);
    releaseLease(this.db, { id: jobId, owner: this.owner });
  }

  holds(jobId: string): boolean {
    return this.held.has(jobId);
  }

  tick(): void {
    const nowMs = this.now();
    for (const [jobId, controller] of this.held) {
      if (controller.signal.aborted) continue;
      let check;
      try {
        check = renewLease(this.db, { id: jobId, owner: this.owner, leaseMs: this.leaseMs, nowMs });
      } catch (error) {
        // A busy database: try again at the next tick; the lease outlives several of them.
        console.error(`[longdoc] could not renew the lease of job ${jobId}: ${String(error)}`);
        continue;
      }
      if (!check.held) controller.abort(SHUTDOWN);
      else if (check.cancelRequested) controller.abort(CANCELLED);
    }
  }

  /** Runs `tick` every LEASE_TICK_MS until the returned stop function is called. */
  start(intervalMs = LEASE_TICK_MS): () => void {
    const timer = setInterval(() => this.tick(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
