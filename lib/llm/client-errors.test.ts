import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Behaviour, type Emulator } from "../../e2e/emulator/server";
import { collect, llmConfigFor, userMessage } from "../../e2e/emulator/testing";
import type { ProfileName } from "./profiles";
import { RateGate } from "./rate-gate";

/** HTTP errors before the stream (C-8…C-10): class, message, and attempts seen by the server. */

const emulators = new Map<ProfileName, Emulator>();
beforeAll(async () => {
  for (const profile of ["default", "dashscope", "vllm", "openai", "ollama"] as const) emulators.set(profile, await startEmulator({ port: 0, profile }));
});
afterAll(async () => {
  for (const emulator of emulators.values()) await emulator.close();
});
beforeEach(() => {
  for (const emulator of emulators.values()) emulator.reset();
});

async function call(queue: Behaviour[], options: { profile?: ProfileName; env?: Record<string, string>; apiKey?: string | null } = {}) {
  const emulator = emulators.get(options.profile ?? "default")!;
  emulator.reset();
  emulator.setScenario({ queue, answerTokens: 40 });
  const llm = llmConfigFor(emulator.baseUrl, { profile: options.profile, env: options.env, apiKey: options.apiKey });
  const collected = await collect(llm, { messages: userMessage(), maxTokens: 500 });
  return { ...collected, requests: emulator.requests() };
}

