import { describe, expect, it } from "vitest";
import { parseConfig } from "./config";

describe("configuration", () => {
  it("has the defaults of the default profile", () => {
    const config = parseConfig({});
    expect(config.llm.model).toBe("qwen3-32b");
    expect(config.llm.contextWindowTokens).toBe(128_000);
    expect(config.llm.maxOutputTokens).toBe(8_192);
    expect(config.llm.inputMicroLiPerToken).toBe(2_500);
    expect(config.llm.outputMicroLiPerToken).toBe(10_000);
    expect(config.llm.thinking).toBe(false);
    expect(config.llm.apiKey).toBeUndefined();
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(3000);
    expect(config.databasePath).toBe("./data/longdoc.db");
  });

  it("stops on a bad value with a message naming the variable", () => {
    expect(() => parseConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseConfig({ LLM_BASE_URL: "not a url" })).toThrow(/LLM_BASE_URL/);
    expect(() => parseConfig({ LLM_PRICE_INPUT_YUAN_PER_M: "cheap" })).toThrow(/LLM_PRICE_INPUT_YUAN_PER_M/);
    expect(() => parseConfig({ LLM_PROFILE: "acme" })).toThrow(/LLM_PROFILE/);
    expect(() => parseConfig({ LLM_CONTEXT_WINDOW: "12" })).toThrow(/LLM_CONTEXT_WINDOW/);
  });

  it("accepts a missing key (extraction and plans work without it) and trims the base URL", () => {
    const config = parseConfig({ LLM_API_KEY: "", LLM_BASE_URL: "http://127.0.0.1:8787/v1/" });
    expect(config.llm.apiKey).toBeUndefined();
    expect(config.llm.baseUrl).toBe("http://127.0.0.1:8787/v1");
  });

  it("selects the profile's thinking switch", () => {
    expect(parseConfig({ LLM_PROFILE: "vllm" }).llm.profile.thinkingSwitch).toBe("chat_template_kwargs");
    expect(parseConfig({ LLM_PROFILE: "dashscope" }).llm.profile.thinkingSwitch).toBe("enable_thinking");
  });
});
