import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDb } from "./client";
import { insertCall, listCalls } from "./queries/calls";
import { insertDocument } from "./queries/documents";
import { refreshJobTotals, getJob, insertJob, listJobs, updateJob } from "./queries/jobs";
import { sweepStaleLeases } from "../lib/jobs/recover";

const dirs: string[] = [];
function tempDbPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-db-"));
  dirs.push(dir);
  return path.join(dir, "nested", "longdoc.db");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("database", () => {
  it("creates and migrates the file on first open, in WAL mode with foreign keys, and reuses it", () => {
    const file = tempDbPath();
    const db = openDb(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    insertJob(db, { id: "j1", documentId: null, name: "a", kind: "document", task: "summary", instructions: "", plan: {}, maxMicroLi: null, callsPlanned: 1 });
    db.$client.close();
    const again = openDb(file);
    expect(getJob(again, { id: "j1" })?.name).toBe("a");
    again.$client.close();
  });

  it("keeps money as integers and job totals equal to the sum of the calls", () => {
    const db = openDb(tempDbPath());
    insertJob(db, { id: "j", documentId: null, name: "n", kind: "document", task: "summary", instructions: "", plan: {}, maxMicroLi: null, callsPlanned: 2 });
    const calls = [
      { promptTokens: 2_000, completionTokens: 500, costMicroLi: 10_000_000 },
      { promptTokens: 1_234, completionTokens: 7, costMicroLi: 1_234 * 2_500 + 7 * 10_000 },
    ];
    for (const [index, call] of calls.entries()) {
      insertCall(db, {
        jobId: "j",
        purpose: "single",
        stepKey: "single",
        round: index,
        usageSource: "reported",
        inputMicroLiPerToken: 2_500,
        outputMicroLiPerToken: 10_000,
        ...call,
      });
    }
    refreshJobTotals(db, { id: "j" });
    const job = getJob(db, { id: "j" });
    const rows = listCalls(db, { jobId: "j" });
    expect(rows).toHaveLength(2);
    expect(job?.costMicroLi).toBe(rows.reduce((sum, row) => sum + row.costMicroLi, 0));
    expect(Number.isInteger(job?.costMicroLi)).toBe(true);
    db.$client.close();
  });

  it("enforces foreign keys, searches history, and sweeps a running job nobody holds to interrupted with its output", () => {
    const db = openDb(tempDbPath());
    expect(() =>
      insertCall(db, { jobId: "missing", purpose: "single", stepKey: "single", usageSource: "reported", inputMicroLiPerToken: 1, outputMicroLiPerToken: 1, costMicroLi: 0 }),
    ).toThrow(/FOREIGN KEY/);
    insertDocument(db, { id: "d", sha256: "abc", name: "doc.pdf", kind: "pdf", mimeType: "application/pdf", sizeBytes: 3, units: [{ kind: "page", label: "p. 1", text: "hello", tokens: 1 }], skipped: [], meta: {} });
    insertJob(db, { id: "a", documentId: "d", name: "Annual report", kind: "document", task: "summary", instructions: "", plan: {}, maxMicroLi: null, callsPlanned: 1 });
    insertJob(db, { id: "b", documentId: "d", name: "Other", kind: "document", task: "summary", instructions: "", plan: {}, maxMicroLi: null, callsPlanned: 1 });
    updateJob(db, { id: "b", patch: { status: "running", output: "the revenue grew 100%" } });
    expect(listJobs(db, { search: "annual", limit: 10 }).map((job) => job.id)).toEqual(["a"]);
    expect(listJobs(db, { search: "100%", limit: 10 }).map((job) => job.id)).toEqual(["b"]);
    // "a" is queued for a server to take up; "b" runs with no holder (left by a dead process).
    expect(sweepStaleLeases(db, { nowMs: Date.now() })).toEqual({ jobs: 1, calls: 0 });
    expect(getJob(db, { id: "a" })?.status).toBe("queued");
    expect(getJob(db, { id: "b" })?.status).toBe("interrupted");
    expect(getJob(db, { id: "b" })?.output).toBe("the revenue grew 100%");
    db.$client.close();
  });
});
