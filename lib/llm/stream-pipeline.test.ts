import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AnswerAssembler } from "./answer-assembler";
import { streamParts } from "./stream-pipeline";
import type { StreamPart } from "./stream-parts";

/** Bytes → parts on recorded streams, cut into network reads at every possible point. */

const fixture = (name: string) => readFileSync(path.join(__dirname, "fixtures", name));

async function partsOf(bytes: Uint8Array, cut: (bytes: Uint8Array) => Uint8Array<ArrayBuffer>[]): Promise<StreamPart[]> {
  const pieces = cut(bytes);
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  const reader = streamParts(source).getReader();
  const parts: StreamPart[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

const whole = (bytes: Uint8Array) => [new Uint8Array(bytes)];
const everyByte = (bytes: Uint8Array) => Array.from(bytes, (byte) => new Uint8Array([byte]));
const inThrees = (bytes: Uint8Array) => Array.from({ length: Math.ceil(bytes.length / 3) }, (_, index) => new Uint8Array(bytes.subarray(index * 3, index * 3 + 3)));

describe("streamParts on recorded streams", () => {
  it.each([
    ["whole", whole],
    ["one byte per read", everyByte],
    ["three bytes per read", inThrees],
  ])("DashScope with usage (transcript A), %s", async (_name, cut) => {
    expect(await partsOf(fixture("dashscope-usage.sse"), cut)).toEqual([
      { type: "content", text: "I am" },
      { type: "finish", reason: "stop" },
      { type: "usage", usage: { promptTokens: 22, completionTokens: 17, reasoningTokens: null, cachedTokens: null } },
      { type: "done" },
    ]);
  });

  it("DashScope thinking (transcript C): no text parts from the null/empty fields, usage after finish", async () => {
    expect(await partsOf(fixture("dashscope-reasoning.sse"), everyByte)).toEqual([
      { type: "finish", reason: "stop" },
      { type: "usage", usage: { promptTokens: 10, completionTokens: 360, reasoningTokens: null, cachedTokens: null } },
      { type: "done" },
    ]);
  });

  it("vLLM without a parser (transcript B): <think> in content, cut off without a finish", async () => {
    const parts = await partsOf(fixture("vllm-length-think.sse"), inThrees);
    expect(parts).toEqual([
      { type: "content", text: " ." },
      { type: "content", text: "<think>" },
    ]);
    const assembler = new AnswerAssembler(true);
    for (const part of parts) assembler.accept(part);
    assembler.finish();
    expect(assembler.finishReason).toBeNull(); // the caller marks this stream interrupted (C-2)
  });
});

describe("UTF-8 and line endings cut between reads", () => {
  const text = "港口 — naïve 😀 𠀀";
  const sse = (eol: string) => Buffer.from(`data: ${JSON.stringify({ choices: [{ delta: { content: text }, finish_reason: null }] })}${eol}${eol}data: [DONE]${eol}${eol}`, "utf8");

  it.each(["\n", "\r\n", "\r"])("keeps every character whole with %j line endings, at every cut", async (eol) => {
    const bytes = sse(eol);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parts = await partsOf(bytes, (all) => [new Uint8Array(all.subarray(0, cut)), new Uint8Array(all.subarray(cut))]);
      expect(parts).toEqual([{ type: "content", text }, { type: "done" }]);
    }
  });

  it("keeps a raw multi-byte reasoning chunk whole one byte at a time", async () => {
    const bytes = Buffer.from(`data: {"choices":[{"delta":{"content":null,"reasoning_content":"嗯"},"index":0}]}\n\n`, "utf8");
    expect(await partsOf(bytes, everyByte)).toEqual([{ type: "reasoning", text: "嗯" }]);
  });
});
