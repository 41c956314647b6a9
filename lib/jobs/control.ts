import { getJob, type JobRow } from "../../db/queries/jobs";
import { cancelUnclaimedQueuedJob, requestCancel } from "../../db/queries/leases";
import { AppError, notFound } from "../errors";
import type { ServerContext } from "../server-context";
import { prepareResume } from "./create";
import { recordEvent } from "./events";
import { LEASE_TICK_MS } from "./lease-keeper";
import { sweepStaleLeases } from "./recover";
import type { JobRunner } from "./runner";

const CANCELLED_BEFORE_START = "Cancelled before it started. Resume it to run it.";

/**
 * Cancels a job wherever it runs. A job whose process is gone is ended as cancelled now; a queued
 * job nobody has taken is cancelled now; a job some process holds gets a stored cancel request,
 * which its holder sees within a lease tick (at once when the holder is this process) and stops
 * on, recording the partial call's cost. A finished job is a 409.
 */
export function cancelJob(context: ServerContext, { id, runner, nowMs = Date.now() }: { id: string; runner?: JobRunner; nowMs?: number }): JobRow {
  const { db } = context;
  const job = getJob(db, { id });
  if (!job) throw notFound("The job");
  if (sweepStaleLeases(db, { nowMs, jobId: id, status: "cancelled", prefixContinuation: context.config.llm.profile.prefixContinuation }).jobs > 0) return getJob(db, { id }) ?? job;
  if (cancelUnclaimedQueuedJob(db, { id, message: CANCELLED_BEFORE_START, nowMs })) {
    const cancelled = getJob(db, { id }) ?? job;
    recordEvent(db, id, { type: "end", data: { status: "cancelled", errorCode: "cancelled", errorMessage: CANCELLED_BEFORE_START, costMicroLi: cancelled.costMicroLi } });
    return cancelled;
  }
  if (requestCancel(db, { id, nowMs })) {
    runner?.abortLocal(id);
    return getJob(db, { id }) ?? job;
  }
  throw new AppError("not_running", 409, `This job is ${job.status}, not running or queued, so there is nothing to cancel.`);
}

/**
 * Puts a stopped job back in the queue (finished steps are not paid for again). A job still
 * marked running whose process is gone (a killed CLI, a server that died) is first ended as
 * interrupted, so it can be resumed without waiting for a restart.
 */
export function resumeJob(context: ServerContext, { id, maxMicroLi, runner, nowMs = Date.now() }: { id: string; maxMicroLi?: number | null; runner?: JobRunner; nowMs?: number }): JobRow {
  sweepStaleLeases(context.db, { nowMs, jobId: id, prefixContinuation: context.config.llm.profile.prefixContinuation });
  const job = prepareResume(context, { id, maxMicroLi });
  runner?.enqueue();
  return job;
}

const ACTIVE = new Set(["queued", "running"]);

/**
 * Before a job is deleted: cancel it if it is active and wait until its holder has stopped
 * writing to it (a job deleted under its runner would fail on its next write). A holder that
 * does not stop within `waitMs` makes this a 409.
 */
export async function stopBeforeDelete(context: ServerContext, { id, runner, waitMs = 10_000 }: { id: string; runner?: JobRunner; waitMs?: number }): Promise<void> {
  const job = getJob(context.db, { id });
  if (!job) throw notFound("The job");
  if (!ACTIVE.has(job.status)) return;
  cancelJob(context, { id, runner });
  if (runner?.isRunningHere(id)) {
    await runner.whenDone(id);
    return;
  }
  // Held by another process: it stops within a tick of seeing the request.
  for (let waited = 0; waited < waitMs; waited += LEASE_TICK_MS) {
    const current = getJob(context.db, { id });
    if (!current || !ACTIVE.has(current.status)) return;
    await new Promise((resolve) => setTimeout(resolve, LEASE_TICK_MS));
  }
  throw new AppError("still_running", 409, "The job is still running in another process and did not stop in time; cancel it, wait for it to stop, then delete it.");
}
