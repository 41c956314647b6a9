import { AppError } from "../errors";

/**
 * What went wrong with an upstream call, as a class a person (or the job runner) can act on.
 * `retryable` says whether the same request may succeed later; the client applies it only
 * before any text was shown (C-11).
 */
export const LLM_ERROR_CODES = [
  "missing_key",
  "auth",
  "balance",
  "forbidden",
  "quota",
  "rate_limit",
  "context_overflow",
  "model_not_found",
  "bad_request",
  "server",
  "network",
  "timeout",
  "stream_error",
  "interrupted",
  "cancelled",
] as const;
export type LlmErrorCode = (typeof LLM_ERROR_CODES)[number];

/** Classes whose retry decision is a guess the server may overrule with `x-should-retry`. */
export const SERVER_MAY_OVERRULE: ReadonlySet<LlmErrorCode> = new Set(["bad_request", "server", "rate_limit", "network", "timeout"]);

/** The HTTP status our own API answers with when it surfaces this class. */
const APP_STATUS: Record<LlmErrorCode, number> = {
  missing_key: 503,
  auth: 502,
  balance: 402,
  forbidden: 502,
  quota: 402,
  rate_limit: 429,
  context_overflow: 422,
  model_not_found: 502,
  bad_request: 502,
  server: 502,
  network: 502,
  timeout: 504,
  stream_error: 502,
  interrupted: 502,
  cancelled: 499,
};

export interface LlmErrorDetails {
  retryable: boolean;
  /** HTTP status from the upstream, when there was one. */
  upstreamStatus?: number | null;
  /** The upstream's own code (`invalid_api_key`, `Arrearage`, "400"), when it sent one. */
  upstreamCode?: string | null;
  requestId?: string | null;
  cause?: unknown;
}

export class LlmError extends AppError {
  declare readonly code: LlmErrorCode;
  readonly retryable: boolean;
  readonly upstreamStatus: number | null;
  readonly upstreamCode: string | null;
  readonly requestId: string | null;

  constructor(code: LlmErrorCode, message: string, details: LlmErrorDetails) {
    super(code, APP_STATUS[code], message, { cause: details.cause });
    this.name = "LlmError";
    this.retryable = details.retryable;
    this.upstreamStatus = details.upstreamStatus ?? null;
    this.upstreamCode = details.upstreamCode ?? null;
    this.requestId = details.requestId ?? null;
  }

  /** The same error with another retry decision (the server's `x-should-retry` won). */
  withRetryable(retryable: boolean): LlmError {
    return new LlmError(this.code, this.message, { ...this.details(), retryable });
  }

  private details(): LlmErrorDetails {
    return { retryable: this.retryable, upstreamStatus: this.upstreamStatus, upstreamCode: this.upstreamCode, requestId: this.requestId, cause: this.cause };
  }
}

export function isLlmError(value: unknown): value is LlmError {
  return value instanceof LlmError;
}

export const missingKeyError = () =>
  new LlmError(
    "missing_key",
    "No API key is configured for the model service. Set LLM_API_KEY to your key (it starts with sk-) in the environment or .env file, then restart longdoc.",
    { retryable: false },
  );

export const cancelledError = () => new LlmError("cancelled", "The call was cancelled before the answer finished; the partial answer is kept.", { retryable: false });
