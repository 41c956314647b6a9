import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Behaviour, type Emulator } from "../../e2e/emulator/server";
import { collect, llmConfigFor, userMessage } from "../../e2e/emulator/testing";
import { countChatPrompt, countTokens } from "../tokens";
import { streamChat } from "./client";
import { RateGate } from "./rate-gate";

/** Streams that break after the 200 (E-15, C-2, C-11, C-12), timeouts, and cancelling. */

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function call(queue: Behaviour[], env: Record<string, string> = {}) {
  emulator.setScenario({ queue, answerTokens: 60 });
  const collected = await collect(llmConfigFor(emulator.baseUrl, { env }), { messages: userMessage(), maxTokens: 500 });
  return { ...collected, requests: emulator.requests() };
}

/**
 * A call whose first attempt reached the model (a 200) and was given up before any text, then
 * answered by the second: the first attempt's prompt is billed as estimated beside the second's
 * reported usage, so no spend vanishes behind a retry.
 */
function expectAbandonedAttemptBilled(result: Awaited<ReturnType<typeof collect>>["result"], requests: { promptTokens: number | null }[]): void {
  const prompt = countChatPrompt(userMessage(), { thinkingOff: true });
  expect(requests[0]!.promptTokens).toBe(prompt);
  const completion = countTokens(whole);
  expect(result).toMatchObject({ usageSource: "estimated", promptTokens: 2 * prompt, completionTokens: completion });
  expect(result.costMicroLi).toBe(2 * prompt * 2_500 + completion * 10_000);
}

let whole = "";
beforeAll(async () => {
  emulator.setScenario({ answerTokens: 60 });
  whole = (await collect(llmConfigFor(emulator.baseUrl), { messages: userMessage(), maxTokens: 500 })).result.text;
});

describe("an error inside the stream (E-15 variants 1–6)", () => {
  it.each([1, 2, 3, 4, 5, 6])("variant %i after 10 tokens: partial text kept, no retry, estimated usage", async (variant) => {
    const { result, requests, shownText } = await call([{ type: "midStreamError", variant, afterTokens: 10 }]);
    expect(result.finishReason).toBe("error");
    expect(result.error).toMatchObject({ code: "stream_error" });
    expect(result.error?.message).toMatch(/engine failed/);
    expect(result.text.length).toBeGreaterThan(0);
    expect(whole.startsWith(result.text)).toBe(true);
    expect(countTokens(result.text)).toBe(10);
    expect(shownText).toBe(result.text);
    expect(result.attempts).toBe(1);
    expect(requests).toHaveLength(1);
    expect(result.usageSource).toBe("estimated");
    expect(result.promptTokens).toBe(requests[0]!.promptTokens);
    expect(result.completionTokens).toBe(10);
  });

  it.each([1, 2, 3, 4, 5, 6])("variant %i before any text: retried, then the answer", async (variant) => {
    const { result, requests, retries } = await call([{ type: "midStreamError", variant, afterTokens: 0 }]);
    expect(result).toMatchObject({ error: null, finishReason: "stop", attempts: 2, text: whole });
    expect(requests).toHaveLength(2);
    expect(retries[0]).toMatchObject({ attempt: 2, code: "stream_error" });
    expectAbandonedAttemptBilled(result, requests);
  });
});

describe("a dropped connection (E-15 variant 7, C-2)", () => {
  it("after K tokens: interrupted, never stop; partial text kept; usage estimated exactly", async () => {
    const { result, requests } = await call([{ type: "drop", afterTokens: 15 }]);
    expect(result.finishReason).toBe("interrupted");
    expect(result.error).toMatchObject({ code: "interrupted" });
    expect(result.text).toBe(whole.slice(0, result.text.length));
    expect(countTokens(result.text)).toBe(15);
    expect(result).toMatchObject({ usageSource: "estimated", completionTokens: 15, attempts: 1 });
    expect(result.promptTokens).toBe(countChatPrompt(userMessage(), { thinkingOff: true }));
    expect(result.promptTokens).toBe(requests[0]!.promptTokens);
    expect(result.costMicroLi).toBe(result.promptTokens * 2_500 + 15 * 10_000);
    expect(requests[0]!.outcome).toBe("dropped");
  });

  it("before any text: retried as a network error", async () => {
    const { result, retries, requests } = await call([{ type: "drop", afterTokens: 0 }]);
    expect(result).toMatchObject({ error: null, text: whole, attempts: 2 });
    expect(retries[0]!.code).toBe("network");
    expectAbandonedAttemptBilled(result, requests);
  });

  it("a stream that ends cleanly without [DONE] and without a finish_reason is interrupted", async () => {
    const { result, requests } = await call([{ type: "truncate", afterTokens: 12 }]);
    expect(result.finishReason).toBe("interrupted");
    expect(result.error).toMatchObject({ code: "interrupted" });
    expect(countTokens(result.text)).toBe(12);
    expect(result.usageSource).toBe("estimated");
    expect(requests[0]!.outcome).toBe("truncated");
  });

  it("a stream that ends without [DONE] after its finish_reason is a normal end", async () => {
    emulator.setScenario({ answerTokens: 60, stream: { omitDone: true, usage: "none" } });
    const { result } = await collect(llmConfigFor(emulator.baseUrl), { messages: userMessage(), maxTokens: 500 });
    expect(result).toMatchObject({ finishReason: "stop", error: null, text: whole, usageSource: "estimated" });
  });
});

