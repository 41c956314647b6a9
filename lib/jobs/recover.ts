import type { Db } from "../../db/client";
import { listUnfinishedCalls, updateCall } from "../../db/queries/calls";
import { ACTIVE_STATUSES, getJob, listJobIdsByStatus, recoverInterruptedJobs, refreshJobTotals } from "../../db/queries/jobs";
import { recordEvent } from "./events";
import { costMicroLi } from "../money";
import { countTokens } from "../tokens";

/**
 * At server start: jobs that were running when the process died are marked interrupted (their
 * output is intact in SQLite), and calls that were in flight are closed as interrupted with a
 * cost estimated by the exact tokenizer from the prompt and the text that had arrived.
 */
export function recoverAfterCrash(db: Db): { jobs: number; calls: number } {
  const calls = listUnfinishedCalls(db);
  const jobIds = new Set<string>();
  for (const call of calls) {
    const completionTokens = countTokens(call.output);
    updateCall(db, {
      id: call.id,
      patch: {
        finishReason: "interrupted",
        errorCode: "interrupted",
        errorMessage: "The server stopped during this call; cost estimated from the prompt and the text received.",
        usageSource: "estimated",
        completionTokens,
        costMicroLi: costMicroLi({ inputMicroLiPerToken: call.inputMicroLiPerToken, outputMicroLiPerToken: call.outputMicroLiPerToken }, call.promptTokens, completionTokens),
      },
    });
    jobIds.add(call.jobId);
  }
  for (const jobId of jobIds) refreshJobTotals(db, { id: jobId });
  const stopped = listJobIdsByStatus(db, { statuses: ACTIVE_STATUSES });
  const count = recoverInterruptedJobs(db);
  // Viewers replaying the log see how it ended.
  for (const id of stopped) {
    const job = getJob(db, { id });
    recordEvent(db, id, { type: "end", data: { status: "interrupted", errorCode: "interrupted", errorMessage: job?.errorMessage ?? null, costMicroLi: job?.costMicroLi ?? 0 } });
  }
  return { jobs: count, calls: calls.length };
}
