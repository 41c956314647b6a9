import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { temporaryDatabases } from "../../dev/testing/temp-database";
import { MIGRATIONS_FOLDER, openDb, type Db } from "../client";
import { insertCall, listCalls } from "./calls";
import { appendEvent, listEventsAfter } from "./events";
import { deletedJobsSpendMicroLi, deleteJob, getJob, insertJob, refreshJobTotals, spendByDay, totalSpendMicroLi } from "./jobs";

const temporary = temporaryDatabases("longdoc-spend");
const db = (): Db => temporary.database("spend.db");

const DAY_1 = Date.UTC(2026, 10, 30, 23, 0);
const DAY_2 = Date.UTC(2026, 11, 1, 1, 0);

function jobWithCalls(database: Db, id: string, calls: Array<{ atMs: number; costMicroLi: number }>): void {
  insertJob(database, { id, documentId: null, name: id, kind: "document", task: "summary", instructions: "", plan: {}, maxMicroLi: null, callsPlanned: calls.length });
  for (const [round, call] of calls.entries()) {
    const row = insertCall(database, { jobId: id, purpose: "single", stepKey: "single", round, usageSource: "reported", promptTokens: 1_000, completionTokens: 10, inputMicroLiPerToken: 2_500, outputMicroLiPerToken: 10_000, costMicroLi: call.costMicroLi, output: "the report's text" });
    database.$client.prepare("update llm_calls set created_at_ms = ? where id = ?").run(call.atMs, row.id);
  }
  refreshJobTotals(database, { id });
  appendEvent(database, { jobId: id, type: "delta", data: { key: "single", final: true, text: "the report's text" } });
}

describe("the spend ledger", () => {
  it("deleting a job keeps its calls' costs (marked as of a deleted job) and drops its text: totals and days do not move", () => {
    const database = db();
    jobWithCalls(database, "kept", [{ atMs: DAY_1, costMicroLi: 5_330_282_500 - 178_870_000 }]);
    jobWithCalls(database, "deleted", [
      { atMs: DAY_1, costMicroLi: 100_000_000 },
      { atMs: DAY_2, costMicroLi: 78_870_000 },
    ]);
    const total = totalSpendMicroLi(database);
    const days = spendByDay(database);
    expect(total).toBe(5_330_282_500);
    expect(days).toEqual([
      { day: "2026-11-30", costMicroLi: 5_151_412_500 + 100_000_000, jobs: 2 },
      { day: "2026-12-01", costMicroLi: 78_870_000, jobs: 1 },
    ]);

    expect(deleteJob(database, { id: "deleted" })).toBe(true);
    expect(getJob(database, { id: "deleted" })).toBeUndefined();
    expect(listEventsAfter(database, { jobId: "deleted", afterId: 0 })).toEqual([]);
    expect(totalSpendMicroLi(database)).toBe(total);
    expect(spendByDay(database)).toEqual(days);
    expect(deletedJobsSpendMicroLi(database)).toBe(178_870_000);
    const ledger = database.$client.prepare("select job_id as jobId, deleted_job_id as deletedJobId, cost_micro_li as costMicroLi, output from llm_calls order by id").all();
    expect(ledger).toEqual([
      { jobId: "kept", deletedJobId: null, costMicroLi: 5_151_412_500, output: "the report's text" },
      { jobId: null, deletedJobId: "deleted", costMicroLi: 100_000_000, output: "" },
      { jobId: null, deletedJobId: "deleted", costMicroLi: 78_870_000, output: "" },
    ]);
    expect(listCalls(database, { jobId: "kept" })).toHaveLength(1);
  });
});

describe("the ledger migration", () => {
  it("keeps every call of a database made before it, with its job and cost", () => {
    const dir = temporary.folder();
    // The migrations as they were before the ledger: a database of the previous version.
    const before = path.join(dir, "migrations");
    fs.cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
    const journalPath = path.join(before, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: Array<{ tag: string }> };
    journal.entries = journal.entries.filter((entry) => entry.tag < "0003");
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    const file = path.join(dir, "old.db");
    const sqlite = new Database(file);
    sqlite.pragma("foreign_keys = ON");
    migrate(drizzle(sqlite), { migrationsFolder: before });
    sqlite.prepare("insert into jobs (id, name, kind, task, status, plan_json) values ('j', 'old report', 'document', 'summary', 'succeeded', '{}')").run();
    sqlite.prepare("insert into llm_calls (job_id, purpose, step_key, usage_source, input_micro_li_per_token, output_micro_li_per_token, cost_micro_li, output) values ('j', 'single', 'single', 'reported', 2500, 10000, 12345, 'text')").run();
    sqlite.close();

    const migrated = openDb(file);
    expect(migrated.$client.prepare("select job_id as jobId, deleted_job_id as deletedJobId, cost_micro_li as costMicroLi, output from llm_calls").all()).toEqual([{ jobId: "j", deletedJobId: null, costMicroLi: 12_345, output: "text" }]);
    expect(migrated.$client.pragma("foreign_key_check")).toEqual([]);
    expect(deleteJob(migrated, { id: "j" })).toBe(true);
    expect(totalSpendMicroLi(migrated)).toBe(12_345);
    migrated.$client.close();
  });
});
