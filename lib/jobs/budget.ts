import { AppError } from "../errors";
import { formatLi } from "../money";
import type { PromptPlan } from "../prompt/types";

/**
 * The one budget rule. Before every call the job checks that what it has spent plus the worst
 * case of that call (its prompt, and the whole output cap) stays within the cap. A job is
 * accepted only if its cap passes that same check for its first call with nothing spent, so a
 * job answered with 202 never stops on its budget before its first call.
 */

export interface CallPrices {
  inputMicroLiPerToken: number;
  outputMicroLiPerToken: number;
}

/** Most a call can cost, in micro-li: every prompt token and the whole output cap. */
export function worstCallMicroLi(call: { promptTokens: number; maxTokens: number }, prices: CallPrices): number {
  return call.promptTokens * prices.inputMicroLiPerToken + call.maxTokens * prices.outputMicroLiPerToken;
}

/** Whether a call may start: spent + its worst case within the cap (no cap: always). */
export function callFitsBudget({ capMicroLi, spentMicroLi, worstMicroLi }: { capMicroLi: number | null; spentMicroLi: number; worstMicroLi: number }): boolean {
  return capMicroLi === null || spentMicroLi + worstMicroLi <= capMicroLi;
}

/**
 * The check made when a job or a question is created: the cap must cover the worst case of the
 * first call (the same check the job makes before it), and, for a job of several calls, the
 * least the whole job can cost (a smaller cap could only pay for a part that is never a report).
 */
export function admitCap(plan: PromptPlan, capMicroLi: number | null, what: "job" | "question" = "job"): void {
  if (capMicroLi === null) return;
  const first = plan.calls[0];
  if (!first) return;
  const worst = worstCallMicroLi(first, plan.cost);
  if (!callFitsBudget({ capMicroLi, spentMicroLi: 0, worstMicroLi: worst })) {
    throw new AppError(
      "budget",
      422,
      `The cap of ${formatLi(capMicroLi)} li does not cover the first call: before each call this ${what} checks that the call's worst case (its prompt and the whole output cap) fits the cap, and the first call could cost up to ${formatLi(worst)} li. Raise the cap to at least that.`,
    );
  }
  if (capMicroLi < plan.cost.totalMicroLiMin) {
    throw new AppError("budget", 422, `The cap of ${formatLi(capMicroLi)} li is below the least this ${what} can cost (${formatLi(plan.cost.totalMicroLiMin)} li for its input), so it could never finish. Raise the cap.`);
  }
}
