import { listCalls, type CallRow } from "../db/queries/calls";
import { getJob, type JobRow, type JobStatus } from "../db/queries/jobs";
import { claimJob } from "../db/queries/leases";
import { executeJob } from "../lib/jobs/execute";
import { LeaseKeeper } from "../lib/jobs/lease-keeper";
import { formatLi } from "../lib/money";
import type { ServerContext } from "../lib/server-context";

/** The `--json` result of a job: its status, output, exact cost and every call. */
export function jobJson(job: JobRow, calls: CallRow[]) {
  return {
    id: job.id,
    status: job.status,
    output: job.output,
    costLi: formatLi(job.costMicroLi),
    costMicroLi: job.costMicroLi,
    errorCode: job.errorCode,
    errorMessage: job.errorMessage,
    calls: calls.map((call) => ({
      purpose: call.purpose,
      stepKey: call.stepKey,
      round: call.round,
      promptTokens: call.promptTokens,
      completionTokens: call.completionTokens,
      usageSource: call.usageSource,
      finishReason: call.finishReason,
      attempts: call.attempts,
      costLi: formatLi(call.costMicroLi),
      costMicroLi: call.costMicroLi,
    })),
  };
}

/** The one-line summary printed to stderr when a job ends. */
export function jobSummaryLine(job: JobRow, calls: CallRow[], suffix = ""): string {
  return `${job.status}: ${calls.length} call(s), ${job.promptTokens.toLocaleString("en-US")} tokens in, ${job.completionTokens.toLocaleString("en-US")} out, ${formatLi(job.costMicroLi)} li (job ${job.id}${suffix})`;
}

/**
 * Runs a recorded job in this process, streaming the report to stdout (unless `json`), with
 * progress and retries on stderr. The job must have been created leased to this process
 * (cliContext). The first Ctrl-C, or a cancel from the web app, cancels the job (its partial call
 * is recorded); later signals are absorbed until the job has written its end.
 */
export async function runJobInTerminal(context: ServerContext, jobId: string, { json }: { json: boolean }): Promise<{ status: JobStatus; job: JobRow; calls: CallRow[] } | undefined> {
  const controller = new AbortController();
  const onSignal = () => {
    if (!controller.signal.aborted) process.stderr.write("\ncancelling…\n");
    controller.abort();
  };
  const lease = context.ownJobs;
  if (!lease || !claimJob(context.db, { id: jobId, owner: lease.owner, leaseMs: lease.leaseMs, nowMs: Date.now() })) {
    throw new Error(`job ${jobId} is not held by this process, so it cannot run it here`);
  }
  // Heartbeats keep the job ours while it runs; a cancel stored by the web app stops it here.
  const keeper = new LeaseKeeper(context.db, lease.owner, lease.leaseMs);
  keeper.hold(jobId, controller);
  const stopKeeper = keeper.start();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const status = await executeJob(context, jobId, controller.signal, {
      observe: (event) => {
        if (json) return;
        if (event.type === "delta" && event.data.final) process.stdout.write(event.data.text);
        else if (event.type === "call-start" && (event.data.purpose === "map" || event.data.purpose === "reduce" || event.data.round > 0))
          process.stderr.write(`[${event.data.key}${event.data.round > 0 ? ` round ${event.data.round + 1}` : ""}] ${event.data.title}\n`);
        else if (event.type === "retry") process.stderr.write(`[retry ${event.data.attempt}] ${event.data.message}\n`);
      },
    });
    const job = getJob(context.db, { id: jobId });
    return job ? { status, job, calls: listCalls(context.db, { jobId }) } : undefined;
  } finally {
    stopKeeper();
    keeper.drop(jobId);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
