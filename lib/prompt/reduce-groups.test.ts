import { describe, expect, it } from "vitest";
import { makePlan, type PlanLimits } from "./plan";
import { resolveTask } from "./presets";
import { mergedLabel, plannedNoteSize, reduceLevel } from "./reduce-groups";
import { countTokens } from "../tokens";

const room = { budget: 1_000, finalEmpty: 200, mergeEmpty: 150 };
const note = (label: string, tokens: number) => ({ label, tokens });

describe("reduce grouping", () => {
  it("sends all notes to the final report when they fit one call", () => {
    const level = reduceLevel([note("notes on p. 1–p. 5", 400), note("notes on p. 6–p. 9", 400)], room, 1);
    expect(level).toEqual({ final: true, call: expect.objectContaining({ key: "reduce:final", title: "final report from all notes", members: [0, 1], promptTokens: 1_000 }) });
  });

  it("packs consecutive notes into merging calls, and carries a note left alone over without a call", () => {
    const notes = [note("notes on p. 1–p. 5", 400), note("notes on p. 6–p. 9", 400), note("notes on p. 10–p. 12", 400), note("notes on p. 13", 400), note("notes on p. 14–p. 20", 400)];
    const level = reduceLevel(notes, room, 2);
    if (level.final || "stuck" in level) throw new Error("expected groups");
    expect(level.groups.map((group) => group.members)).toEqual([[0, 1], [2, 3], [4]]);
    expect(level.calls.map((call) => [call.key, call.title, call.promptTokens])).toEqual([
      ["reduce:2:0", "merge notes on p. 1–p. 9 (level 2)", 950],
      ["reduce:2:1", "merge notes on p. 10–p. 13 (level 2)", 950],
    ]);
    expect(level.groups[2]!.label).toBe("notes on p. 14–p. 20");
  });

  it("reports no progress when no two notes fit one call", () => {
    expect(reduceLevel([note("notes on p. 1", 700), note("notes on p. 2", 700)], room, 1)).toEqual({ final: false, stuck: true });
  });

  it("labels merged notes from the first one's start to the last one's end", () => {
    expect(mergedLabel(["notes on p. 1–p. 40", "notes on p. 41–p. 80"])).toBe("notes on p. 1–p. 80");
    expect(mergedLabel(["notes on src/a.ts", "notes on src/b.ts–src/c.ts"])).toBe("notes on src/a.ts–src/c.ts");
  });

  it("the planner's reduce calls are this grouping of notes at the output cap, level after level", () => {
    const limits: PlanLimits = { contextWindowTokens: 2_050, maxOutputTokens: 400, inputMicroLiPerToken: 2_500, outputMicroLiPerToken: 10_000, thinking: false, thinkingOffBlock: true, maxRounds: 6 };
    const units = Array.from({ length: 56 }, (_, index) => {
      const text = `Page ${index + 1} says the budget grew by ${index} percent and the risks remain.`.repeat(6);
      return { ordinal: index, label: `p. ${index + 1}`, text, tokens: countTokens(text) };
    });
    const plan = makePlan({ kind: "document", documentName: "d.pdf", units, task: resolveTask("summary", "", "document"), limits });
    const maps = plan.calls.filter((call) => call.purpose === "map");
    const reduces = plan.calls.filter((call) => call.purpose === "reduce");
    expect(plan.reduceLevels).toBe(3);
    const first = reduceLevel(
      maps.map((call) => plannedNoteSize(call.title, 400)),
      { budget: plan.inputBudgetTokens, finalEmpty: reduces.at(-1)!.layout.templateTokens + reduces.at(-1)!.layout.instructionTokens, mergeEmpty: reduces[0]!.layout.templateTokens + reduces[0]!.layout.instructionTokens },
      1,
    );
    if (first.final || "stuck" in first) throw new Error("expected groups");
    expect(reduces.filter((call) => call.key.startsWith("reduce:1:")).map((call) => [call.key, call.title, call.promptTokens])).toEqual(first.calls.map((call) => [call.key, call.title, call.promptTokens]));
    expect(reduces.at(-1)!.key).toBe("reduce:final");
  });
});
