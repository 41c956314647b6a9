import { z } from "zod";

/**
 * What the emulator does with the next requests: a queue of behaviours consumed one per chat
 * request, then the default. Set per test, programmatically or with
 * `POST /__emulator/scenario`. Every field is optional.
 */

/** How a successful stream is framed and filled (E-1…E-9, E-11). */
export const streamVariantSchema = z.strictObject({
  /** E-2: `\n` (vLLM, DashScope, Ollama), `\r\n` (sse-starlette), or bare `\r`. */
  lineEnding: z.enum(["lf", "crlf", "cr"]).default("lf"),
  /** E-3: `data:{…}` with no space. */
  dataNoSpace: z.boolean().default(false),
  /** E-3: an `event: message` line before each `data:`. */
  eventLines: z.boolean().default(false),
  /** E-3: write each frame in pieces of 1–7 bytes, cutting UTF-8 sequences and `\r\n`. */
  splitBytes: z.boolean().default(false),
  /** E-3: keep-alive comments before the first chunk and every few chunks. */
  keepAlive: z.enum(["none", "openrouter", "ping"]).default("none"),
  /** E-4: close without `data: [DONE]`. */
  omitDone: z.boolean().default(false),
  /**
   * E-8: "auto" follows the request (b when `include_usage`, c when `continuous_usage_stats`,
   * else a); "none" (a), "final" (b), "continuous" (c), "forced" (d: final even unasked),
   * "on_finish" (e: on the finish_reason chunk).
   */
  usage: z.enum(["auto", "none", "final", "continuous", "forced", "on_finish"]).default("auto"),
  /** E-10/E-11: where reasoning goes; "auto" = the profile's usual field. */
  reasoning: z.enum(["auto", "reasoning_content", "reasoning", "think_tags"]).default("auto"),
  /** vLLM #17349 / #40816: the reasoning parser puts the answer in the reasoning field, content stays empty. */
  answerInReasoning: z.boolean().default(false),
  /** E-7: the last content token rides on the finish chunk (vLLM #35705). */
  contentOnFinish: z.boolean().default(false),
  /** E-7: old Ollama's `"finish_reason":""` on content chunks. */
  emptyFinishReason: z.boolean().default(false),
  /** E-6: Ollama's `role:"assistant"` on every chunk. */
  roleOnEveryChunk: z.boolean().default(false),
  /** Tokens per content chunk. */
  tokensPerChunk: z.number().int().min(1).max(1000).default(1),
  /** Delay between chunks, so tests can cancel mid-stream. */
  tokenDelayMs: z.number().int().min(0).max(60_000).default(0),
  /** Delay before the response headers (the client's connect timeout). */
  headersDelayMs: z.number().int().min(0).max(600_000).default(0),
  /** Delay after the headers, before the first byte of the body (first-byte timeout). */
  firstByteDelayMs: z.number().int().min(0).max(600_000).default(0),
});
export type StreamVariant = z.infer<typeof streamVariantSchema>;

export const ERROR_KINDS = [
  "auth",
  "balance",
  "arrearage",
  "free_tier",
  "insufficient_user_quota",
  "forbidden",
  "model_not_found",
  "rate_limit",
  "quota",
  "bad_request",
  "context",
  "thinking_non_stream",
  "request_timeout",
  "server",
  "bad_gateway",
  "unavailable",
  "gateway_timeout",
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const afterTokens = z.number().int().min(0).default(0);
const headers = z.record(z.string(), z.string()).optional();

export const behaviourSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ok"), stream: streamVariantSchema.partial().optional(), answerTokens: z.number().int().min(1).optional() }),
  /** An HTTP error before the stream, in the profile's body shape (E-13, E-14), `times` in a row. */
  z.strictObject({
    type: z.literal("error"),
    error: z.enum(ERROR_KINDS),
    times: z.number().int().min(1).max(1000).default(1),
    /** Extra headers: `retry-after`, `retry-after-ms`, `x-should-retry`. */
    headers,
    status: z.number().int().min(100).max(599).optional(),
    /** A raw body instead of the profile's (any shape of C-9). */
    body: z.string().optional(),
  }),
  /** E-15 variants 1–6 after K tokens of answer. */
  z.strictObject({ type: z.literal("midStreamError"), variant: z.number().int().min(1).max(6), afterTokens }),
  /** E-15 variant 7: the socket is destroyed after K tokens. */
  z.strictObject({ type: z.literal("drop"), afterTokens }),
  /** E-15 variant 7: silence after K tokens, for `ms` (then the stream goes on) or until the client leaves. */
  z.strictObject({ type: z.literal("stall"), afterTokens, ms: z.number().int().min(0).optional() }),
  /**
   * Silence after K tokens until the test says so (`release()`, `POST /__emulator/release`), then
   * the stream goes on; or until the client leaves. For tests that look at a job mid-stream:
   * the stream waits for them instead of racing them.
   */
  z.strictObject({ type: z.literal("hold"), afterTokens }),
  /** E-4 / C-2: the response ends cleanly after K tokens, with no finish_reason and no [DONE]. */
  z.strictObject({ type: z.literal("truncate"), afterTokens }),
]);
/** A behaviour as written by a test (defaults may be left out). */
export type Behaviour = z.input<typeof behaviourSchema>;
export type ResolvedBehaviour = z.output<typeof behaviourSchema>;

export const scenarioSchema = z.strictObject({
  queue: z.array(behaviourSchema).default([]),
  default: behaviourSchema.default({ type: "ok" }),
  /** Applies to every streamed answer; a behaviour's own `stream` wins. */
  stream: streamVariantSchema.partial().default({}),
  /** Length of the deterministic answer (a `[[emulator:answer_tokens=N]]` marker wins). */
  answerTokens: z.number().int().min(1).max(1_000_000).default(300),
  /** Length of the reasoning when thinking is on. */
  reasoningTokens: z.number().int().min(0).max(100_000).default(40),
  /** prompt + max_tokens above this is refused (E-13). */
  contextWindowTokens: z.number().int().min(1).default(128_000),
  /** max_tokens above this is refused as a bad parameter; also the default max_tokens. */
  maxOutputTokens: z.number().int().min(1).default(8_192),
});
/** A scenario as written by a test or sent to `POST /__emulator/scenario`. */
export type Scenario = z.input<typeof scenarioSchema>;
export type ResolvedScenario = z.output<typeof scenarioSchema>;

/** The queue with `times` expanded, so it can be consumed one request at a time. */
export function expandQueue(queue: ResolvedBehaviour[]): ResolvedBehaviour[] {
  return queue.flatMap((behaviour): ResolvedBehaviour[] => (behaviour.type === "error" ? Array.from({ length: behaviour.times }, () => behaviour) : [behaviour]));
}
