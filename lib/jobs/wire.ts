/**
 * The one description of a job's data on the wire: its status, its summary (what the HTTP API
 * returns), its calls and its SSE events. The server's types are inferred from these schemas and
 * the browser parses what it receives with them, so the two cannot drift apart.
 *
 * Plain TypeScript and zod only (no node:, no db): the browser bundles this file.
 *
 * Objects are not strict: parsing drops a field it does not know instead of failing, so a server
 * that sends a new field (say a job's `cancelRequested`) never breaks a page built before it.
 */
import { z } from "zod";
import type { PromptPlan } from "../prompt/types";

const count = z.number().int().nonnegative();
const microLi = z.number().int();
const epochMs = z.number().int();

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled", "interrupted"] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** A job in one of these is waiting or running: more of its events are to come. */
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ["queued", "running"];
/** A job in one of these has stopped; only a resume makes it go on. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<string> = new Set<JobStatus>(["succeeded", "failed", "cancelled", "interrupted"]);

/** What a job works on: a document, a codebase, or a question asked of a saved document. */
export const JOB_KINDS = ["document", "codebase", "question"] as const;
export const jobKindSchema = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof jobKindSchema>;

/** A job as the API shows it: money as exact decimal strings in li beside the integers. */
export const jobSummarySchema = z.object({
  id: z.string(),
  documentId: z.string().nullable(),
  name: z.string(),
  /** One of JOB_KINDS; read as a string so that a row written under another name still lists. */
  kind: z.string(),
  task: z.string(),
  instructions: z.string(),
  /** The question asked (jobs of kind "question"), else null. */
  question: z.string().nullable(),
  status: jobStatusSchema,
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  callsDone: count,
  callsPlanned: count,
  promptTokens: count,
  completionTokens: count,
  reasoningTokens: count,
  costMicroLi: microLi,
  /** costMicroLi as an exact decimal string in li. */
  costLi: z.string(),
  /** The job's budget cap, or null for none. */
  maxMicroLi: microLi.nullable(),
  createdAtMs: epochMs,
  startedAtMs: epochMs.nullable(),
  finishedAtMs: epochMs.nullable(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

/** One upstream call of a job, with the prices it was charged at. */
export const callViewSchema = z.object({
  id: z.number().int(),
  purpose: z.string(),
  stepKey: z.string(),
  round: count,
  attempts: count,
  httpStatus: z.number().int().nullable(),
  promptTokens: count,
  completionTokens: count,
  reasoningTokens: count,
  usageSource: z.string(),
  finishReason: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  timeToFirstTokenMs: z.number().nullable(),
  durationMs: z.number().nullable(),
  inputMicroLiPerToken: microLi,
  outputMicroLiPerToken: microLi,
  costMicroLi: microLi,
  costLi: z.string(),
});
export type CallView = z.infer<typeof callViewSchema>;

/** GET /api/jobs/:id: the summary, the report so far, the plan and every call. */
export const jobDetailSchema = jobSummarySchema.extend({
  output: z.string(),
  // The plan is made and stored by the server (lib/prompt); its type is the plan's own, unchecked here.
  plan: z.custom<PromptPlan>((value) => typeof value === "object" && value !== null),
  calls: z.array(callViewSchema),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

/** One question of a document's thread (GET /api/documents/:id/questions) with its answer so far. */
export const threadEntrySchema = jobSummarySchema.extend({
  answer: z.string(),
  strategy: z.string(),
  unitsSent: count,
  unitsTotal: count,
  /** The job's SSE events URL. */
  events: z.string(),
});
export type ThreadEntry = z.infer<typeof threadEntrySchema>;

// The SSE events of /api/jobs/:id/events: `event:` is the type, `data:` the JSON below.

export const statusEventData = z.object({ status: jobStatusSchema, message: z.string().optional() });

export const callStartEventData = z.object({
  key: z.string(),
  purpose: z.string(),
  round: count,
  promptTokens: count,
  maxTokens: count,
  title: z.string(),
  /** blocksSent < blocksTotal: a continuation carried only the part of the material still needed. */
  blocksSent: count.optional(),
  blocksTotal: count.optional(),
});

/** Streamed text of a step; `final` text is the report's (map notes are not). */
export const deltaEventData = z.object({ key: z.string(), final: z.boolean(), text: z.string() });

export const retryEventData = z.object({ key: z.string(), attempt: count, delayMs: z.number().nonnegative(), code: z.string(), message: z.string() });

export const callEndEventData = z.object({
  key: z.string(),
  round: count,
  finishReason: z.string(),
  promptTokens: count,
  completionTokens: count,
  reasoningTokens: count,
  usageSource: z.string(),
  costMicroLi: microLi,
  attempts: count,
  errorCode: z.string().nullable(),
});

export const progressEventData = z.object({ callsDone: count, callsPlanned: count, completionTokens: count, costMicroLi: microLi });

export const endEventData = z.object({ status: jobStatusSchema, errorCode: z.string().nullable(), errorMessage: z.string().nullable(), costMicroLi: microLi });

export const jobEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("status"), data: statusEventData }),
  z.object({ type: z.literal("call-start"), data: callStartEventData }),
  z.object({ type: z.literal("delta"), data: deltaEventData }),
  z.object({ type: z.literal("retry"), data: retryEventData }),
  z.object({ type: z.literal("call-end"), data: callEndEventData }),
  z.object({ type: z.literal("progress"), data: progressEventData }),
  z.object({ type: z.literal("end"), data: endEventData }),
]);
export type JobEvent = z.infer<typeof jobEventSchema>;
export type JobEventType = JobEvent["type"];
export type JobEventData<T extends JobEventType> = Extract<JobEvent, { type: T }>["data"];

/** Every event type, in the order a call's events come (the listeners a browser registers). */
export const JOB_EVENT_TYPES = jobEventSchema.options.map((option) => option.shape.type.value);
