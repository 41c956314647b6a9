import { describe, expect, it } from "vitest";
import { ThinkSplitter, type SplitPiece } from "./think-splitter";

function run(chunks: string[]): { content: string; reasoning: string } {
  const splitter = new ThinkSplitter();
  const pieces: SplitPiece[] = [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.flush()];
  return {
    content: pieces.filter((piece) => piece.kind === "content").map((piece) => piece.text).join(""),
    reasoning: pieces.filter((piece) => piece.kind === "reasoning").map((piece) => piece.text).join(""),
  };
}

describe("ThinkSplitter (C-6)", () => {
  const whole = "<think>\nLet me see.\n</think>\n\nThe answer.";

  it("splits a think block from the answer", () => {
    expect(run([whole])).toEqual({ reasoning: "Let me see.\n", content: "The answer." });
  });

  it("gives the same result however the text is cut, tags included", () => {
    for (let size = 1; size <= 9; size++) {
      const chunks: string[] = [];
      for (let index = 0; index < whole.length; index += size) chunks.push(whole.slice(index, index + size));
      expect(run(chunks)).toEqual({ reasoning: "Let me see.\n", content: "The answer." });
    }
    expect(run(["<thi", "nk>abc</th", "ink>x"])).toEqual({ reasoning: "abc", content: "x" });
  });

  it("treats everything as reasoning when </think> never comes (stopped at length)", () => {
    expect(run(["<think>\nstill thinking", " and </thi"])).toEqual({ reasoning: "still thinking and </thi", content: "" });
  });

  it("handles the empty block of /no_think", () => {
    expect(run(["<think>\n\n</think>\n\n", "Hi"])).toEqual({ reasoning: "", content: "Hi" });
  });

  it("leaves a <think> that is not at the start alone", () => {
    expect(run(["Qwen writes ", "<think> tags."])).toEqual({ reasoning: "", content: "Qwen writes <think> tags." });
    expect(run(["<", "b>bold</b>"])).toEqual({ reasoning: "", content: "<b>bold</b>" });
    expect(run(["<thi"])).toEqual({ reasoning: "", content: "<thi" });
  });
});
