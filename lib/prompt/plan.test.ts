import { describe, expect, it } from "vitest";
import { countTokens } from "../tokens";
import { buildContinuation, closeOpenStructures, joinAtSeam, lastCitedBlock } from "./continuation";
import { makePlan, promptTokens, type PlanLimits } from "./plan";
import { resolveTask } from "./presets";
import { singleMessages, type PlanUnit } from "./render";
import { splitRanges } from "./split";

const limits: PlanLimits = {
  contextWindowTokens: 128_000,
  maxOutputTokens: 8_192,
  inputMicroLiPerToken: 2_500,
  outputMicroLiPerToken: 10_000,
  thinking: false,
  thinkingOffBlock: true,
  maxRounds: 6,
};

const SENTENCES = [
  "The committee reviewed the annual budget and approved the new research programme.",
  "Revenue grew by 12 percent while operating costs fell slightly over the same period.",
  "委员会审议了年度预算，并批准了新的研究计划。",
  "Several risks remain, including supplier concentration and currency exposure.",
];

function pages(count: number, sentencesPerPage: number): PlanUnit[] {
  return Array.from({ length: count }, (_, index) => {
    const text = Array.from({ length: sentencesPerPage }, (_, s) => `${SENTENCES[(index + s) % SENTENCES.length]} (${index + 1}.${s})`).join(" ");
    return { ordinal: index, label: `p. ${index + 1}`, text, tokens: countTokens(text) };
  });
}

const task = resolveTask("summary", "", "document");

describe("planner", () => {
  it("refuses an unknown task and a task for the other kind of material, saying which exist", () => {
    expect(() => resolveTask("risk", "", "codebase")).toThrow(/architecture, risks, security, quality/);
    expect(() => resolveTask("architecture", "", "document")).toThrow(/for codebases/);
    expect(() => resolveTask("custom", " ", "document")).toThrow(/needs instructions/);
  });

  it("sends a document that fits in one call, instructions at head and tail, counted exactly", () => {
    const units = pages(5, 20);
    const plan = makePlan({ kind: "document", documentName: "small.pdf", units, task, limits });
    expect(plan.strategy).toBe("single");
    expect(plan.calls).toHaveLength(1);
    const call = plan.calls[0]!;
    const material = units.map((unit) => `[${unit.label}]\n${unit.text}\n`).join("\n");
    const messages = singleMessages({ kind: "document", task, documentName: "small.pdf", context: "", material });
    expect(call.promptTokens).toBe(promptTokens(messages, limits));
    expect(messages[0]!.content).toContain(task.instructions);
    const user = messages[1]!.content;
    expect(user.startsWith(`Task: ${task.instructions}`)).toBe(true);
    expect(user.lastIndexOf(task.instructions)).toBeGreaterThan(user.indexOf("</material>"));
    expect(user).toContain("[p. 3]");
    expect(plan.inputBudgetTokens).toBe(128_000 - 8_192 - 256);
    expect(call.layout.templateTokens + call.layout.instructionTokens + call.layout.documentTokens).toBe(call.promptTokens);
    // Input cost is exact: prompt tokens × 2,500 micro-li.
    expect(plan.cost.inputMicroLiMin).toBe(call.promptTokens * 2_500);
    expect(plan.cost.inputMicroLiMax).toBeGreaterThanOrEqual(plan.cost.inputMicroLiMin);
  });

  it("maps a ~300,000-token document over chunks that fill the budget, every page exactly once, no call over the window", () => {
    const units = pages(600, 24);
    const total = units.reduce((sum, unit) => sum + unit.tokens, 0);
    expect(total).toBeGreaterThan(280_000);
    const plan = makePlan({ kind: "document", documentName: "big.pdf", units, task, limits });
    expect(plan.strategy).toBe("map-reduce");
    const maps = plan.calls.filter((call) => call.purpose === "map");
    expect(maps.length).toBeGreaterThanOrEqual(3);
    const seen = maps.flatMap((call) => call.segments.map((segment) => segment.ordinal));
    expect(seen).toEqual(units.map((unit) => unit.ordinal));
    for (const call of plan.calls) {
      expect(call.promptTokens + call.maxTokens).toBeLessThanOrEqual(128_000);
    }
    expect(plan.calls.some((call) => call.key === "reduce:final")).toBe(true);
    expect(plan.coverage.unitsIncluded).toBe(600);
    expect(plan.coverage.omitted).toEqual([]);
  });

  it("splits a unit larger than a chunk at paragraph boundaries and covers its text once", () => {
    const paragraph = SENTENCES.join(" ").repeat(20);
    const text = Array.from({ length: 120 }, (_, index) => `${index}. ${paragraph}`).join("\n\n");
    const units: PlanUnit[] = [{ ordinal: 0, label: "p. 1", text, tokens: countTokens(text) }];
    expect(units[0]!.tokens).toBeGreaterThan(130_000);
    const plan = makePlan({ kind: "document", documentName: "one-huge-page.pdf", units, task, limits });
    const segments = plan.calls.flatMap((call) => call.segments);
    expect(segments.length).toBeGreaterThan(1);
    expect(segments.map((segment) => text.slice(segment.start, segment.end)).join("")).toBe(text);
    expect(plan.coverage.split).toEqual([{ label: "p. 1", parts: segments.length }]);
    for (const call of plan.calls) expect(call.promptTokens).toBeLessThanOrEqual(plan.inputBudgetTokens);
  });

  it("split ranges never exceed the limit, even for one enormous sentence with no spaces", () => {
    const text = "是".repeat(30_000);
    const ranges = splitRanges(text, 1_000);
    expect(ranges.map(([start, end]) => text.slice(start, end)).join("")).toBe(text);
    for (const [start, end] of ranges) expect(countTokens(text.slice(start, end))).toBeLessThanOrEqual(1_000);
  });
});

