import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseStoredPlan } from "./plan-schema";

const stored = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "jobs", "fixtures", "old-map-reduce-job.json"), "utf8")) as { job: { planJson: string } }).job.planJson;

describe("stored plans", () => {
  it("reads a plan stored by an earlier version as it was", () => {
    const plan = parseStoredPlan(stored);
    expect(plan).toEqual(JSON.parse(stored));
    expect(plan.strategy).toBe("map-reduce");
  });

  it("reads a plan stored without a version, or from before codebase packing, as version 1 with those fields empty", () => {
    const old = JSON.parse(stored) as Record<string, unknown> & { coverage: Record<string, unknown> };
    delete old.version;
    delete old.context;
    delete old.contextTokens;
    delete old.coverage.cut;
    const plan = parseStoredPlan(JSON.stringify(old));
    expect(plan.version).toBe(1);
    expect(plan.context).toBe("");
    expect(plan.contextTokens).toBe(0);
    expect(plan.coverage.cut).toEqual([]);
  });

  it("refuses a damaged plan or one of an unknown version, saying what is wrong", () => {
    expect(() => parseStoredPlan("{")).toThrow(/damaged/);
    expect(() => parseStoredPlan(JSON.stringify({ ...(JSON.parse(stored) as object), version: 9 }))).toThrow(/version/);
    expect(() => parseStoredPlan(JSON.stringify({ ...(JSON.parse(stored) as object), calls: [{ key: "map:0" }] }))).toThrow(/calls\.0/);
  });
});
