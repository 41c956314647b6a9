import { z } from "zod";

/**
 * What a job has done so far, stored with it (jobs.state_json) so a resumed job never pays for a
 * finished step again and a cut answer goes on from its last text.
 */
export const stepStateSchema = z.object({
  done: z.boolean(),
  /** The step's answer so far (map notes, merged notes, or the report). */
  text: z.string(),
  /** Continuation rounds used (calls that ended with finish_reason "length"). */
  rounds: z.number().int().min(0),
  title: z.string().optional(),
});

export const jobStateSchema = z.object({
  steps: z.record(z.string(), stepStateSchema).default({}),
});

export type StepState = z.infer<typeof stepStateSchema>;
export type JobState = z.infer<typeof jobStateSchema>;

/**
 * The stored state, or a failure: silently starting from nothing would pay for every finished
 * step again.
 */
export function parseJobState(json: string): JobState {
  let value: unknown;
  try {
    value = JSON.parse(json || "{}");
  } catch {
    value = undefined;
  }
  const parsed = jobStateSchema.safeParse(value);
  if (!parsed.success) throw new Error("the job's stored state is damaged; start a new job instead of resuming this one");
  return parsed.data;
}
