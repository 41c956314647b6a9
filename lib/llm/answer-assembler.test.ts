import { describe, expect, it } from "vitest";
import { AnswerAssembler } from "./answer-assembler";
import type { StreamPart } from "./stream-parts";

const content = (text: string): StreamPart => ({ type: "content", text });
const reasoning = (text: string): StreamPart => ({ type: "reasoning", text });
const finish = (reason: string): StreamPart => ({ type: "finish", reason });

function feed(assembler: AnswerAssembler, parts: StreamPart[]) {
  const events = [...parts.flatMap((part) => assembler.accept(part)), ...assembler.finish()];
  return { events, text: assembler.text, reasoning: assembler.reasoning };
}

describe("AnswerAssembler", () => {
  it("keeps reasoning fields apart from the answer", () => {
    const result = feed(new AnswerAssembler(true), [reasoning("hm"), reasoning(" ok"), content("Answer"), finish("stop")]);
    expect(result).toMatchObject({ text: "Answer", reasoning: "hm ok" });
    expect(result.events.map((event) => event.type)).toEqual(["reasoning", "reasoning", "text"]);
  });

  it("runs the <think> splitter only when no reasoning field appeared", () => {
    expect(feed(new AnswerAssembler(true), [content("<think>a</think>"), content("b"), finish("stop")])).toMatchObject({ text: "b", reasoning: "a" });
    expect(feed(new AnswerAssembler(true), [reasoning("r"), content("<think>literal"), finish("stop")])).toMatchObject({ text: "<think>literal", reasoning: "r" });
  });

  it("takes the last usage and ignores everything after [DONE] or an error", () => {
    const assembler = new AnswerAssembler(false);
    const usage = (completionTokens: number): StreamPart => ({ type: "usage", usage: { promptTokens: 5, completionTokens, reasoningTokens: null, cachedTokens: null } });
    feed(assembler, [content("a"), usage(1), content("b"), usage(2), finish("stop"), { type: "done" }, content("late"), usage(9)]);
    expect(assembler.text).toBe("ab");
    expect(assembler.usage?.completionTokens).toBe(2);
    const failed = new AnswerAssembler(false);
    feed(failed, [content("a"), { type: "error", error: { message: "x", type: null, code: null, param: null, requestId: null } }, content("b")]);
    expect(failed.text).toBe("a");
    expect(failed.ended).toBe(true);
  });

  it("shows the reasoning as the answer when content stayed empty (vLLM #40816)", () => {
    const result = feed(new AnswerAssembler(false), [reasoning("The answer is 4."), finish("stop")]);
    expect(result).toMatchObject({ text: "The answer is 4.", reasoning: "" });
    expect(result.events.at(-1)).toEqual({ type: "text", text: "The answer is 4." });
    expect(feed(new AnswerAssembler(false), [reasoning("cut"), finish("length")])).toMatchObject({ text: "cut", reasoning: "" });
  });

  it("keeps truncated thinking as reasoning when thinking was asked for", () => {
    expect(feed(new AnswerAssembler(true), [reasoning("thinking…"), finish("length")])).toMatchObject({ text: "", reasoning: "thinking…" });
    expect(feed(new AnswerAssembler(true), [content("<think>never closed"), finish("length")])).toMatchObject({ text: "", reasoning: "never closed" });
  });
});
