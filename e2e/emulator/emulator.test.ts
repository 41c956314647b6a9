import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countChatPrompt, countTokens } from "../../lib/tokens";
import type { ProfileName } from "../../lib/llm/profiles";
import { startEmulator, type Emulator } from "./server";
import { SAMPLE_DOCUMENT } from "./testing";

/** The emulator itself, over raw HTTP: what it sends for each rule of upstream-contract.md. */

const KEY = "sk-test-emulator";
const emulators = new Map<ProfileName, Emulator>();
const base = (profile: ProfileName = "default") => emulators.get(profile)!;

beforeAll(async () => {
  for (const profile of ["default", "dashscope", "vllm", "openai", "ollama"] as const) emulators.set(profile, await startEmulator({ port: 0, apiKey: KEY, profile }));
});
afterAll(async () => {
  for (const emulator of emulators.values()) await emulator.close();
});
beforeEach(() => {
  for (const emulator of emulators.values()) emulator.reset();
});

const user = (content = SAMPLE_DOCUMENT) => [{ role: "user", content }];

async function post(profile: ProfileName, body: Record<string, unknown>, options: { key?: string; path?: string } = {}) {
  const url = base(profile).baseUrl.replace(/\/v1$/, options.path ?? "/v1/chat/completions");
  const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${options.key ?? KEY}`, "content-type": "application/json" }, body: JSON.stringify({ model: "qwen3-32b", ...body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

const stream = (body: Record<string, unknown>, profile: ProfileName = "default") => post(profile, { stream: true, stream_options: { include_usage: true }, enable_thinking: false, ...body });

/** `data:` payloads of an SSE text (simple framing only). */
const payloads = (text: string) =>
  text
    .split(/\r\n\r\n|\n\n|\r\r/)
    .map((frame) => /^data: ?(.*)$/m.exec(frame)?.[1])
    .filter((data): data is string => data !== undefined);
const chunks = (text: string) => payloads(text).filter((data) => data !== "[DONE]").map((data) => JSON.parse(data) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[]; usage?: Record<string, number> | null });
/** The text up to its last complete frame: a read can end inside one. */
const completeFrames = (text: string) => text.slice(0, text.lastIndexOf("\n\n") + 2);
const contentOf = (text: string) => chunks(text).map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");

describe("counting and limits", () => {
  it("counts prompt tokens exactly, with the thinking-off block per the request's switch", async () => {
    const off = await stream({ messages: user(), max_tokens: 20 });
    const on = await stream({ messages: user(), max_tokens: 20, enable_thinking: true });
    const [first, second] = base().requests();
    expect(first!.promptTokens).toBe(countChatPrompt(user() as never, { thinkingOff: true }));
    expect(second!.promptTokens).toBe(countChatPrompt(user() as never, { thinkingOff: false }));
    expect(first!.promptTokens! - second!.promptTokens!).toBe(4);
    expect(chunks(off.text).at(-1)?.usage).toEqual({ prompt_tokens: first!.promptTokens, completion_tokens: 20, total_tokens: first!.promptTokens! + 20 });
    expect(chunks(on.text).at(-1)?.usage?.completion_tokens).toBe(20);
  });

  it("stops at max_tokens with length, the answer cut to exactly that many tokens", async () => {
    const { text } = await stream({ messages: user(), max_tokens: 33 });
    expect(countTokens(contentOf(text))).toBe(33);
    expect(chunks(text).some((chunk) => chunk.choices[0]?.finish_reason === "length")).toBe(true);
  });

  it.each([
    ["default", /Range of input length should be \[1, /],
    ["dashscope", /Range of input length/],
    ["vllm", /maximum context length is 1000 tokens\. However, you requested 900 output tokens/],
    ["openai", /context_length_exceeded/],
    ["ollama", /exceeds the available context size/],
  ] as const)("refuses prompt + max_tokens over the window with the %s body (E-13)", async (profile, pattern) => {
    base(profile).setScenario({ contextWindowTokens: 1_000 });
    const { status, text } = await post(profile, { messages: user(), max_tokens: 900, stream: true });
    expect(status).toBe(400);
    expect(text).toMatch(pattern);
  });

  it("refuses max_tokens above the output cap", async () => {
    const { status, text } = await stream({ messages: user(), max_tokens: 9_000 });
    expect(status).toBe(400);
    expect(text).toContain("Range of max_tokens should be [1, 8192]");
  });
});

describe("auth and paths", () => {
  it.each([
    ["default", `"code":"invalid_api_key"`],
    ["vllm", `{"error":"Unauthorized"}`],
  ] as const)("401 on a wrong key (%s body), key value never recorded", async (profile, body) => {
    const { status, text } = await post(profile, { messages: user() }, { key: "sk-wrong" });
    expect(status).toBe(401);
    expect(text).toContain(body);
    expect(JSON.stringify(base(profile).requests())).not.toContain("sk-wrong");
  });

  it("serves the DashScope compatible-mode path too", async () => {
    const { status } = await post("dashscope", { messages: user(), stream: true, enable_thinking: false, max_tokens: 5 }, { path: "/compatible-mode/v1/chat/completions" });
    expect(status).toBe(200);
  });
});

describe("non-streaming (stream:false)", () => {
  it("answers plain JSON with usage", async () => {
    const { status, json } = await post("default", { messages: user(), max_tokens: 50, enable_thinking: false });
    expect(status).toBe(200);
    const body = json() as { object: string; choices: { message: { content: string }; finish_reason: string }[]; usage: { completion_tokens: number } };
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0]!.message.content).toMatch(/^Summary\./);
    expect(body.usage.completion_tokens).toBe(countTokens(body.choices[0]!.message.content));
  });

  it("refuses thinking without streaming on DashScope (E-10), and when the switch is absent (default on)", async () => {
    for (const extra of [{ enable_thinking: true }, {}]) {
      const { status, text } = await post("dashscope", { messages: user(), max_tokens: 50, ...extra });
      expect(status).toBe(400);
      expect(text).toContain("parameter.enable_thinking must be set to false for non-streaming calls");
    }
  });

  it("puts reasoning in message.reasoning on vLLM", async () => {
    const { json } = await post("vllm", { messages: user(), max_tokens: 200 });
    const message = (json().choices as { message: Record<string, string> }[])[0]!.message;
    expect(message.reasoning).toMatch(/^The user wants/);
    expect(message.content).toMatch(/^Summary\./);
  });
});

describe("the deterministic answer", () => {
  it("draws sentences and labels from the last user message, English and Chinese", async () => {
    const content = contentOf((await stream({ messages: user(), max_tokens: 2_000 })).text);
    expect(content).toMatch(/^Summary\.\n\n1\. The harbour opened in 1821\. \[p\. 1\]\n/);
    expect(content).toContain("港口在一八二一年开放。 [p. 2]");
    expect(content).toContain("It was rebuilt in stone. [p. 3]");
    expect(countTokens(content)).toBeLessThanOrEqual(300);
    expect(countTokens(content)).toBeGreaterThan(250);
  });

  it("honours an [[emulator:answer_tokens=N]] marker", async () => {
    const content = contentOf((await stream({ messages: user(`${SAMPLE_DOCUMENT}\n[[emulator:answer_tokens=1200]]`), max_tokens: 8_000 })).text);
    expect(countTokens(content)).toBeGreaterThan(1_100);
    expect(content).not.toContain("emulator:");
  });

  it("continues from a prefix even when the material and the prefix's head change", async () => {
    base().setScenario({ answerTokens: 600 });
    const whole = contentOf((await stream({ messages: user(), max_tokens: 2_000 })).text);
    const first = contentOf((await stream({ messages: user(), max_tokens: 200 })).text);
    // The runner sends a trimmed material and only the tail of a long answer.
    const trimmed = user(SAMPLE_DOCUMENT.replace("[p. 1]", "[p. 9]"));
    const tail = first.slice(first.length - 150);
    const rest = contentOf((await stream({ messages: [...trimmed, { role: "assistant", content: tail, partial: true }], max_tokens: 2_000 })).text);
    expect(first + rest).toBe(whole);
    // Instruction-style continuation (profiles without prefix continuation).
    const again = contentOf((await stream({ messages: [...trimmed, { role: "assistant", content: first }, { role: "user", content: "Continue exactly where it stopped." }], max_tokens: 2_000 })).text);
    expect(first + again).toBe(whole);
  });

  it("answers a follow-up after a finished answer afresh", async () => {
    const whole = contentOf((await stream({ messages: user(), max_tokens: 2_000 })).text);
    const followUp = contentOf((await stream({ messages: [...user(), { role: "assistant", content: whole }, { role: "user", content: "The fire of 1899 destroyed the customs house. What then?" }], max_tokens: 2_000 })).text);
    expect(followUp).toMatch(/^Summary\.\n\n1\. The fire of 1899/);
  });
});

describe("stream framing (E-1…E-9)", () => {
  it("sends DashScope's chunks: usage:null everywhere, thinking first chunk, usage chunk with choices:[]", async () => {
    const { text, headers } = await post("dashscope", { messages: user(), max_tokens: 60, stream: true, stream_options: { include_usage: true }, enable_thinking: true });
    expect(headers.get("content-type")).toBe("text/event-stream");
    const all = chunks(text);
    expect(all[0]!.choices[0]!.delta).toEqual({ content: null, role: "assistant", reasoning_content: "" });
    expect(all.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(all.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 60 } });
    expect(all.at(-1)?.usage).not.toHaveProperty("completion_tokens_details");
    expect(all.at(-2)!.choices[0]).toMatchObject({ finish_reason: "length", delta: { content: "" } });
    expect(payloads(text).at(-1)).toBe("[DONE]");
    expect(new Set(all.map((chunk) => (chunk as unknown as { id: string }).id)).size).toBe(1);
  });

  it("sends vLLM's reasoning field and reasoning_tokens details", async () => {
    const { text } = await post("vllm", { messages: user(), max_tokens: 100, stream: true, stream_options: { include_usage: true } });
    const all = chunks(text);
    expect(all.some((chunk) => typeof chunk.choices[0]?.delta.reasoning === "string")).toBe(true);
    const reasoning = all.map((chunk) => chunk.choices[0]?.delta.reasoning ?? "").join("");
    expect(all.at(-1)?.usage).toMatchObject({ completion_tokens: 100, completion_tokens_details: { reasoning_tokens: countTokens(reasoning) } });
  });

  it("omits usage without stream_options (mode a)", async () => {
    const { text } = await post("default", { messages: user(), max_tokens: 10, stream: true, enable_thinking: false });
    expect(chunks(text).every((chunk) => !chunk.usage)).toBe(true);
  });

  it("sends cumulative usage on every chunk when asked (mode c)", async () => {
    const { text } = await post("vllm", { messages: user(), max_tokens: 10, stream: true, stream_options: { include_usage: true, continuous_usage_stats: true }, chat_template_kwargs: { enable_thinking: false } });
    const counts = chunks(text).map((chunk) => chunk.usage?.completion_tokens);
    expect(counts.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(counts.at(-1)).toBe(10);
  });

  it("attaches usage to the finish chunk (mode e) and can force it (mode d)", async () => {
    base().setScenario({ stream: { usage: "on_finish" } });
    const onFinish = chunks((await post("default", { messages: user(), max_tokens: 10, stream: true, enable_thinking: false })).text);
    expect(onFinish.at(-1)!.choices[0]!.finish_reason).toBe("length");
    expect(onFinish.at(-1)!.usage?.completion_tokens).toBe(10);
    base().setScenario({ stream: { usage: "forced" } });
    const forced = chunks((await post("default", { messages: user(), max_tokens: 10, stream: true, enable_thinking: false })).text);
    expect(forced.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 10 } });
  });

  it("frames variants on the wire: CRLF, no space, event lines, no [DONE], keep-alives", async () => {
    base().setScenario({ stream: { lineEnding: "crlf", dataNoSpace: true, eventLines: true, omitDone: true, keepAlive: "openrouter" } });
    const { text } = await stream({ messages: user(), max_tokens: 10 });
    expect(text).toContain("\r\n\r\n");
    expect(text).not.toMatch(/(^|[^\r])\n/);
    expect(text).toMatch(/^: OPENROUTER PROCESSING\r\n/);
    expect(text).toContain("event: message\r\ndata:{");
    expect(text).not.toContain("[DONE]");
  });

  it("puts the last token on the finish chunk, role on every chunk, finish_reason \"\" (E-6, E-7)", async () => {
    base().setScenario({ stream: { contentOnFinish: true, roleOnEveryChunk: true, emptyFinishReason: true } });
    const all = chunks((await stream({ messages: user(), max_tokens: 10 })).text).filter((chunk) => chunk.choices.length > 0);
    expect(all.every((chunk) => chunk.choices[0]!.delta.role === "assistant")).toBe(true);
    expect(all.slice(0, -1).every((chunk) => chunk.choices[0]!.finish_reason === "")).toBe(true);
    expect(all.at(-1)!.choices[0]).toMatchObject({ finish_reason: "length", delta: { content: expect.any(String) } });
    expect(all.at(-1)!.choices[0]!.delta.content).not.toBe("");
  });

  it("puts raw <think> tags in content without a reasoning parser", async () => {
    base().setScenario({ stream: { reasoning: "think_tags" } });
    const content = contentOf((await stream({ messages: user(), max_tokens: 200, enable_thinking: true })).text);
    expect(content).toMatch(/^<think>\nThe user wants[^]*\n<\/think>\n\nSummary\./);
  });

  it("sends an empty think block for a /no_think soft switch (E-12)", async () => {
    base().setScenario({ stream: { reasoning: "think_tags" } });
    const content = contentOf((await stream({ messages: user(`${SAMPLE_DOCUMENT} /no_think`), max_tokens: 200, enable_thinking: true })).text);
    expect(content).toMatch(/^<think>\n<\/think>\n\nSummary\./);
  });

  it("splits bytes into many small writes (E-3)", async () => {
    base().setScenario({ stream: { splitBytes: true } });
    const response = await fetch(base().baseUrl + "/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "qwen3-32b", messages: user(), max_tokens: 20, stream: true, enable_thinking: false }),
    });
    const reader = response.body!.getReader();
    const parts: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
    const frames = payloads(Buffer.concat(parts).toString("utf8")).length;
    expect(parts.length).toBeGreaterThan(frames * 2);
  });
});

describe("mid-stream failures on the wire (E-15)", () => {
  const failing = async (variant: number) => {
    base().setScenario({ queue: [{ type: "midStreamError", variant, afterTokens: 3 }] });
    return (await stream({ messages: user(), max_tokens: 100 })).text;
  };

  it("1 vLLM: data error then [DONE]", async () => expect(await failing(1)).toMatch(/data: \{"error":\{"message":"[^"]+","type":"InternalServerError","param":null,"code":500\}\}\n\ndata: \[DONE\]\n\n$/));
  it("2 SGLang: object:error inside", async () => expect(await failing(2)).toContain(`data: {"error":{"object":"error"`));
  it("3 OpenRouter: error with finish_reason error, no [DONE]", async () => {
    const text = await failing(3);
    expect(text).toMatch(/"finish_reason":"error"/);
    expect(text).not.toContain("[DONE]");
  });
  it("4 llama.cpp: an error: field line", async () => expect(await failing(4)).toMatch(/\nerror: \{"code":500,/));
  it("5 Ollama: bare JSON, no data:, no [DONE]", async () => expect(await failing(5)).toMatch(/\n\{"error":\{"message":"[^"]+","type":"api_error","param":null,"code":null\}\}\n$/));
  it("6 event: error", async () => expect(await failing(6)).toMatch(/event: error\ndata: \{"message":/));

  it("holds the stream after K tokens until released, then sends the rest", async () => {
    const whole = contentOf((await stream({ messages: user(), max_tokens: 100 })).text);
    base().reset();
    base().setScenario({ queue: [{ type: "hold", afterTokens: 5 }] });
    const response = await fetch(base().baseUrl + "/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "qwen3-32b", messages: user(), max_tokens: 100, stream: true, enable_thinking: false }),
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (countTokens(contentOf(completeFrames(text))) < 5) text += (await reader.read()).value ?? "";
    expect(countTokens(contentOf(completeFrames(text)))).toBe(5);
    expect(base().requests()[0]).toMatchObject({ outcome: "held", tokensSent: 5 });
    base().release();
    for (let part = await reader.read(); !part.done; part = await reader.read()) text += part.value;
    expect(contentOf(text)).toBe(whole);
    expect((await base().ended(1)).outcome).toBe("completed");
  });

  it("a held stream the client leaves is closed by the client", async () => {
    base().setScenario({ queue: [{ type: "hold", afterTokens: 3 }] });
    const controller = new AbortController();
    const response = await fetch(base().baseUrl + "/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "qwen3-32b", messages: user(), max_tokens: 100, stream: true, enable_thinking: false }),
      signal: controller.signal,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (countTokens(contentOf(completeFrames(text))) < 3) text += (await reader.read()).value ?? "";
    controller.abort();
    expect(await base().ended(1)).toMatchObject({ outcome: "client_closed", clientClosed: true, tokensSent: 3 });
  });

  it("drops the socket after K tokens", async () => {
    base().setScenario({ queue: [{ type: "drop", afterTokens: 4 }] });
    await expect(stream({ messages: user(), max_tokens: 100 })).rejects.toThrow();
    expect(base().requests()[0]).toMatchObject({ outcome: "dropped", tokensSent: 4 });
  });
});

describe("control endpoints", () => {
  it("sets a scenario, lists requests and resets over HTTP", async () => {
    const root = base().baseUrl.replace(/\/v1$/, "");
    const bad = await fetch(`${root}/__emulator/scenario`, { method: "POST", body: JSON.stringify({ queue: [{ type: "nope" }] }) });
    expect(bad.status).toBe(400);
    const set = await fetch(`${root}/__emulator/scenario`, { method: "POST", body: JSON.stringify({ queue: [{ type: "error", error: "balance", times: 2 }] }) });
    expect(await set.json()).toEqual({ ok: true, queue: 2 });
    expect((await stream({ messages: user() })).status).toBe(402);
    expect((await stream({ messages: user() })).status).toBe(402);
    expect((await stream({ messages: user(), max_tokens: 5 })).status).toBe(200);
    const listed = (await (await fetch(`${root}/__emulator/requests`)).json()) as { requests: { behaviour: string; status: number }[] };
    expect(listed.requests.map((request) => [request.behaviour, request.status])).toEqual([
      ["error:balance", 402],
      ["error:balance", 402],
      ["ok", 200],
    ]);
    await fetch(`${root}/__emulator/reset`, { method: "POST" });
    expect(((await (await fetch(`${root}/__emulator/requests`)).json()) as { requests: unknown[] }).requests).toEqual([]);
  });
});
