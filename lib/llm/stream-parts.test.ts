import { describe, expect, it } from "vitest";
import { partsOfItem } from "./stream-parts";

const event = (data: string, name?: string) => partsOfItem({ kind: "event", event: name, data });

describe("partsOfItem (C-3, C-5, C-11)", () => {
  it("reads DashScope's first, middle, finish and usage chunks (transcript A)", () => {
    expect(event(`{"choices":[{"delta":{"content":"","role":"assistant"},"index":0,"logprobs":null,"finish_reason":null}],"object":"chat.completion.chunk","usage":null,"created":1726132850,"system_fingerprint":null,"model":"qwen-plus","id":"chatcmpl-428b"}`)).toEqual([]);
    expect(event(`{"choices":[{"finish_reason":null,"delta":{"content":"I am"},"index":0,"logprobs":null}],"object":"chat.completion.chunk","usage":null}`)).toEqual([{ type: "content", text: "I am" }]);
    expect(event(`{"choices":[{"finish_reason":"stop","delta":{"content":""},"index":0,"logprobs":null}],"object":"chat.completion.chunk","usage":null}`)).toEqual([{ type: "finish", reason: "stop" }]);
    expect(event(`{"choices":[],"object":"chat.completion.chunk","usage":{"prompt_tokens":22,"completion_tokens":17,"total_tokens":39}}`)).toEqual([
      { type: "usage", usage: { promptTokens: 22, completionTokens: 17, reasoningTokens: null, cachedTokens: null } },
    ]);
    expect(event("[DONE]")).toEqual([{ type: "done" }]);
  });

  it("reads reasoning_content and reasoning; empty strings are absent", () => {
    expect(event(`{"choices":[{"delta":{"content":null,"reasoning_content":"嗯"},"index":0}]}`)).toEqual([{ type: "reasoning", text: "嗯" }]);
    expect(event(`{"choices":[{"delta":{"reasoning":"hm","reasoning_content":""},"index":0}]}`)).toEqual([{ type: "reasoning", text: "hm" }]);
    expect(event(`{"choices":[{"delta":{"content":"","reasoning_content":null},"finish_reason":"stop"}]}`)).toEqual([{ type: "finish", reason: "stop" }]);
  });

  it("appends content of the finish chunk before the finish, and usage after (vLLM #35705, llama-cpp-python)", () => {
    expect(event(`{"choices":[{"delta":{"content":"end."},"finish_reason":"length","index":0,"stop_reason":null,"token_ids":null}],"usage":{"prompt_tokens":5,"completion_tokens":10,"total_tokens":15,"completion_tokens_details":{"reasoning_tokens":3},"prompt_tokens_details":{"cached_tokens":2}}}`)).toEqual([
      { type: "content", text: "end." },
      { type: "finish", reason: "length" },
      { type: "usage", usage: { promptTokens: 5, completionTokens: 10, reasoningTokens: 3, cachedTokens: 2 } },
    ]);
  });

  it("treats finish_reason \"\" as null and survives missing or empty choices", () => {
    expect(event(`{"choices":[{"delta":{"role":"assistant","content":"a"},"finish_reason":""}]}`)).toEqual([{ type: "content", text: "a" }]);
    expect(event(`{"object":"chat.completion.chunk"}`)).toEqual([]);
    expect(event(`{"choices":[],"usage":null}`)).toEqual([]);
    expect(event(`{"choices":null}`)).toEqual([]);
    expect(event(`{"choices":[{"index":1,"delta":{"content":"other"}}]}`)).toEqual([]);
  });

  it("skips payloads that are not JSON or not chunks", () => {
    expect(event("not json")).toEqual([]);
    expect(event("[1,2]")).toEqual([]);
    expect(event(`{"choices":[{"delta":{"content":5}}]}`)).toEqual([]);
  });

  it("reads a whole non-streaming completion sent as one bare line (a server that ignored stream:true)", () => {
    const line = `{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Whole answer."},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}`;
    expect(partsOfItem({ kind: "field", field: `{"id"`, value: "", line })).toEqual([
      { type: "content", text: "Whole answer." },
      { type: "finish", reason: "stop" },
      { type: "usage", usage: { promptTokens: 3, completionTokens: 2, reasoningTokens: null, cachedTokens: null } },
    ]);
  });

  it("reads flat top-level reasoning and cached counts", () => {
    expect(event(`{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"cached_tokens":1,"reasoning_tokens":2}}`)).toEqual([
      { type: "usage", usage: { promptTokens: 1, completionTokens: 2, reasoningTokens: 2, cachedTokens: 1 } },
    ]);
  });

  describe("every E-15 error variant becomes an error part", () => {
    const isError = (parts: ReturnType<typeof event>, message: string) => expect(parts).toEqual([{ type: "error", error: expect.objectContaining({ message }) }]);
    it("1 vLLM data error", () => isError(event(`{"error":{"message":"v1","type":"BadRequestError","param":null,"code":400}}`), "v1"));
    it("2 SGLang nested object:error", () => isError(event(`{"error":{"object":"error","message":"v2","type":"BadRequestError","param":null,"code":400}}`), "v2"));
    it("2b flat object:error", () => isError(event(`{"object":"error","message":"v2b","code":400}`), "v2b"));
    it("3 OpenRouter error with finish_reason error", () =>
      isError(event(`{"id":"x","object":"chat.completion.chunk","error":{"code":"server_error","message":"v3"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}`), "v3"));
    it("3b finish_reason error alone", () => expect(event(`{"choices":[{"delta":{},"finish_reason":"error"}]}`)).toEqual([{ type: "error", error: expect.objectContaining({ message: null }) }]));
    it("4 llama.cpp error: field", () => isError(partsOfItem({ kind: "field", field: "error", value: `{"code":400,"message":"v4","type":"invalid_request_error"}`, line: "" }), "v4"));
    it("5 Ollama bare JSON line", () => isError(partsOfItem({ kind: "field", field: `{"error"`, value: "", line: `{"error":{"message":"v5"}}` }), "v5"));
    it("6 event: error", () => isError(event(`{"message":"v6"}`, "error"), "v6"));
    it("string error payload", () => isError(event(`{"error":"v7"}`), "v7"));
  });
});
