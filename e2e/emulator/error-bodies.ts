import type { ProfileName } from "../../lib/llm/profiles";
import type { ErrorKind } from "./scenario";

/**
 * HTTP error replies as each platform sends them (upstream-contract.md §6 and E-13), so the
 * client is tested against the real shapes: nested `{"error":{…}}` with DashScope's
 * `request_id`, vLLM's int codes and string `{"error":"Unauthorized"}`, proxies' HTML pages.
 */
export interface ErrorReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ErrorContext {
  profile: ProfileName;
  model: string;
  requestId: string;
  /** For context-length messages. */
  contextWindowTokens?: number;
  promptTokens?: number;
  maxTokens?: number;
  maxOutputTokens?: number;
  /** For `bad_request`: what was wrong. */
  message?: string;
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): ErrorReply => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(value),
});

const html = (status: number, title: string): ErrorReply => ({
  status,
  headers: { "content-type": "text/html" },
  body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
});

/** The nested OpenAI shape; DashScope-like profiles add `request_id` beside it. */
function nested(context: ErrorContext, status: number, message: string, type: string, code: string | number | null, headers?: Record<string, string>): ErrorReply {
  const error = { message, type, param: null, code };
  if (context.profile === "vllm") return json(status, { error: { ...error, code: typeof code === "number" ? code : status } }, headers);
  if (context.profile === "dashscope" || context.profile === "default") return json(status, { error, request_id: context.requestId }, headers);
  return json(status, { error }, headers);
}

export function errorReply(kind: ErrorKind, context: ErrorContext): ErrorReply {
  const { profile, model } = context;
  const vllm = profile === "vllm";
  switch (kind) {
    case "auth":
      if (vllm) return json(401, { error: "Unauthorized" });
      return nested(context, 401, "Incorrect API key provided. For details, see: https://help.aliyun.com/zh/model-studio/error-code#apikey-error", "invalid_request_error", "invalid_api_key");
    case "balance":
      if (profile === "dashscope") return errorReply("arrearage", context);
      if (profile === "openai") return errorReply("quota", context);
      if (profile === "default") return nested(context, 402, "Your account balance is insufficient. Please recharge and try again.", "insufficient_balance", "insufficient_balance");
      return json(402, { error: { code: 402, message: "Insufficient credits. Add more using https://example.invalid/credits" } });
    case "arrearage":
      return json(400, {
        error: { code: "Arrearage", type: "Arrearage", message: "Access denied, please make sure your account is in good standing. For details, see: https://help.aliyun.com/zh/model-studio/error-code#overdue-payment" },
        request_id: context.requestId,
      });
    case "free_tier":
      return nested(context, 403, "The free tier of the model has been exhausted. If you wish to continue access the model on a paid basis, please disable the \"use free tier only\" mode in the management console.", "AllocationQuota.FreeTierOnly", "AllocationQuota.FreeTierOnly");
    case "insufficient_user_quota":
      return json(403, { error: { message: "用户额度不足, 剩余额度: ＄0.000000", type: "new_api_error", param: "", code: "insufficient_user_quota" } });
    case "forbidden":
      return nested(context, 403, "Access to model denied. Please make sure you are eligible for using the model.", "AccessDenied.Unpurchased", "AccessDenied.Unpurchased");
    case "model_not_found":
      if (vllm) return json(404, { error: { message: `The model \`${model}\` does not exist.`, type: "NotFoundError", param: null, code: 404 } });
      return nested(context, 404, `The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
    case "rate_limit":
      if (profile === "openai") {
        return nested(context, 429, "Rate limit reached for requests. Please try again in 1s.", "requests", "rate_limit_exceeded", {
          "x-ratelimit-limit-requests": "60",
          "x-ratelimit-remaining-requests": "0",
          "x-ratelimit-reset-requests": "1s",
        });
      }
      return nested(context, 429, "You have exceeded your current request limit. For details, see: https://help.aliyun.com/zh/model-studio/error-code#rate-limit", "limit_requests", "limit_requests");
    case "quota":
      return json(429, { error: { code: "insufficient_quota", message: "You exceeded your current quota, please check your plan and billing details. For details, see: https://help.aliyun.com/zh/model-studio/error-code#token-limit", type: "insufficient_quota" } });
    case "bad_request":
      return nested(context, 400, `<400> InternalError.Algo.InvalidParameter: ${context.message ?? "The request is invalid."}`, vllm ? "BadRequestError" : "invalid_request_error", vllm ? 400 : "invalid_parameter_error");
    case "context":
      return contextReply(context);
    case "thinking_non_stream":
      return nested(context, 400, "<400> InternalError.Algo.InvalidParameter: parameter.enable_thinking must be set to false for non-streaming calls", "invalid_request_error", "invalid_parameter_error");
    case "request_timeout":
      return json(408, { code: "RequestTimeOut", message: "Request timed out, please try again later.", request_id: context.requestId });
    case "server":
      if (vllm) return json(500, { error: { message: "EngineCore encountered an issue.", type: "InternalServerError", param: null, code: 500 } });
      return nested(context, 500, "An internal error has occured, please try again later or contact service support.", "internal_error", "InternalError");
    case "bad_gateway":
      return html(502, "502 Bad Gateway");
    case "unavailable":
      return nested(context, 503, "The service is temporarily unavailable. Please try again later.", "server_error", "ServiceUnavailable");
    case "gateway_timeout":
      return html(504, "504 Gateway Time-out");
  }
}

/** E-13: over-length requests, in each platform's words. */
function contextReply(context: ErrorContext): ErrorReply {
  const window = context.contextWindowTokens ?? 128_000;
  const prompt = context.promptTokens ?? window;
  const requested = context.maxTokens ?? 0;
  switch (context.profile) {
    case "vllm":
      return json(400, {
        error: {
          message: `This model's maximum context length is ${window} tokens. However, you requested ${requested} output tokens and your prompt contains at least ${prompt} input tokens, for a total of at least ${prompt + requested} tokens. Please reduce the length of the input prompt or the number of requested output tokens.`,
          type: "BadRequestError",
          param: null,
          code: 400,
        },
      });
    case "openai":
      return json(400, { error: { message: `This model's maximum context length is ${window} tokens. However, your messages resulted in ${prompt + requested} tokens.`, type: "invalid_request_error", param: "messages", code: "context_length_exceeded" } });
    case "ollama":
      return json(400, { error: { message: "the request exceeds the available context size, try increasing it", type: "exceed_context_size_error", param: null, code: 400 } });
    default:
      return json(400, {
        error: { code: "invalid_parameter_error", message: `<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, ${Math.max(1, window - requested)}]`, param: null, type: "invalid_request_error" },
        request_id: context.requestId,
      });
  }
}
