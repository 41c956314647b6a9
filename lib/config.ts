import { z } from "zod";
import type { ServerLimits } from "./server-limits";
import { PROFILE_NAMES, type ProviderProfile, providerProfile } from "./llm/profiles";
import { parseYuanPerMillion } from "./money";

/**
 * Configuration, read from the environment and validated once. Every other module takes what it
 * needs from `getConfig()`; nothing else reads `process.env`.
 */

const integer = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);

const price = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      try {
        return parseYuanPerMillion(value && value.length > 0 ? value : fallback);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    });

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const envSchema = z.object({
  LLM_BASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://host/v1" })
      .optional()
      .transform((value) => (value ?? "https://dashscope.aliyuncs.com/compatible-mode/v1").replace(/\/+$/, "")),
  ),
  LLM_API_KEY: z.preprocess(emptyToUndefined, z.string().trim().min(1).optional()),
  LLM_MODEL: z.preprocess(emptyToUndefined, z.string().trim().min(1).default("qwen3-32b")),
  LLM_PROFILE: z.preprocess(emptyToUndefined, z.enum(PROFILE_NAMES).default("default")),
  LLM_THINKING: z.preprocess(emptyToUndefined, z.enum(["off", "on"]).default("off")),
  LLM_CONTEXT_WINDOW: integer(128_000, 1_024, 10_000_000),
  LLM_MAX_OUTPUT_TOKENS: integer(8_192, 16, 1_000_000),
  LLM_PRICE_INPUT_YUAN_PER_M: price("2.50"),
  LLM_PRICE_OUTPUT_YUAN_PER_M: price("10.00"),
  LLM_CONNECT_TIMEOUT_MS: integer(15_000, 100),
  LLM_FIRST_BYTE_TIMEOUT_MS: integer(180_000, 100),
  LLM_IDLE_TIMEOUT_MS: integer(120_000, 100),
  LLM_MAX_ATTEMPTS: integer(6, 1, 20),
  DATABASE_PATH: z.preprocess(emptyToUndefined, z.string().default("./data/longdoc.db")),
  HOST: z.preprocess(emptyToUndefined, z.string().default("127.0.0.1")),
  PORT: integer(3000, 1, 65_535),
  UPLOAD_MAX_BYTES: integer(100 * 1024 * 1024, 1_024),
  ARCHIVE_MAX_UNPACKED_BYTES: integer(500 * 1024 * 1024, 1_024),
  ARCHIVE_MAX_ENTRIES: integer(50_000, 1),
  JOBS_CONCURRENCY: integer(2, 1, 64),
  JOB_MAX_ROUNDS: integer(6, 1, 100),
  JOB_LEASE_MS: integer(30_000, 2_000, 3_600_000),
  REQUEST_TIMEOUT_MS: integer(300_000, 1_000),
  REQUEST_BODY_IDLE_MS: integer(30_000, 1_000),
  HEADERS_TIMEOUT_MS: integer(30_000, 1_000),
  MAX_CONNECTIONS_PER_ADDRESS: integer(128, 1, 100_000),
});

export interface AppConfig {
  llm: {
    baseUrl: string;
    /** Never logged, never sent to the browser. */
    apiKey: string | undefined;
    model: string;
    profile: ProviderProfile;
    thinking: boolean;
    contextWindowTokens: number;
    maxOutputTokens: number;
    /** Prices as integers: micro-li per token (1 li = 1,000,000 micro-li). */
    inputMicroLiPerToken: number;
    outputMicroLiPerToken: number;
    connectTimeoutMs: number;
    firstByteTimeoutMs: number;
    idleTimeoutMs: number;
    maxAttempts: number;
  };
  databasePath: string;
  host: string;
  port: number;
  uploadMaxBytes: number;
  archiveMaxUnpackedBytes: number;
  archiveMaxEntries: number;
  jobsConcurrency: number;
  jobMaxRounds: number;
  /** How long a job's lease lasts without a heartbeat before another process may sweep it (ms). */
  jobLeaseMs: number;
  /** What slow or greedy clients may hold (lib/server-limits). */
  serverLimits: ServerLimits;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses an environment; throws a ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}\nFix these environment variables and start again (see README.md, "Configuration").`);
  }
  const e = result.data;
  const profile = providerProfile(e.LLM_PROFILE);
  return {
    llm: {
      baseUrl: e.LLM_BASE_URL,
      apiKey: e.LLM_API_KEY,
      model: e.LLM_MODEL,
      profile,
      thinking: e.LLM_THINKING === "on",
      contextWindowTokens: e.LLM_CONTEXT_WINDOW,
      maxOutputTokens: e.LLM_MAX_OUTPUT_TOKENS,
      inputMicroLiPerToken: e.LLM_PRICE_INPUT_YUAN_PER_M,
      outputMicroLiPerToken: e.LLM_PRICE_OUTPUT_YUAN_PER_M,
      connectTimeoutMs: e.LLM_CONNECT_TIMEOUT_MS,
      firstByteTimeoutMs: e.LLM_FIRST_BYTE_TIMEOUT_MS,
      idleTimeoutMs: e.LLM_IDLE_TIMEOUT_MS,
      maxAttempts: e.LLM_MAX_ATTEMPTS,
    },
    databasePath: e.DATABASE_PATH,
    host: e.HOST,
    port: e.PORT,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    archiveMaxUnpackedBytes: e.ARCHIVE_MAX_UNPACKED_BYTES,
    archiveMaxEntries: e.ARCHIVE_MAX_ENTRIES,
    jobsConcurrency: e.JOBS_CONCURRENCY,
    jobMaxRounds: e.JOB_MAX_ROUNDS,
    jobLeaseMs: e.JOB_LEASE_MS,
    serverLimits: {
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      bodyIdleTimeoutMs: e.REQUEST_BODY_IDLE_MS,
      headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
      maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    },
  };
}

const cache = globalThis as unknown as { __longdocConfig?: AppConfig };

/** The process's configuration, parsed on first use. */
export function getConfig(): AppConfig {
  cache.__longdocConfig ??= parseConfig(process.env);
  return cache.__longdocConfig;
}
