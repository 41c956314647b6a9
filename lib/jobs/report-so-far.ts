import type { Db } from "../../db/client";
import { listCalls } from "../../db/queries/calls";
import { getJob } from "../../db/queries/jobs";
import { parseStoredPlan } from "../prompt/plan-schema";
import { FINAL_KEY } from "../prompt/reduce-groups";
import { stepTexts } from "./state";

/**
 * The report as far as its calls wrote it: the preamble and the report step's calls joined. The
 * runner writes jobs.output at each call's end, so after a crash the running call's text is only
 * in its call row; crash recovery writes this back so the stopped job shows all its text.
 */
export function reportSoFar(db: Db, { jobId, prefixContinuation }: { jobId: string; prefixContinuation: "partial" | "continue_final_message" | "none" }): string | null {
  const job = getJob(db, { id: jobId });
  if (!job) return null;
  const plan = parseStoredPlan(job.planJson);
  const key = plan.strategy === "map-reduce" ? FINAL_KEY : plan.calls[0]?.key;
  if (!key) return null;
  const text = stepTexts(listCalls(db, { jobId }), prefixContinuation).get(key);
  if (text === undefined) return null;
  return (plan.preamble ?? "") + text;
}
