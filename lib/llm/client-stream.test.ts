import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../e2e/emulator/server";
import { collect, llmConfigFor, SAMPLE_DOCUMENT, userMessage } from "../../e2e/emulator/testing";
import { formatLi } from "../money";
import { countChatPrompt, countTokens } from "../tokens";
import type { ProfileName } from "./profiles";

/** The client against the emulator over real HTTP: streams, usage, thinking, request bodies. */

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const lastBody = () => emulator.requests().at(-1)?.body as Record<string, unknown>;

describe("a plain streamed answer", () => {
  it("streams the emulator's answer with reported usage and exact cost", async () => {
    const llm = llmConfigFor(emulator.baseUrl);
    const { result, shownText, events } = await collect(llm, { messages: userMessage(), maxTokens: 1_000 });
    expect(result).toMatchObject({ finishReason: "stop", usageSource: "reported", attempts: 1, httpStatus: 200, error: null, reasoning: "" });
    expect(result.text.startsWith("Summary.\n\n1. The harbour opened in 1821. [p. 1]\n")).toBe(true);
    expect(result.text).toContain("港口在一八二一年开放。 [p. 2]");
    expect(result.text).toContain("😀");
    expect(shownText).toBe(result.text);
    const record = emulator.requests()[0]!;
    expect(result.promptTokens).toBe(record.promptTokens);
    expect(result.completionTokens).toBe(countTokens(result.text));
    expect(result.costMicroLi).toBe(result.promptTokens * 2_500 + result.completionTokens * 10_000);
    expect(result.prices).toEqual({ inputMicroLiPerToken: 2_500, outputMicroLiPerToken: 10_000 });
    expect(result.timeToFirstTokenMs).not.toBeNull();
    expect(events.filter((event) => event.type === "end")).toHaveLength(1);
  });

  it("sends the documented body: model, messages, clamped max_tokens, temperature, stream, usage, explicit thinking switch", async () => {
    const llm = llmConfigFor(emulator.baseUrl);
    await collect(llm, { messages: userMessage("Hello."), maxTokens: 100_000 });
    expect(lastBody()).toEqual({
      model: "qwen3-32b",
      messages: [{ role: "user", content: "Hello." }],
      max_tokens: 8_192,
      temperature: 0.3,
      stream: true,
      stream_options: { include_usage: true },
      enable_thinking: false,
    });
    const record = emulator.requests()[0]!;
    expect(record.headers.authorization).toBe("[redacted]");
    expect(record.keyMatched).toBe(true);
    expect(record.path).toBe("/v1/chat/completions");
  });

  it("stops at max_tokens with finish_reason length, exactly that many tokens", async () => {
    const llm = llmConfigFor(emulator.baseUrl);
    const { result } = await collect(llm, { messages: userMessage(), maxTokens: 50 });
    expect(result.finishReason).toBe("length");
    expect(result.completionTokens).toBe(50);
    expect(countTokens(result.text)).toBe(50);
    expect(result.error).toBeNull();
  });

  it("bills the worked example of DESIGN.md: 2,000 in + 500 out = 10 li exactly", async () => {
    const llm = llmConfigFor(emulator.baseUrl);
    // A prompt of exactly 2,000 tokens, template included, with thinking off as sent.
    let content = `${SAMPLE_DOCUMENT}\n`;
    while (countChatPrompt([{ role: "user", content: `${content} x` }], { thinkingOff: true }) <= 2_000) content += " x";
    expect(countChatPrompt([{ role: "user", content }], { thinkingOff: true })).toBe(2_000);
    emulator.setScenario({ answerTokens: 5_000 });
    const worked = await collect(llm, { messages: [{ role: "user", content }], maxTokens: 500 });
    expect(worked.result).toMatchObject({ promptTokens: 2_000, completionTokens: 500, finishReason: "length", costMicroLi: 10_000_000 });
    expect(formatLi(worked.result.costMicroLi)).toBe("10.0000");
  });
});

