import { z } from "zod";
import type { PromptPlan } from "./types";

/**
 * The stored plan (jobs.plan_json) read back through a schema, never cast: a job planned by an
 * older version still resumes after the plan's shape changes. Each shape has a version; a plan
 * stored without one is version 1. Version 1 plans made before codebase packing (coverage.cut,
 * segment cut markers, preamble, packing) or before the codebase context lack those fields: they
 * default to "none".
 */

const int = z.number().int();

const segmentSchema = z.object({
  ordinal: int.min(0),
  label: z.string(),
  start: int.min(0),
  end: int.min(0),
  tokens: int.min(0),
  cut: z.object({ linesShown: int, linesTotal: int }).optional(),
});

const layoutSchema = z.object({
  templateTokens: int,
  instructionTokens: int,
  documentTokens: int,
  reservedOutputTokens: int,
});

const plannedCallSchema = z.object({
  key: z.string(),
  purpose: z.enum(["single", "map", "reduce", "answer"]),
  title: z.string(),
  segments: z.array(segmentSchema),
  promptTokens: int.min(0),
  promptTokensExact: z.boolean(),
  maxTokens: int.min(1),
  layout: layoutSchema,
});

const costSchema = z.object({
  inputMicroLiMin: int,
  inputMicroLiMax: int,
  outputMicroLiMin: int,
  outputMicroLiMax: int,
  totalMicroLiMin: int,
  totalMicroLiMax: int,
  inputMicroLiPerToken: int,
  outputMicroLiPerToken: int,
});

const planV1Schema = z.object({
  version: z.literal(1),
  strategy: z.enum(["single", "map-reduce", "retrieval"]),
  documentName: z.string(),
  documentTokens: int,
  contextWindowTokens: int,
  maxOutputTokens: int,
  inputBudgetTokens: int,
  marginTokens: int,
  task: z.object({ id: z.string(), title: z.string(), instructions: z.string(), format: z.string() }),
  context: z.string().default(""),
  contextTokens: int.default(0),
  calls: z.array(plannedCallSchema),
  reduceLevels: int.min(0),
  coverage: z.object({
    unitsTotal: int,
    unitsIncluded: int,
    omitted: z.array(z.object({ label: z.string(), reason: z.string() })),
    split: z.array(z.object({ label: z.string(), parts: int })).default([]),
    cut: z.array(z.object({ label: z.string(), linesShown: int, linesTotal: int })).default([]),
  }),
  preamble: z.string().optional(),
  packing: z.enum(["priority", "full"]).optional(),
  cost: costSchema,
  thinking: z.boolean(),
  notes: z.array(z.string()).default([]),
});

/** The shape written today. */
export const CURRENT_PLAN_VERSION = 1;

/**
 * Reads a stored plan of any version into today's shape. A plan that matches no version is a
 * failure: running a job from a guessed plan could send the wrong material and pay for it.
 */
export function parseStoredPlan(json: string): PromptPlan {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  // Plans stored before the version field are version 1.
  const versioned = value !== null && typeof value === "object" && !("version" in value) ? { ...value, version: 1 } : value;
  const parsed = planV1Schema.safeParse(versioned);
  if (!parsed.success) throw new Error(`the job's stored plan is damaged or of an unknown version (${parsed.error.issues[0]?.path.join(".") ?? "?"}: ${parsed.error.issues[0]?.message ?? "?"}); plan the job again`);
  return parsed.data;
}
