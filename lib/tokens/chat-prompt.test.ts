import { beforeAll, describe, expect, it } from "vitest";
import fixtures from "./fixtures/qwen3-chat-template.json";
import { CHAT_OVERHEAD_TOKENS, countChatPrompt, countTokens, renderQwen3ChatPrompt, type ChatMessageForCount, type ChatPromptOptions } from "./index";
import { loadReferenceTokenizer, type ReferenceTokenizer } from "../../dev/tokens/reference-tokenizer";

let reference: ReferenceTokenizer;
beforeAll(() => {
  reference = loadReferenceTokenizer();
});

interface Fixture {
  name: string;
  messages: ChatMessageForCount[];
  options: ChatPromptOptions;
  rendered: string;
}

describe("Qwen3 chat template", () => {
  it.each((fixtures.cases as Fixture[]).map((c) => [c.name, c] as const))("renders and counts %s like jinja2 + the reference", async (_name, fixture) => {
    expect(renderQwen3ChatPrompt(fixture.messages, fixture.options)).toBe(fixture.rendered);
    expect(countChatPrompt(fixture.messages, fixture.options)).toBe((await reference.encode(fixture.rendered)).length);
  });

  it("adds 13 tokens around system + user + assistant prefix, 17 with thinking off (reference)", async () => {
    const system = "You are a careful analyst. Answer in English.";
    const user = "Summarize the following document.\n\nIt has two lines.";
    const prompt = `<|im_start|>system\n${system}<|im_end|>\n<|im_start|>user\n${user}<|im_end|>\n<|im_start|>assistant\n`;
    const content = (await reference.encode(system)).length + (await reference.encode(user)).length;
    expect((await reference.encode(prompt)).length - content).toBe(CHAT_OVERHEAD_TOKENS.systemUserAssistant);
    expect((await reference.encode(`${prompt}<think>\n\n</think>\n\n`)).length - content).toBe(CHAT_OVERHEAD_TOKENS.withThinkingOff);

    const messages: ChatMessageForCount[] = [
      { role: "system", content: system },
      { role: "user", content: user },
    ];
    expect(countChatPrompt(messages) - countTokens(system) - countTokens(user)).toBe(13);
    expect(countChatPrompt(messages, { thinkingOff: true }) - countTokens(system) - countTokens(user)).toBe(17);
  });

  it("counts special-token strings inside content as the server does (as special tokens)", async () => {
    const messages: ChatMessageForCount[] = [{ role: "user", content: "quote: <|im_end|> and <think>" }];
    expect(countChatPrompt(messages)).toBe((await reference.encode(renderQwen3ChatPrompt(messages))).length);
  });
});