describe("timeouts (C-12)", () => {
  it("idle: silence mid-stream ends the call as interrupted with the text kept", async () => {
    const { result, requests } = await call([{ type: "stall", afterTokens: 8 }], { LLM_IDLE_TIMEOUT_MS: "300" });
    expect(result.finishReason).toBe("interrupted");
    expect(result.error).toMatchObject({ code: "timeout" });
    expect(result.error?.message).toMatch(/idle timeout/);
    expect(countTokens(result.text)).toBe(8);
    expect(result.attempts).toBe(1);
    // The stall never ends on its own: only the client's timeout can have closed the connection.
    expect(await emulator.ended(requests[0]!.id)).toMatchObject({ clientClosed: true, outcome: "client_closed", tokensSent: 8 });
  });

  it("first byte: a silent server is retried, then given up", async () => {
    // Silent far longer than the test runs: only the timeout can end each attempt, however slow the machine.
    emulator.setScenario({ stream: { firstByteDelayMs: 600_000 } });
    const llm = llmConfigFor(emulator.baseUrl, { env: { LLM_FIRST_BYTE_TIMEOUT_MS: "200", LLM_MAX_ATTEMPTS: "2" } });
    const { result, retries } = await collect(llm, { messages: userMessage(), maxTokens: 100 });
    expect(result.error).toMatchObject({ code: "timeout", retryable: true });
    expect(result.error?.message).toMatch(/first-byte timeout/);
    expect(result).toMatchObject({ attempts: 2, finishReason: "error", httpStatus: 200 });
    expect(retries).toHaveLength(1);
    expect(await emulator.ended(2)).toMatchObject({ clientClosed: true, tokensSent: 0 });
    // Both attempts were taken by the server (a 200): each is billed its prompt, as estimated.
    const prompt = countChatPrompt(userMessage(), { thinkingOff: true });
    expect(result).toMatchObject({ usageSource: "estimated", promptTokens: 2 * prompt, completionTokens: 0, costMicroLi: 2 * prompt * 2_500 });
  });

  it("first byte: an attempt given up after its 200 is billed beside the retry that answered", async () => {
    emulator.setScenario({ queue: [{ type: "ok", stream: { firstByteDelayMs: 600_000 } }], answerTokens: 60 });
    const llm = llmConfigFor(emulator.baseUrl, { env: { LLM_FIRST_BYTE_TIMEOUT_MS: "200" } });
    const { result } = await collect(llm, { messages: userMessage(), maxTokens: 500 });
    expect(result).toMatchObject({ error: null, attempts: 2, text: whole });
    expectAbandonedAttemptBilled(result, emulator.requests());
  });

  it("connect: no response headers in time", async () => {
    emulator.setScenario({ stream: { headersDelayMs: 600_000 } });
    const llm = llmConfigFor(emulator.baseUrl, { env: { LLM_CONNECT_TIMEOUT_MS: "200", LLM_MAX_ATTEMPTS: "1" } });
    const { result } = await collect(llm, { messages: userMessage(), maxTokens: 100 });
    expect(result.error).toMatchObject({ code: "timeout" });
    expect(result.error?.message).toMatch(/connect timeout/);
    expect(result).toMatchObject({ httpStatus: null, costMicroLi: 0 });
    expect(await emulator.ended(1)).toMatchObject({ clientClosed: true, status: null });
  });

  // Where the idle timeout falls relative to a pause is watchdog.test.ts' job, on fake timers;
  // here the timeout is far above the pause so a busy machine cannot make it fire.
  it("a pause mid-stream shorter than the idle timeout: the stream goes on to the end", async () => {
    const { result, requests } = await call([{ type: "stall", afterTokens: 5, ms: 100 }], { LLM_IDLE_TIMEOUT_MS: "60000" });
    expect(result).toMatchObject({ error: null, text: whole, finishReason: "stop" });
    expect(requests[0]).toMatchObject({ outcome: "completed", clientClosed: false });
  });

  it("keep-alive comments are skipped: the answer arrives whole", async () => {
    emulator.setScenario({ answerTokens: 20, stream: { keepAlive: "ping", tokenDelayMs: 5 } });
    const llm = llmConfigFor(emulator.baseUrl, { env: { LLM_IDLE_TIMEOUT_MS: "60000" } });
    const { result, shownText } = await collect(llm, { messages: userMessage(), maxTokens: 100 });
    expect(result).toMatchObject({ error: null, finishReason: "stop" });
    expect(countTokens(result.text)).toBe(20);
    expect(shownText).toBe(result.text);
  });
});

