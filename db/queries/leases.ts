import type { Db } from "../client";

/**
 * Job leases: a job is run only by the process that holds its unexpired lease. Every statement
 * here is one atomic UPDATE, so two processes on the same database can never both take a job.
 * Times are passed in (`nowMs`) so that callers and tests decide the clock.
 */

/** A queued job nobody holds, taken for `owner`; returns its id, or null when none waits. */
export function claimNextQueuedJob(db: Db, { owner, leaseMs, nowMs }: { owner: string; leaseMs: number; nowMs: number }): string | null {
  const row = db.$client
    .prepare(
      `update jobs set lease_owner = @owner, lease_expires_at_ms = @expires
       where id = (select id from jobs where status = 'queued' and lease_owner is null order by created_at_ms, id limit 1)
         and status = 'queued' and lease_owner is null
       returning id`,
    )
    .get({ owner, expires: nowMs + leaseMs }) as { id: string } | undefined;
  return row?.id ?? null;
}

/**
 * Takes a queued job for `owner` if nobody else holds it (or it already holds it, as the CLI
 * does from creation). False when another live process has it or it is not queued.
 */
export function claimJob(db: Db, { id, owner, leaseMs, nowMs }: { id: string; owner: string; leaseMs: number; nowMs: number }): boolean {
  return (
    db.$client
      .prepare(
        `update jobs set lease_owner = @owner, lease_expires_at_ms = @expires
         where id = @id and status = 'queued' and (lease_owner is null or lease_owner = @owner)`,
      )
      .run({ id, owner, expires: nowMs + leaseMs }).changes > 0
  );
}

export interface LeaseCheck {
  /** False when the lease was lost (swept as stale while this process was stalled). */
  held: boolean;
  /** A cancel request is stored for the job. */
  cancelRequested: boolean;
}

/** Extends the holder's lease and tells it whether a cancel was asked for. */
export function renewLease(db: Db, { id, owner, leaseMs, nowMs }: { id: string; owner: string; leaseMs: number; nowMs: number }): LeaseCheck {
  const row = db.$client
    .prepare(
      `update jobs set lease_expires_at_ms = @expires
       where id = @id and lease_owner = @owner
       returning cancel_requested_at_ms as cancelRequestedAtMs`,
    )
    .get({ id, owner, expires: nowMs + leaseMs }) as { cancelRequestedAtMs: number | null } | undefined;
  if (!row) {
    const other = db.$client.prepare("select cancel_requested_at_ms as cancelRequestedAtMs from jobs where id = ?").get(id) as { cancelRequestedAtMs: number | null } | undefined;
    return { held: false, cancelRequested: other?.cancelRequestedAtMs != null };
  }
  return { held: true, cancelRequested: row.cancelRequestedAtMs !== null };
}

/** Lets go of a job's lease (the job ended or stopped); its cancel request is spent with it. */
export function releaseLease(db: Db, { id, owner }: { id: string; owner: string }): void {
  db.$client.prepare("update jobs set lease_owner = null, lease_expires_at_ms = null, cancel_requested_at_ms = null where id = ? and lease_owner = ?").run(id, owner);
}

/** Stores a cancel request for a job that is queued or running; false when it is neither. */
export function requestCancel(db: Db, { id, nowMs }: { id: string; nowMs: number }): boolean {
  return db.$client.prepare("update jobs set cancel_requested_at_ms = coalesce(cancel_requested_at_ms, ?) where id = ? and status in ('queued', 'running')").run(nowMs, id).changes > 0;
}

/** Cancels a queued job that nobody has taken yet, in one statement; false when it was taken or is not queued. */
export function cancelUnclaimedQueuedJob(db: Db, { id, message, nowMs }: { id: string; message: string; nowMs: number }): boolean {
  return (
    db.$client
      .prepare(
        `update jobs set status = 'cancelled', error_code = 'cancelled', error_message = @message, finished_at_ms = @now, updated_at_ms = @now, cancel_requested_at_ms = null
         where id = @id and status = 'queued' and lease_owner is null`,
      )
      .run({ id, message, now: nowMs }).changes > 0
  );
}

export interface ActiveLease {
  id: string;
  status: string;
  leaseOwner: string | null;
  leaseExpiresAtMs: number | null;
}

/**
 * Jobs marked queued or running that somebody holds, or that are running with no holder at all
 * (left by a version without leases): the candidates for the stale sweep.
 */
export function listLeasedOrOrphanedJobs(db: Db, { jobId }: { jobId?: string } = {}): ActiveLease[] {
  return db.$client
    .prepare(
      `select id, status, lease_owner as leaseOwner, lease_expires_at_ms as leaseExpiresAtMs from jobs
       where ((status in ('queued', 'running') and lease_owner is not null) or (status = 'running' and lease_owner is null))
         and (@jobId is null or id = @jobId)`,
    )
    .all({ jobId: jobId ?? null }) as ActiveLease[];
}

/**
 * Ends a job whose holder is gone, if it is still as the sweep saw it (same holder, still active):
 * returns false when the holder renewed or finished in between.
 */
export function endAbandonedJob(
  db: Db,
  {
    id,
    leaseOwner,
    leaseExpiresAtMs,
    status,
    errorCode,
    message,
    nowMs,
  }: { id: string; leaseOwner: string | null; leaseExpiresAtMs: number | null; status: "interrupted" | "cancelled"; errorCode: string; message: string; nowMs: number },
): boolean {
  return (
    db.$client
      .prepare(
        `update jobs set status = @status, error_code = @errorCode, error_message = @message, finished_at_ms = @now, updated_at_ms = @now,
           lease_owner = null, lease_expires_at_ms = null, cancel_requested_at_ms = null
         where id = @id and status in ('queued', 'running') and lease_owner is @leaseOwner and lease_expires_at_ms is @expires`,
      )
      .run({ id, leaseOwner, expires: leaseExpiresAtMs, status, errorCode, message, now: nowMs }).changes > 0
  );
}
