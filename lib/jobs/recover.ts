import type { Db } from "../../db/client";
import { listCalls, listUnfinishedCalls, updateCall } from "../../db/queries/calls";
import { listEventsAfter, type StoredEvent } from "../../db/queries/events";
import { getJob, refreshJobTotals, updateJob, type JobRow } from "../../db/queries/jobs";
import { endAbandonedJob, listLeasedOrOrphanedJobs } from "../../db/queries/leases";
import { costMicroLi } from "../money";
import { parseStoredPlan } from "../prompt/plan-schema";
import { countTokens } from "../tokens";
import { recordEvent } from "./events";
import { ownerKnownDead } from "./owner";
import { stepTexts } from "./state";

export interface SweepOptions {
  nowMs: number;
  /** Sweep only this job (cancel and resume look at one job). */
  jobId?: string;
  /** What a swept job becomes: interrupted (resumable), or cancelled when a person asked. */
  status?: "interrupted" | "cancelled";
  /** How the profile continues a cut answer (the seams of the report rebuilt from its calls). */
  prefixContinuation?: "partial" | "continue_final_message" | "none";
  /** Tests: another machine's name, a fake process table. */
  host?: string;
  alive?: (pid: number) => boolean;
}

const MESSAGES = {
  interrupted: "The process running this job stopped (a killed server or CLI). Its output so far is kept; resume it to go on from where it stopped.",
  cancelled: "Cancelled. The process running this job had stopped; its output so far is kept, and resuming goes on from there.",
};

/**
 * Jobs whose holder is gone: a lease that ran out without a heartbeat, a holder on this machine
 * whose process no longer exists, or a job left running by a version without leases. Each is
 * ended (interrupted by default) in one conditional statement, so a holder that renews at the same
 * moment keeps its job; then its calls that were in flight are closed with a cost estimated by
 * the exact tokenizer from the prompt and the text that had arrived. Live jobs are never touched,
 * whoever runs them (a CLI beside the server, another server).
 */
export function sweepStaleLeases(db: Db, options: SweepOptions): { jobs: number; calls: number } {
  const status = options.status ?? "interrupted";
  let jobs = 0;
  let calls = 0;
  for (const lease of listLeasedOrOrphanedJobs(db, { jobId: options.jobId })) {
    const stale =
      lease.leaseOwner === null ||
      lease.leaseExpiresAtMs === null ||
      lease.leaseExpiresAtMs <= options.nowMs ||
      ownerKnownDead(lease.leaseOwner, { host: options.host, alive: options.alive });
    if (!stale) continue;
    const ended = endAbandonedJob(db, { id: lease.id, leaseOwner: lease.leaseOwner, leaseExpiresAtMs: lease.leaseExpiresAtMs, status, errorCode: status, message: MESSAGES[status], nowMs: options.nowMs });
    if (!ended) continue;
    jobs += 1;
    calls += closeCutCalls(db, lease.id);
    keepReportSoFar(db, lease.id, options.prefixContinuation ?? "partial");
    const job = getJob(db, { id: lease.id });
    // Viewers replaying the log see how it ended.
    recordEvent(db, lease.id, { type: "end", data: { status, errorCode: status, errorMessage: MESSAGES[status], costMicroLi: job?.costMicroLi ?? 0 } });
  }
  return { jobs, calls };
}

/**
 * What a cut call streamed, from the job's delta events after its call-start: they are written
 * every 300 ms and the call's row at most once a second, so after a kill the events can hold up
 * to a second more of text than the row. Used only when it extends the row's text.
 */
function streamedText(events: StoredEvent[], call: { stepKey: string; round: number }): string | null {
  let start = -1;
  events.forEach((event, index) => {
    const data = event.data as { key?: unknown; round?: unknown };
    if (event.type === "call-start" && data.key === call.stepKey && data.round === call.round) start = index;
  });
  if (start === -1) return null;
  let text = "";
  for (const event of events.slice(start + 1)) {
    const data = event.data as { key?: unknown; text?: unknown };
    if (data.key !== call.stepKey) continue;
    if (event.type === "call-end") break;
    if (event.type === "delta" && typeof data.text === "string") text += data.text;
  }
  return text;
}

/** Closes a dead job's in-flight calls, billed as estimated from the text that arrived. */
function closeCutCalls(db: Db, jobId: string): number {
  const calls = listUnfinishedCalls(db, { jobId });
  const events = calls.length > 0 ? listEventsAfter(db, { jobId, afterId: 0, limit: Number.MAX_SAFE_INTEGER }) : [];
  for (const call of calls) {
    const streamed = streamedText(events, call);
    const output = streamed !== null && streamed.length > call.output.length && streamed.startsWith(call.output) ? streamed : call.output;
    const completionTokens = countTokens(output);
    updateCall(db, {
      id: call.id,
      patch: {
        finishReason: "interrupted",
        errorCode: "interrupted",
        errorMessage: "The process running this call stopped; cost estimated from the prompt and the text received.",
        usageSource: "estimated",
        output,
        completionTokens,
        costMicroLi: costMicroLi({ inputMicroLiPerToken: call.inputMicroLiPerToken, outputMicroLiPerToken: call.outputMicroLiPerToken }, call.promptTokens, completionTokens),
      },
    });
  }
  if (calls.length > 0) refreshJobTotals(db, { id: jobId });
  return calls.length;
}

/**
 * A job's row holds its report as of its last finished call; the text that streamed after that
 * is in its calls. A job whose process died gets the report so far written back from them, so
 * the interrupted job shows everything that had arrived.
 */
function keepReportSoFar(db: Db, jobId: string, prefixContinuation: NonNullable<SweepOptions["prefixContinuation"]>): void {
  const job = getJob(db, { id: jobId });
  if (!job) return;
  const report = reportFromCalls(db, job, prefixContinuation);
  if (report !== null && report.length > job.output.length && report.startsWith(job.output)) updateJob(db, { id: jobId, patch: { output: report } });
}

function reportFromCalls(db: Db, job: JobRow, prefixContinuation: NonNullable<SweepOptions["prefixContinuation"]>): string | null {
  let plan;
  try {
    plan = parseStoredPlan(job.planJson);
  } catch {
    return null;
  }
  const finalKey = plan.strategy === "map-reduce" ? "reduce:final" : plan.calls[0]?.key;
  if (finalKey === undefined) return null;
  const text = stepTexts(listCalls(db, { jobId: job.id }), prefixContinuation).get(finalKey);
  return text === undefined ? null : (plan.preamble ?? "") + text;
}

/** The sweep as a process start runs it: every job whose holder is gone, now. */
export function recoverAfterCrash(db: Db): { jobs: number; calls: number } {
  return sweepStaleLeases(db, { nowMs: Date.now() });
}