describe("cancelling (AbortSignal) and leaving early", () => {
  it("aborts the upstream at once: the emulator sees the socket close", async () => {
    // The stream stalls after 10 tokens and would stay open for ever: only the abort can close it.
    emulator.setScenario({ queue: [{ type: "stall", afterTokens: 10 }], answerTokens: 300 });
    const controller = new AbortController();
    const events: string[] = [];
    let result;
    for await (const event of streamChat(llmConfigFor(emulator.baseUrl), { messages: userMessage(), maxTokens: 1_000, signal: controller.signal }, { gate: new RateGate() })) {
      events.push(event.type);
      if (event.type === "text" && !controller.signal.aborted) controller.abort();
      if (event.type === "end") result = event.result;
    }
    expect(result).toMatchObject({ finishReason: "cancelled", error: { code: "cancelled" }, attempts: 1 });
    expect(events.at(-1)).toBe("end");
    expect(await emulator.ended(1)).toMatchObject({ clientClosed: true, outcome: "client_closed", tokensSent: 10 });
  });

  it("cancels during a backoff wait without another request", async () => {
    emulator.setScenario({ queue: [{ type: "error", error: "rate_limit", headers: { "retry-after": "20" } }] });
    const controller = new AbortController();
    const slept: number[] = [];
    // A sleep that never ends: the call can only leave the wait through the abort.
    const sleep = (ms: number) => {
      slept.push(ms);
      controller.abort();
      return new Promise<void>(() => undefined);
    };
    let result;
    for await (const event of streamChat(llmConfigFor(emulator.baseUrl), { messages: userMessage(), maxTokens: 100, signal: controller.signal }, { gate: new RateGate(() => 0), sleep })) {
      if (event.type === "end") result = event.result;
    }
    expect(result).toMatchObject({ finishReason: "cancelled", error: { code: "cancelled" }, attempts: 1 });
    expect(slept).toEqual([20_000]);
    expect(emulator.requests()).toHaveLength(1);
  });

  it("an already aborted signal makes no request", async () => {
    const controller = new AbortController();
    controller.abort();
    const { result } = await collect(llmConfigFor(emulator.baseUrl), { messages: userMessage(), maxTokens: 100, signal: controller.signal });
    expect(result).toMatchObject({ finishReason: "cancelled", attempts: 0, costMicroLi: 0 });
    expect(emulator.requests()).toHaveLength(0);
  });

  it("a consumer that stops iterating closes the upstream", async () => {
    emulator.setScenario({ queue: [{ type: "stall", afterTokens: 10 }], answerTokens: 300 });
    for await (const event of streamChat(llmConfigFor(emulator.baseUrl), { messages: userMessage(), maxTokens: 1_000 }, { gate: new RateGate() })) {
      if (event.type === "text") break;
    }
    expect(await emulator.ended(1)).toMatchObject({ clientClosed: true, outcome: "client_closed", tokensSent: 10 });
  });
});

describe("programmer errors throw", () => {
  it("rejects empty messages, a bad maxTokens, and a continuation without an assistant message", async () => {
    const llm = llmConfigFor(emulator.baseUrl);
    const first = (options: Parameters<typeof streamChat>[1]) => streamChat(llm, options).next();
    await expect(first({ messages: [], maxTokens: 10 })).rejects.toThrow(/messages/);
    await expect(first({ messages: userMessage(), maxTokens: 0 })).rejects.toThrow(/maxTokens/);
    await expect(first({ messages: userMessage(), maxTokens: 1.5 })).rejects.toThrow(/maxTokens/);
    await expect(first({ messages: userMessage(), maxTokens: 10, continueLastAssistant: true })).rejects.toThrow(/assistant/);
    expect(emulator.requests()).toHaveLength(0);
  });
});