describe("continuation", () => {
  it("finds the block the answer cited last, exactly (p. 1 is not p. 150), for pages, files and notes", () => {
    const blocks = Array.from({ length: 200 }, (_, index) => ({ label: `p. ${index + 1}`, text: `[p. ${index + 1}]\ntext\n` }));
    expect(lastCitedBlock(blocks, "… as [p. 12] and then [p. 150] says")).toBe(149);
    expect(lastCitedBlock(blocks, "see [p. 3–5]")).toBe(2);
    const files = [{ label: "src/a.ts", text: "" }, { label: "src/b.ts", text: "" }];
    expect(lastCitedBlock(files, "the check in `src/b.ts:40` is missing")).toBe(1);
    const notes = [
      { label: "notes on p. 1–p. 40", text: "[notes on p. 1–p. 40]\n- a [p. 3]\n" },
      { label: "notes on p. 41–p. 80", text: "[notes on p. 41–p. 80]\n- b [p. 77]\n" },
    ];
    expect(lastCitedBlock(notes, "… [p. 77]")).toBe(1);
    expect(lastCitedBlock(blocks, "no citations")).toBe(0);
  });

  const render = (material: string) => singleMessages({ kind: "document", task, documentName: "d", context: "", material });
  const count = (messages: Parameters<typeof promptTokens>[0]) => promptTokens(messages, limits);

  it("keeps the whole prompt when it fits, with the answer as an assistant prefix", () => {
    const blocks = pages(3, 5).map((unit) => ({ label: unit.label, text: `[${unit.label}]\n${unit.text}\n` }));
    const result = buildContinuation({ render, blocks, answerSoFar: "The report so far", prefixContinuation: "partial", promptBudget: 119_552, count });
    expect(result.blocksSent).toBe(3);
    expect(result.continueLastAssistant).toBe(true);
    expect(result.messages.at(-1)).toEqual({ role: "assistant", content: "The report so far" });
  });

  it("cuts the material of a window-filling document to what is still needed so the continuation fits", () => {
    const units = pages(230, 24);
    const blocks = units.map((unit) => ({ label: unit.label, text: `[${unit.label}]\n${unit.text}\n` }));
    const full = count(render(blocks.map((block) => block.text).join("\n")));
    expect(full).toBeGreaterThan(100_000);
    const answer = `${"A long answer. ".repeat(3_000)} as shown on [p. 120] and`;
    const budget = 128_000 - 8_192 - 256;
    const result = buildContinuation({ render, blocks, answerSoFar: answer, prefixContinuation: "none", promptBudget: budget, count });
    expect(result.promptTokens).toBeLessThanOrEqual(budget);
    expect(result.blocksSent).toBeLessThan(230);
    const user = result.messages[1]!.content;
    expect(user).toContain("[p. 120]");
    expect(result.messages.at(-1)!.role).toBe("user");
  });

  it("joins a continuation without repeating the seam and keeps code fences balanced", () => {
    expect(joinAtSeam("The quick brown fox jumps over the lazy", " over the lazy dog.")).toBe("The quick brown fox jumps over the lazy dog.");
    expect(joinAtSeam("Hello wor", "ld")).toBe("Hello world");
    expect(joinAtSeam("```ts\nconst a = 1;\n", "```ts\nconst b = 2;\n```\n")).toBe("```ts\nconst a = 1;\nconst b = 2;\n```\n");
    expect(closeOpenStructures("```ts\nconst a")).toBe("```ts\nconst a\n```\n");
    // A bare fence at the seam closes the open block: it stays.
    expect(joinAtSeam("```ts\nconst x = 1;\n", "```\n\n## Next")).toBe("```ts\nconst x = 1;\n```\n\n## Next");
    expect(closeOpenStructures("done\n")).toBe("done\n");
  });
});