describe("stream variants give the same text (E-2…E-7, C-1…C-3)", () => {
  const variants: Record<string, object> = {
    crlf: { lineEnding: "crlf" },
    cr: { lineEnding: "cr" },
    "data: without space": { dataNoSpace: true },
    "event: lines": { eventLines: true },
    "byte-split chunks": { splitBytes: true },
    "byte-split CRLF": { splitBytes: true, lineEnding: "crlf" },
    "OpenRouter keep-alives": { keepAlive: "openrouter" },
    "ping keep-alives": { keepAlive: "ping" },
    "no [DONE]": { omitDone: true },
    "content on the finish chunk": { contentOnFinish: true },
    'finish_reason ""': { emptyFinishReason: true },
    "Ollama role on every chunk": { roleOnEveryChunk: true },
    "several tokens per chunk": { tokensPerChunk: 3 },
    everything: { lineEnding: "crlf", dataNoSpace: true, eventLines: true, splitBytes: true, keepAlive: "ping", omitDone: true, contentOnFinish: true, emptyFinishReason: true, roleOnEveryChunk: true },
  };
  let baseline = "";
  beforeAll(async () => {
    emulator.setScenario({ answerTokens: 120 });
    baseline = (await collect(llmConfigFor(emulator.baseUrl), { messages: userMessage(), maxTokens: 1_000 })).result.text;
    expect(baseline).toContain("港口");
  });

  it.each(Object.entries(variants))("%s", async (_name, stream) => {
    emulator.setScenario({ answerTokens: 120, stream });
    const { result, shownText } = await collect(llmConfigFor(emulator.baseUrl), { messages: userMessage(), maxTokens: 1_000 });
    expect(result.text).toBe(baseline);
    expect(shownText).toBe(baseline);
    expect(result).toMatchObject({ finishReason: "stop", error: null, usageSource: "reported" });
    expect(result.text).not.toContain("\uFFFD");
  });
});

describe("usage modes (E-8, C-5)", () => {
  const run = async (usage: string) => {
    emulator.setScenario({ answerTokens: 60, stream: { usage } as never });
    const collected = await collect(llmConfigFor(emulator.baseUrl), { messages: userMessage(), maxTokens: 1_000 });
    const record = emulator.requests().at(-1)!;
    return { ...collected, record };
  };

  it.each(["auto", "final", "continuous", "forced", "on_finish"])("%s: reported, the last non-null usage wins", async (mode) => {
    const { result, record } = await run(mode);
    expect(result).toMatchObject({ usageSource: "reported", promptTokens: record.promptTokens, completionTokens: record.completionTokens });
  });

  it("none: estimated with the exact tokenizer, equal to what the server counted", async () => {
    const { result, record } = await run("none");
    expect(result).toMatchObject({ usageSource: "estimated", promptTokens: record.promptTokens, completionTokens: record.completionTokens, finishReason: "stop" });
    expect(result.costMicroLi).toBe(result.promptTokens * 2_500 + result.completionTokens * 10_000);
  });
});

