import type { CallRow } from "../../db/queries/calls";
import type { JobRow } from "../../db/queries/jobs";
import { formatLi } from "../money";
import { parseStoredPlan } from "../prompt/plan-schema";
import { jobStatusSchema, type CallView, type JobDetail, type JobSummary } from "./wire";

/** A job as the API shows it (jobSummarySchema in ./wire): money as exact decimal strings in li beside the integers. */
export function jobSummary(job: JobRow): JobSummary {
  return {
    id: job.id,
    documentId: job.documentId,
    name: job.name,
    kind: job.kind,
    task: job.task,
    instructions: job.instructions,
    question: job.question,
    // The column is plain text; only JobStatus values are ever written to it.
    status: jobStatusSchema.parse(job.status),
    errorCode: job.errorCode,
    errorMessage: job.errorMessage,
    callsDone: job.callsDone,
    callsPlanned: job.callsPlanned,
    promptTokens: job.promptTokens,
    completionTokens: job.completionTokens,
    reasoningTokens: job.reasoningTokens,
    costMicroLi: job.costMicroLi,
    costLi: formatLi(job.costMicroLi),
    maxMicroLi: job.maxMicroLi,
    createdAtMs: job.createdAtMs,
    startedAtMs: job.startedAtMs,
    finishedAtMs: job.finishedAtMs,
  };
}

export function callView(call: CallRow): CallView {
  return {
    id: call.id,
    purpose: call.purpose,
    stepKey: call.stepKey,
    round: call.round,
    attempts: call.attempts,
    httpStatus: call.httpStatus,
    promptTokens: call.promptTokens,
    completionTokens: call.completionTokens,
    reasoningTokens: call.reasoningTokens,
    usageSource: call.usageSource,
    finishReason: call.finishReason,
    errorCode: call.errorCode,
    errorMessage: call.errorMessage,
    timeToFirstTokenMs: call.timeToFirstTokenMs,
    durationMs: call.durationMs,
    inputMicroLiPerToken: call.inputMicroLiPerToken,
    outputMicroLiPerToken: call.outputMicroLiPerToken,
    costMicroLi: call.costMicroLi,
    costLi: formatLi(call.costMicroLi),
  };
}

export function jobDetail(job: JobRow, calls: CallRow[]): JobDetail {
  return {
    ...jobSummary(job),
    output: job.output,
    plan: parseStoredPlan(job.planJson),
    calls: calls.map(callView),
  };
}
