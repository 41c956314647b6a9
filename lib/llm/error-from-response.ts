import { redactSecrets } from "../log";
import { parseErrorBody, type UpstreamErrorInfo } from "./error-body";
import { LlmError, SERVER_MAY_OVERRULE, type LlmErrorCode } from "./errors";
import { shouldRetryHeader } from "./retry-delay";

/**
 * The one factory from an upstream HTTP error (status, body, headers) to an LlmError, after
 * openai-node's `APIError.generate`, with the classification of upstream-contract.md C-8…C-10:
 * status alone is not enough (DashScope says "no balance" with a 400, OpenAI says "quota" with a
 * 429), so the body's code and message decide within a status.
 */
export function errorFromResponse(status: number, body: string, headers: Headers, context: { model?: string } = {}): LlmError {
  const info = parseErrorBody(body);
  const code = classify(status, info);
  const error = new LlmError(code, messageFor(code, status, info, context.model), {
    retryable: RETRYABLE.has(code) || status === 408,
    upstreamStatus: status,
    upstreamCode: info.code ?? info.type,
    requestId: info.requestId,
  });
  const serverSays = shouldRetryHeader(headers);
  return serverSays !== null && SERVER_MAY_OVERRULE.has(code) && serverSays !== error.retryable ? error.withRetryable(serverSays) : error;
}

const RETRYABLE: ReadonlySet<LlmErrorCode> = new Set(["rate_limit", "server", "network", "timeout"]);

const CONTEXT_MARKERS = [/context_length_exceeded/i, /maximum context length/i, /range of input length/i, /exceeds the available context size/i, /context (?:window|length).*exceed/i];
const BALANCE_MARKERS = /arrearage|insufficient[_ ]balance|overdue|account is in good standing|余额不足|欠费/i;
const QUOTA_MARKERS = /insufficient_quota|insufficient_user_quota|freetieronly|free tier|exceeded your current quota/i;
const RATE_MARKERS = /limit_requests|rate_limit|ratelimit|throttl|too many requests|request limit/i;

function classify(status: number, info: UpstreamErrorInfo): LlmErrorCode {
  const text = [info.code, info.type, info.message].filter(Boolean).join(" ");
  if (BALANCE_MARKERS.test(text) || status === 402) return "balance";
  if (QUOTA_MARKERS.test(text)) return "quota";
  if (CONTEXT_MARKERS.some((marker) => marker.test(text)) && status < 500) return "context_overflow";
  if (status === 401) return "auth";
  if (status === 403) return "forbidden";
  if (status === 404) return /model/i.test(text) || text === "" ? "model_not_found" : "bad_request";
  if (status === 429) return "rate_limit";
  if (status === 408 || status >= 500) return "server";
  if (status === 400 && /model.*(not exist|not found)|model_not_found/i.test(text)) return "model_not_found";
  if (RATE_MARKERS.test(text)) return "rate_limit";
  return "bad_request";
}

function messageFor(code: LlmErrorCode, status: number, info: UpstreamErrorInfo, model: string | undefined): string {
  const said = info.message ? ` The service said: "${redactSecrets(info.message)}".` : "";
  const ref = info.requestId ? ` (request id ${info.requestId})` : "";
  switch (code) {
    case "auth":
      return `The model service rejected the API key (${status}).${said} Check LLM_API_KEY: it must be the whole key, which starts with sk-, and it is sent as "Authorization: Bearer sk-…"; make sure the key belongs to the service at LLM_BASE_URL.`;
    case "balance":
      return `The model service account has no balance left (${status}${info.code ? ` ${info.code}` : ""}).${said} Recharge the account with the provider, then resume the job; retrying before that will fail the same way.`;
    case "quota":
      return `The account's quota is used up (${status}${info.code ? ` ${info.code}` : ""}).${said} This is not a rate limit and waiting will not help: raise the quota or enable paid usage with the provider, then resume.`;
    case "forbidden":
      return `The model service denied access (${status}${info.code ? ` ${info.code}` : ""}).${said} The key may not have access to ${model ? `the model "${model}"` : "this model"} or this region: check the key's permissions with the provider.`;
    case "context_overflow":
      return `The prompt and the requested output together exceed the model's context window (${status}).${said} Sending the same request again will fail: shorten the input or reserve fewer output tokens, and check that LLM_CONTEXT_WINDOW is not larger than the server's real window.`;
    case "model_not_found":
      return `The model ${model ? `"${model}" ` : ""}was not found at the model service (${status}).${said} Check LLM_MODEL (for example qwen3-32b) and that the key has access to it.`;
    case "rate_limit":
      return `The model service is rate limiting requests (${status}).${said} longdoc backs off and retries; if this persists, wait a minute and resume, or lower JOBS_CONCURRENCY.`;
    case "server":
      return `The model service had a temporary failure (${status}).${said}${ref} Try again in a moment; if it keeps failing, the provider may be having an outage.`;
    default:
      return `The model service refused the request (${status}).${said}${ref} This usually means the request does not suit this server: check LLM_PROFILE and LLM_MODEL.`;
  }
}

/**
 * An error reported inside a 200 stream (E-15). Account and window problems keep their class so
 * the person sees what to do; anything else is a `stream_error`, retryable (before any text was
 * shown) unless its code says the request itself was bad.
 */
export function errorFromStreamPayload(info: UpstreamErrorInfo, context: { model?: string } = {}): LlmError {
  const numeric = info.code !== null && /^\d{3}$/.test(info.code) ? Number(info.code) : null;
  const code = classify(numeric ?? 500, info);
  if (code === "context_overflow" || code === "balance" || code === "quota" || code === "auth" || code === "rate_limit") {
    return new LlmError(code, messageFor(code, numeric ?? 200, info, context.model), { retryable: code === "rate_limit", upstreamStatus: 200, upstreamCode: info.code ?? info.type, requestId: info.requestId });
  }
  const said = info.message ? `: "${redactSecrets(info.message)}"` : "";
  return new LlmError("stream_error", `The model service reported an error in the middle of the answer${said}. The text received so far is kept; resume the job to continue from there.`, {
    retryable: numeric === null || numeric >= 500,
    upstreamStatus: 200,
    upstreamCode: info.code ?? info.type,
    requestId: info.requestId,
  });
}
