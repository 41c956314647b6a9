import { describe, expect, it } from "vitest";
import { errorFromResponse, errorFromStreamPayload } from "./error-from-response";
import { parseErrorBody } from "./error-body";

const none = new Headers();
const classify = (status: number, body: string, headers = none) => {
  const error = errorFromResponse(status, body, headers, { model: "qwen3-32b" });
  return { code: error.code, retryable: error.retryable };
};

describe("errorFromResponse (C-8, C-10)", () => {
  it.each([
    [401, `{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`, "auth", false],
    [401, `{"error":"Unauthorized"}`, "auth", false],
    [402, `{"error":{"code":402,"message":"Insufficient credits"}}`, "balance", false],
    [400, `{"error":{"code":"Arrearage","type":"Arrearage","message":"Access denied, please make sure your account is in good standing."},"request_id":"x"}`, "balance", false],
    [403, `{"error":{"code":"AllocationQuota.FreeTierOnly","message":"The free tier of the model has been exhausted."}}`, "quota", false],
    [403, `{"error":{"code":"insufficient_user_quota","message":"用户额度不足"}}`, "quota", false],
    [403, `{"error":{"code":"AccessDenied.Unpurchased","message":"Access to model denied."}}`, "forbidden", false],
    [404, `{"error":{"message":"The model \`x\` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}`, "model_not_found", false],
    [404, `{"error":{"message":"The model \`x\` does not exist.","type":"NotFoundError","param":null,"code":404}}`, "model_not_found", false],
    [429, `{"error":{"message":"You have exceeded your current request limit.","type":"limit_requests","code":"limit_requests"}}`, "rate_limit", true],
    [429, `{"error":{"code":"insufficient_quota","message":"You exceeded your current quota.","type":"insufficient_quota"}}`, "quota", false],
    [400, `{"error":{"code":"invalid_parameter_error","message":"<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, 129024]","param":null,"type":"invalid_request_error"}}`, "context_overflow", false],
    [400, `{"error":{"message":"This model's maximum context length is 40960 tokens. However, you requested 8192 output tokens and your prompt contains at least 32769 input tokens, for a total of at least 40961 tokens.","type":"BadRequestError","param":null,"code":400}}`, "context_overflow", false],
    [400, `{"error":{"code":"context_length_exceeded","message":"too long","type":"invalid_request_error"}}`, "context_overflow", false],
    [400, `{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}}`, "context_overflow", false],
    [400, `{"error":{"code":"invalid_parameter_error","message":"parameter.enable_thinking must be set to false for non-streaming calls","type":"invalid_request_error"}}`, "bad_request", false],
    [400, `{"object":"error","message":"bad","type":"BadRequestError","param":null,"code":400}`, "bad_request", false],
    [408, `{"code":"RequestTimeOut","message":"Request timed out."}`, "server", true],
    [500, `{"error":{"code":"InternalError","message":"internal"}}`, "server", true],
    [502, `<html><title>502 Bad Gateway</title></html>`, "server", true],
    [503, ``, "server", true],
    [504, `upstream timed out`, "server", true],
  ])("%i %s → %s", (status, body, code, retryable) => {
    expect(classify(status, body)).toEqual({ code, retryable });
  });

  it("lets x-should-retry overrule guesses but never account or window errors", () => {
    expect(classify(400, `{"error":{"message":"busy"}}`, new Headers({ "x-should-retry": "true" }))).toEqual({ code: "bad_request", retryable: true });
    expect(classify(503, "", new Headers({ "x-should-retry": "false" }))).toEqual({ code: "server", retryable: false });
    expect(classify(401, "", new Headers({ "x-should-retry": "true" }))).toEqual({ code: "auth", retryable: false });
    expect(classify(429, `{"error":{"code":"insufficient_quota"}}`, new Headers({ "x-should-retry": "true" }))).toEqual({ code: "quota", retryable: false });
  });

  it("writes messages that say what to do, without the key", () => {
    const auth = errorFromResponse(401, `{"error":{"message":"Incorrect API key provided: sk-abcdef123456"}}`, none);
    expect(auth.message).toContain("LLM_API_KEY");
    expect(auth.message).toContain("Bearer sk-…");
    expect(auth.message).not.toContain("sk-abcdef123456");
    expect(errorFromResponse(402, "", none).message).toMatch(/recharge/i);
    expect(errorFromResponse(429, `{"error":{"code":"insufficient_quota"}}`, none).message).toMatch(/not a rate limit/);
    expect(errorFromResponse(400, `{"error":{"code":"context_length_exceeded"}}`, none).message).toMatch(/same request again will fail/);
    expect(errorFromResponse(500, "", none).upstreamStatus).toBe(500);
  });
});

describe("errorFromStreamPayload (E-15)", () => {
  it("is a retryable stream_error for server trouble, not for a bad request", () => {
    const server = errorFromStreamPayload(parseErrorBody({ error: { message: "engine died", type: "InternalServerError", code: 500 } }));
    expect(server).toMatchObject({ code: "stream_error", retryable: true });
    const bad = errorFromStreamPayload(parseErrorBody({ error: { message: "bad", code: 400 } }));
    expect(bad).toMatchObject({ code: "stream_error", retryable: false });
    expect(bad.message).toMatch(/kept/);
  });

  it("keeps a context overflow reported in the stream", () => {
    const error = errorFromStreamPayload(parseErrorBody({ error: { message: "the request exceeds the available context size", code: 400 } }));
    expect(error.code).toBe("context_overflow");
  });
});
