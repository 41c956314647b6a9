import type { CallRow } from "../db/queries/calls";
import type { JobRow } from "../db/queries/jobs";
import { formatLi } from "../lib/money";

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
