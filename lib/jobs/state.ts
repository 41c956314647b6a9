import { z } from "zod";
import type { CallRow } from "../../db/queries/calls";
import { joinAtSeam } from "../prompt/continuation";

/**
 * What a job has done so far, stored with it (jobs.state_json) so a resumed job never pays for a
 * finished step again. The steps' text is not stored here: it is the text of the step's calls
 * (llm_calls.output, written as it streams), joined as the runner joined it.
 *
 * Version 1 (stored without a version) also held every step's text, rewritten with the state;
 * that text is the same as its calls' and is dropped when read.
 */
const stepStateV1Schema = z.object({
  done: z.boolean(),
  text: z.string(),
  rounds: z.number().int().min(0),
  title: z.string().optional(),
});

const jobStateV1Schema = z.object({
  version: z.literal(1).optional(),
  steps: z.record(z.string(), stepStateV1Schema).default({}),
});

export const stepStateSchema = z.object({
  done: z.boolean(),
  /** Continuation rounds used (calls that ended with finish_reason "length"). */
  rounds: z.number().int().min(0),
  title: z.string().optional(),
});

export const jobStateSchema = z.object({
  version: z.literal(2),
  steps: z.record(z.string(), stepStateSchema).default({}),
});

export type StepState = z.infer<typeof stepStateSchema>;
export type JobState = z.infer<typeof jobStateSchema>;

export function emptyJobState(): JobState {
  return { version: 2, steps: {} };
}

/**
 * The stored state of any version, in today's shape; or a failure: silently starting from
 * nothing would pay for every finished step again.
 */
export function parseJobState(json: string): JobState {
  let value: unknown;
  try {
    value = JSON.parse(json || "{}");
  } catch {
    value = undefined;
  }
  const isV2 = value !== null && typeof value === "object" && "version" in value && value.version === 2;
  if (isV2) {
    const parsed = jobStateSchema.safeParse(value);
    if (parsed.success) return parsed.data;
  } else {
    const parsed = jobStateV1Schema.safeParse(value);
    if (parsed.success) {
      const steps = Object.fromEntries(Object.entries(parsed.data.steps).map(([key, step]) => [key, { done: step.done, rounds: step.rounds, ...(step.title !== undefined ? { title: step.title } : {}) }]));
      return { version: 2, steps };
    }
  }
  throw new Error("the job's stored state is damaged; start a new job instead of resuming this one");
}

/**
 * Each step's answer so far, from its calls in order: the first call's text, then each
 * continuation's — joined at the seam without a repeat when the profile cannot continue a prefix,
 * exactly as the runner joined them while they streamed.
 */
export function stepTexts(calls: Pick<CallRow, "stepKey" | "output">[], prefixContinuation: "partial" | "continue_final_message" | "none"): Map<string, string> {
  const texts = new Map<string, string>();
  for (const call of calls) {
    const answer = texts.get(call.stepKey) ?? "";
    texts.set(call.stepKey, answer !== "" && prefixContinuation === "none" ? joinAtSeam(answer, call.output) : answer + call.output);
  }
  return texts;
}