describe("thinking (E-10, E-11, C-6, C-7)", () => {
  it.each(["reasoning_content", "reasoning", "think_tags"] as const)("keeps %s apart from the answer and bills it as output", async (form) => {
    emulator.setScenario({ answerTokens: 80, reasoningTokens: 30, stream: { reasoning: form } });
    const llm = llmConfigFor(emulator.baseUrl);
    const plain = await collect(llm, { messages: userMessage(), maxTokens: 1_000, thinking: false });
    const { result, shownReasoning, shownText } = await collect(llm, { messages: userMessage(), maxTokens: 1_000, thinking: true });
    expect(result.text).toBe(plain.result.text);
    expect(shownText).toBe(result.text);
    expect(result.reasoning).toMatch(/^The user wants a summary/);
    expect(result.reasoning).not.toContain("<think>");
    expect(shownReasoning).toBe(result.reasoning);
    expect(result.reasoningTokens).toBeGreaterThan(0);
    const record = emulator.requests().at(-1)!;
    expect(result.completionTokens).toBe(record.completionTokens);
    expect(result.completionTokens).toBeGreaterThan(countTokens(result.text));
    expect(result.costMicroLi).toBe(result.promptTokens * 2_500 + result.completionTokens * 10_000);
    expect((record.body as Record<string, unknown>).enable_thinking).toBe(true);
  });

  it.each(["reasoning", "reasoning_content"] as const)("shows an answer misplaced in %s as the answer (vLLM #40816)", async (form) => {
    emulator.setScenario({ answerTokens: 80 });
    const llm = llmConfigFor(emulator.baseUrl);
    const expected = (await collect(llm, { messages: userMessage(), maxTokens: 1_000 })).result.text;
    emulator.setScenario({ answerTokens: 80, stream: { answerInReasoning: true, reasoning: form } });
    const { result, shownText } = await collect(llm, { messages: userMessage(), maxTokens: 1_000 });
    expect(result).toMatchObject({ text: expected, reasoning: "", finishReason: "stop" });
    expect(shownText).toBe(expected);
  });

  it("takes the thinking default from the configuration", async () => {
    await collect(llmConfigFor(emulator.baseUrl, { thinking: true }), { messages: userMessage("Hi."), maxTokens: 100 });
    expect(lastBody().enable_thinking).toBe(true);
  });
});

describe("request body per profile", () => {
  const cases: [ProfileName, Record<string, unknown>, Record<string, unknown>][] = [
    ["default", { enable_thinking: false }, {}],
    ["dashscope", { enable_thinking: false }, {}],
    ["vllm", { chat_template_kwargs: { enable_thinking: false } }, { continue_final_message: true, add_generation_prompt: false }],
    ["ollama", {}, {}],
    ["openai", {}, {}],
  ];

  it.each(cases)("%s", async (profile, thinkingFields, continuationFields) => {
    const other = await startEmulator({ port: 0, profile });
    try {
      const llm = llmConfigFor(other.baseUrl, { profile });
      await collect(llm, { messages: userMessage("Hi."), maxTokens: 64 });
      const body = other.requests()[0]!.body as Record<string, unknown>;
      for (const key of ["enable_thinking", "chat_template_kwargs", "continue_final_message", "add_generation_prompt"]) {
        expect(body[key]).toEqual(thinkingFields[key]);
      }
      await collect(llm, { messages: [...userMessage("Hi."), { role: "assistant", content: "Summary." }], maxTokens: 64, continueLastAssistant: true });
      const continued = other.requests()[1]!.body as Record<string, unknown> & { messages: Record<string, unknown>[] };
      for (const [key, value] of Object.entries(continuationFields)) expect(continued[key]).toEqual(value);
      const partial = llm.profile.prefixContinuation === "partial";
      expect(continued.messages.at(-1)).toEqual(partial ? { role: "assistant", content: "Summary.", partial: true } : { role: "assistant", content: "Summary." });
    } finally {
      await other.close();
    }
  });
});

describe("continuation (prefix) reproduces the whole answer", () => {
  it.each(["default", "vllm", "ollama"] as ProfileName[])("%s", async (profile) => {
    const other = await startEmulator({ port: 0, profile, scenario: { answerTokens: 400 } });
    try {
      const llm = llmConfigFor(other.baseUrl, { profile });
      const whole = (await collect(llm, { messages: userMessage(), maxTokens: 2_000 })).result.text;
      let answer = "";
      for (let round = 0; round < 10; round++) {
        const messages = round === 0 ? userMessage() : [...userMessage(), { role: "assistant" as const, content: answer }];
        const { result } = await collect(llm, { messages, maxTokens: 150, continueLastAssistant: round > 0 });
        answer += result.text;
        if (result.finishReason !== "length") break;
      }
      expect(answer).toBe(whole);
    } finally {
      await other.close();
    }
  });
});
