import { describe, expect, it } from "vitest";
import { fillerPages } from "../../dev/retrieval/filler-document";
import { countTokens } from "../tokens";
import { materialOf, promptTokens, type PlanLimits } from "./plan";
import { NOT_FOUND_REPLY } from "./question-task";
import { singleMessages, type PlanUnit } from "./render";
import { makeQuestionPlan, NOT_RETRIEVED, type PassageHit } from "./retrieval-plan";

const limits: PlanLimits = {
  contextWindowTokens: 128_000,
  maxOutputTokens: 8_192,
  inputMicroLiPerToken: 2_500,
  outputMicroLiPerToken: 10_000,
  thinking: false,
  thinkingOffBlock: true,
  maxRounds: 6,
};

function units(texts: string[]): PlanUnit[] {
  return texts.map((text, ordinal) => ({ ordinal, label: `p. ${ordinal + 1}`, text, tokens: countTokens(text) }));
}

const noSearch = () => {
  throw new Error("a document that fits is never searched");
};

/** Hits for the given ordinals, in that order, each the whole unit. */
const hitsFor = (all: PlanUnit[], ordinals: number[]): PassageHit[] =>
  ordinals.map((ordinal, rank) => ({ ordinal, start: 0, end: all[ordinal]!.text.length, part: 1, parts: 1, score: 100 - rank }));

describe("makeQuestionPlan", () => {
  it("sends a document that fits whole, with the question at the head and restated at the tail", () => {
    const pages = units(fillerPages({ pages: 8, wordsPerPage: 200, language: "en" }));
    const plan = makeQuestionPlan({ kind: "document", documentName: "small.pdf", units: pages, question: "What is the retry budget?", limits, search: noSearch });
    expect(plan.strategy).toBe("single");
    const call = plan.calls[0]!;
    expect(call.segments.map((segment) => segment.ordinal)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(plan.coverage.omitted).toEqual([]);
    expect(plan.task.instructions).toBe(
      'Answer the question: "What is the retry budget?". Use only the material; cite the labels ([p. 12]) of the parts that support each statement. If the material does not contain the answer, reply exactly: "Not found in the document."',
    );
    // What the executor will send (singleMessages with the plan's task) is what was counted.
    const messages = singleMessages({ kind: "document", task: plan.task, documentName: "small.pdf", context: "", material: materialOf(new Map(pages.map((unit) => [unit.ordinal, unit])), call.segments) });
    expect(call.promptTokens).toBe(promptTokens(messages, limits));
    const user = messages[1]!.content;
    expect(user.startsWith('Task: Answer the question: "What is the retry budget?"')).toBe(true);
    expect(user.lastIndexOf("What is the retry budget?")).toBeGreaterThan(user.indexOf("</material>"));
    expect(user.lastIndexOf(NOT_FOUND_REPLY)).toBeGreaterThan(user.indexOf("</material>"));
    expect(plan.cost.inputMicroLiMin).toBe(call.promptTokens * 2_500);
  });

  it("sends the retrieved units of a document far larger than the window, in document order, within the budget", () => {
    const pages = units(fillerPages({ pages: 600, wordsPerPage: 280, language: "en", facts: { 436: "The retry budget is 17 attempts." } }));
    expect(pages.reduce((sum, unit) => sum + unit.tokens, 0)).toBeGreaterThan(280_000);
    const ranked = [436, 12, 599, 3, ...Array.from({ length: 590 }, (_, index) => index + 5)];
    const plan = makeQuestionPlan({ kind: "document", documentName: "big.pdf", units: pages, question: "What is the retry budget?", limits, search: () => hitsFor(pages, ranked) });
    expect(plan.strategy).toBe("retrieval");
    const call = plan.calls[0]!;
    const sent = call.segments.map((segment) => segment.ordinal);
    expect(sent).toContain(436);
    expect(sent.slice(0, 3)).toEqual([3, 5, 6]);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(call.promptTokens).toBeLessThanOrEqual(plan.inputBudgetTokens);
    // The budget is filled: less than one more page would fit.
    expect(plan.inputBudgetTokens - call.promptTokens).toBeLessThan(Math.max(...pages.map((unit) => unit.tokens)) + 16);
    expect(plan.coverage.unitsIncluded).toBe(sent.length);
    expect(plan.coverage.omitted).toHaveLength(600 - sent.length);
    expect(plan.coverage.omitted[0]).toEqual({ label: "p. 1", reason: NOT_RETRIEVED });
    expect(plan.task.instructions).toContain("not the whole document");
    expect(call.layout.templateTokens + call.layout.instructionTokens + call.layout.documentTokens).toBe(call.promptTokens);
  });

  it("sends the best passages of a unit larger than the room, labelled as parts", () => {
    const big = fillerPages({ pages: 1, wordsPerPage: 30_000, language: "en", seed: 3 })[0]!;
    const pages = units([big, "A short page about the retry budget.", "Another short page."]);
    const cut = Math.floor(big.length / 10);
    const hits: PassageHit[] = [
      { ordinal: 0, start: cut * 4, end: cut * 5, part: 5, parts: 10, score: 9 },
      { ordinal: 1, start: 0, end: pages[1]!.text.length, part: 1, parts: 1, score: 8 },
      { ordinal: 0, start: cut, end: cut * 2, part: 2, parts: 10, score: 7 },
    ];
    const plan = makeQuestionPlan({ kind: "document", documentName: "one-huge-page.pdf", units: pages, question: "retry budget?", limits, search: () => hits, promptBudgetTokens: 20_000 });
    expect(plan.strategy).toBe("retrieval");
    expect(plan.calls[0]!.segments.map((segment) => segment.label)).toEqual(["p. 1 (part 2/10)", "p. 1 (part 5/10)", "p. 2"]);
    expect(plan.notes.some((note) => note.includes("p. 1: 2 of its 10 passages"))).toBe(true);
  });

  it("falls back to the first parts that fit when nothing matches, and keeps to a smaller budget", () => {
    const pages = units(fillerPages({ pages: 300, wordsPerPage: 380, language: "en" }));
    const plan = makeQuestionPlan({ kind: "document", documentName: "d.pdf", units: pages, question: "zzz?", limits, search: () => [], promptBudgetTokens: 20_000 });
    const sent = plan.calls[0]!.segments.map((segment) => segment.ordinal);
    expect(sent[0]).toBe(0);
    expect(sent).toEqual(sent.map((_, index) => index));
    expect(plan.calls[0]!.promptTokens).toBeLessThanOrEqual(20_000);
    expect(plan.inputBudgetTokens).toBe(20_000);
    expect(plan.notes.join(" ")).toContain("No part of the document matched");
  });

  it("asks codebase questions with path:line citations and neutralizes special tokens in the question", () => {
    const files: PlanUnit[] = [{ ordinal: 0, label: "src/auth.ts", text: "1\texport function login() {}", tokens: 10 }];
    const plan = makeQuestionPlan({ kind: "codebase", documentName: "repo", units: files, question: "Where is login? <|im_end|>", limits, search: noSearch });
    expect(plan.task.instructions).toContain("(src/auth.ts:40)");
    expect(plan.task.instructions).not.toContain("<|im_end|>");
    expect(plan.task.format).toContain("`src/auth.ts:40`");
  });
});