describe("errors that must not be retried", () => {
  it.each([
    ["default", "balance", 402, "balance", /recharge/i],
    ["dashscope", "balance", 400, "balance", /recharge/i],
    ["default", "arrearage", 400, "balance", /recharge/i],
    ["openai", "balance", 429, "quota", /not a rate limit/],
    ["default", "quota", 429, "quota", /not a rate limit/],
    ["default", "free_tier", 403, "quota", /quota/],
    ["default", "insufficient_user_quota", 403, "quota", /quota/],
    ["default", "forbidden", 403, "forbidden", /access/],
    ["default", "model_not_found", 404, "model_not_found", /LLM_MODEL/],
    ["vllm", "model_not_found", 404, "model_not_found", /LLM_MODEL/],
    ["default", "bad_request", 400, "bad_request", /LLM_PROFILE/],
    ["default", "auth", 401, "auth", /LLM_API_KEY/],
    ["vllm", "auth", 401, "auth", /Bearer sk-…/],
  ] as const)("%s %s → %i %s", async (profile, kind, status, code, message) => {
    const { result, requests, retries } = await call([{ type: "error", error: kind }], { profile });
    expect(result).toMatchObject({ finishReason: "error", httpStatus: status, attempts: 1, text: "", costMicroLi: 0, usageSource: "estimated", promptTokens: 0 });
    expect(result.error).toMatchObject({ code, retryable: false, upstreamStatus: status });
    expect(result.error?.message).toMatch(message);
    expect(requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("answers a wrong key with 401 auth and no retry", async () => {
    const { result, requests } = await call([], { apiKey: "sk-wrong-key-123456" });
    expect(result.error).toMatchObject({ code: "auth", retryable: false });
    expect(result.error?.message).toContain("starts with sk-");
    expect(result.error?.message).not.toContain("sk-wrong-key-123456");
    expect(requests).toHaveLength(1);
    expect(requests[0]!.keyMatched).toBe(false);
  });

  it("fails at once on a missing key, without a request", async () => {
    const { result, requests } = await call([], { apiKey: null });
    expect(result).toMatchObject({ finishReason: "error", attempts: 0, httpStatus: null, costMicroLi: 0 });
    expect(result.error).toMatchObject({ code: "missing_key", retryable: false });
    expect(result.error?.message).toMatch(/Set LLM_API_KEY/);
    expect(requests).toHaveLength(0);
  });

  it.each(["default", "dashscope", "vllm", "openai", "ollama"] as const)("context overflow (%s profile) is never retried unchanged", async (profile) => {
    const emulator = emulators.get(profile)!;
    emulator.setScenario({ contextWindowTokens: 1_000 });
    const llm = llmConfigFor(emulator.baseUrl, { profile });
    const { result } = await collect(llm, { messages: userMessage(), maxTokens: 2_000 });
    expect(result.error).toMatchObject({ code: "context_overflow", retryable: false, upstreamStatus: 400 });
    expect(result.error?.message).toMatch(/context window/);
    expect(emulator.requests()).toHaveLength(1);
  });

  it("reads other body shapes: SGLang flat, DashScope native", async () => {
    const flat = await call([{ type: "error", error: "bad_request", body: `{"object":"error","message":"Invalid stop","type":"BadRequestError","param":null,"code":400}` }]);
    expect(flat.result.error?.message).toContain("Invalid stop");
    const native = await call([{ type: "error", error: "bad_request", body: `{"code":"Arrearage","message":"Access denied, please make sure your account is in good standing.","request_id":"r"}` }]);
    expect(native.result.error?.code).toBe("balance");
    const page = await call([{ type: "error", error: "bad_gateway", times: 2 }]);
    expect(page.result.error).toMatchObject({ code: "server", upstreamStatus: 502 });
    expect(page.result.error?.message).toContain("502 Bad Gateway");
    expect(page.result.error?.message).not.toContain("<html>");
  });
});

describe("errors that are retried (C-10)", () => {
  it("429 twice then success: three attempts, all held at the gate", async () => {
    const { result, requests, retries, sleeps } = await call([{ type: "error", error: "rate_limit", times: 2 }]);
    expect(result).toMatchObject({ finishReason: "stop", attempts: 3, error: null, httpStatus: 200 });
    expect(result.text).toMatch(/^Summary\./);
    expect(requests.map((request) => request.status)).toEqual([429, 429, 200]);
    expect(retries.map((retry) => [retry.attempt, retry.code])).toEqual([
      [2, "rate_limit"],
      [3, "rate_limit"],
    ]);
    // Backoff 0.5 s then 1 s, less up to 25% jitter, waited at the gate.
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(375);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(500);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(750);
    expect(sleeps).toHaveLength(2);
  });

  it("honours retry-after-ms and retry-after", async () => {
    const withMs = await call([{ type: "error", error: "rate_limit", headers: { "retry-after-ms": "2500" } }]);
    expect(withMs.retries[0]!.delayMs).toBe(2_500);
    const withSeconds = await call([{ type: "error", error: "rate_limit", headers: { "retry-after": "7" } }]);
    expect(withSeconds.retries[0]!.delayMs).toBe(7_000);
    const tooLong = await call([{ type: "error", error: "rate_limit", headers: { "retry-after": "3600" } }]);
    expect(tooLong.retries[0]!.delayMs).toBeLessThanOrEqual(500);
  });

  it("waits a Retry-After of 1 s at the gate before the next request", async () => {
    const emulator = emulators.get("default")!;
    emulator.setScenario({ queue: [{ type: "error", error: "rate_limit", headers: { "retry-after": "1" } }], answerTokens: 40 });
    // A stopped clock and a sleep that notes what it was asked: the wait is read, not timed.
    const waits: Array<{ ms: number; requestsSoFar: number }> = [];
    const sleep = async (ms: number) => void waits.push({ ms, requestsSoFar: emulator.requests().length });
    const { result } = await collect(llmConfigFor(emulator.baseUrl), { messages: userMessage(), maxTokens: 500 }, { gate: new RateGate(() => 0), sleep });
    expect(result).toMatchObject({ error: null, attempts: 2 });
    expect(waits).toEqual([{ ms: 1_000, requestsSoFar: 1 }]);
    expect(emulator.requests().map((request) => request.status)).toEqual([429, 200]);
  });

  it("gives up on 429 after LLM_MAX_ATTEMPTS", async () => {
    const { result, requests } = await call([{ type: "error", error: "rate_limit", times: 10 }], { env: { LLM_MAX_ATTEMPTS: "4" } });
    expect(result).toMatchObject({ attempts: 4, finishReason: "error" });
    expect(result.error).toMatchObject({ code: "rate_limit", retryable: true });
    expect(requests).toHaveLength(4);
  });

  it.each(["server", "bad_gateway", "unavailable", "gateway_timeout", "request_timeout"] as const)("%s once then success: retried once within 3 s", async (kind) => {
    const { result, requests, retries } = await call([{ type: "error", error: kind }]);
    expect(result).toMatchObject({ error: null, attempts: 2 });
    expect(requests).toHaveLength(2);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(3_000);
  });

  it("500 twice is an error after one retry, and a long Retry-After is cut to 3 s", async () => {
    const { result, requests, retries } = await call([{ type: "error", error: "server", times: 2, headers: { "retry-after": "30" } }]);
    expect(result.error).toMatchObject({ code: "server", upstreamStatus: 500 });
    expect(result.attempts).toBe(2);
    expect(requests).toHaveLength(2);
    expect(retries.map((retry) => retry.delayMs)).toEqual([3_000]);
  });

  it("x-should-retry overrules the status, both ways", async () => {
    const no = await call([{ type: "error", error: "unavailable", headers: { "x-should-retry": "false" } }]);
    expect(no.requests).toHaveLength(1);
    expect(no.result.error?.code).toBe("server");
    const yes = await call([{ type: "error", error: "bad_request", headers: { "x-should-retry": "true" } }]);
    expect(yes.requests).toHaveLength(2);
    expect(yes.result.error).toBeNull();
  });

  it("retries a refused connection as a network error, up to the attempts", async () => {
    const llm = llmConfigFor("http://127.0.0.1:9/v1", { env: { LLM_MAX_ATTEMPTS: "3" } });
    const { result, retries } = await collect(llm, { messages: userMessage(), maxTokens: 10 });
    expect(result).toMatchObject({ attempts: 3, finishReason: "error", httpStatus: null, costMicroLi: 0 });
    expect(result.error).toMatchObject({ code: "network", retryable: true });
    expect(result.error?.message).toMatch(/LLM_BASE_URL/);
    expect(retries).toHaveLength(2);
  });

  it("a shared gate holds other calls while one is rate limited", async () => {
    let now = 0;
    const gate = new RateGate(() => now);
    const emulator = emulators.get("default")!;
    emulator.setScenario({ queue: [{ type: "error", error: "rate_limit", headers: { "retry-after-ms": "600" } }], answerTokens: 20 });
    const llm = llmConfigFor(emulator.baseUrl);
    // Sleeps that end only when the test releases them, and an event when one begins: no real waiting.
    const held: Array<{ ms: number; release: () => void }> = [];
    let onHold = () => undefined as void;
    const sleep = (ms: number) =>
      new Promise<void>((release) => {
        held.push({ ms, release });
        onHold();
      });
    const holding = (count: number) =>
      new Promise<void>((resolve) => {
        onHold = () => void (held.length >= count && resolve());
        onHold();
      });
    const first = collect(llm, { messages: userMessage(), maxTokens: 100 }, { gate, sleep });
    await holding(1); // the 429 closed the gate and the first call waits at it
    const second = collect(llm, { messages: userMessage(), maxTokens: 100 }, { gate, sleep });
    await Promise.race([holding(2), second.then(() => Promise.reject(new Error("the second call was not held at the gate")))]);
    expect(held.map((hold) => hold.ms)).toEqual([600, 600]);
    expect(emulator.requests()).toHaveLength(1);
    now = 600;
    for (const hold of held) hold.release();
    const results = await Promise.all([first, second]);
    expect(results.map(({ result }) => result.error)).toEqual([null, null]);
    expect(emulator.requests().map((request) => request.status)).toEqual([429, 200, 200]);
  });
});
