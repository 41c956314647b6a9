import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { insertCall } from "../../db/queries/calls";
import { insertDocument } from "../../db/queries/documents";
import { parseConfig } from "../config";
import { countTokens } from "../tokens";
import { createJob } from "./create";
import { reportSoFar } from "./report-so-far";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the report so far, from its calls", () => {
  it("joins the report step's calls as the runner did, and is null before the report step ran", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-report-"));
    dirs.push(dir);
    const config = parseConfig({ LLM_BASE_URL: "http://127.0.0.1:9/v1", LLM_API_KEY: "sk-report", DATABASE_PATH: path.join(dir, "t.db") });
    const db = openDb(config.databasePath);
    const text = "The committee approved the budget.";
    insertDocument(db, { id: "d", sha256: "d", name: "d.pdf", kind: "pdf", mimeType: null, sizeBytes: 1, units: [{ kind: "page", label: "p. 1", text, tokens: countTokens(text) }], skipped: [], meta: {} });
    const job = createJob({ config, db }, { documentId: "d", task: "summary", instructions: "", maxMicroLi: null });
    expect(reportSoFar(db, { jobId: job.id, prefixContinuation: "none" })).toBeNull();
    const call = (round: number, output: string) =>
      insertCall(db, { jobId: job.id, purpose: "single", stepKey: "single", round, promptTokens: 1, usageSource: "estimated", inputMicroLiPerToken: 1, outputMicroLiPerToken: 1, costMicroLi: 0, output });
    call(0, "1. The budget was approved by the committee");
    // A continuation that repeats the end of the answer: joined without the repeat.
    call(1, "approved by the committee in March.\n");
    expect(reportSoFar(db, { jobId: job.id, prefixContinuation: "none" })).toBe("1. The budget was approved by the committee in March.\n");
    expect(reportSoFar(db, { jobId: job.id, prefixContinuation: "partial" })).toBe("1. The budget was approved by the committeeapproved by the committee in March.\n");
  });
});
