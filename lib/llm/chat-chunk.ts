import { z } from "zod";

/**
 * The parts of a `chat.completion.chunk` we read, parsed defensively (C-3): every field may be
 * null or missing, unknown fields (`obfuscation`, `timings`, `stop_reason`, `token_ids`) pass.
 */

const count = z.number().int().nonnegative();

export const usageSchema = z.looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count.nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: count.nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: count.nullish() }).nullish(),
  cached_tokens: count.nullish(),
  reasoning_tokens: count.nullish(),
});

const text = z.string().nullish().catch(null);

const deltaSchema = z.looseObject({ content: text, reasoning_content: text, reasoning: text });

const choiceSchema = z.looseObject({
  index: z.number().nullish(),
  delta: deltaSchema.nullish().catch(null),
  // A non-streaming body or a server that sends `message` in chunks.
  message: deltaSchema.nullish().catch(null),
  finish_reason: z.string().nullish().catch(null),
});

export const chatChunkSchema = z.looseObject({
  object: z.string().nullish().catch(null),
  choices: z.array(choiceSchema).nullish().catch(null),
  usage: usageSchema.nullish().catch(null),
  error: z.unknown().optional(),
});

export type ChatChunk = z.infer<typeof chatChunkSchema>;

export interface NormalizedUsage {
  promptTokens: number;
  completionTokens: number;
  /** Null when the server did not say (DashScope's thinking usage has no details). */
  reasoningTokens: number | null;
  cachedTokens: number | null;
}

/** Accepts any of the places servers put cached and reasoning counts (C-5). */
export function normalizeUsage(usage: z.infer<typeof usageSchema>): NormalizedUsage {
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? usage.reasoning_tokens ?? null,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? usage.cached_tokens ?? null,
  };
}
