import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../e2e/emulator/server";
import { openDb, type Db } from "../../db/client";
import { listCalls } from "../../db/queries/calls";
import { insertDocument } from "../../db/queries/documents";
import { listEventsAfter } from "../../db/queries/events";
import { getJob, type JobRow } from "../../db/queries/jobs";
import { parseConfig } from "../config";
import { RateGate } from "../llm/rate-gate";
import type { ServerContext } from "../server-context";
import { countTokens } from "../tokens";
import { createQuestionJob, threadEntry } from "./ask";
import { createJob, prepareResume } from "./create";
import { executeJob } from "./execute";
import { jobDetail, jobSummary } from "./view";
import { JOB_EVENT_TYPES, jobDetailSchema, jobEventSchema, jobSummarySchema, threadEntrySchema } from "./wire";

let emulator: Emulator;
const dirs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apiKey: "sk-wire-test" });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.reset();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function context(): ServerContext {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-wire-"));
  dirs.push(dir);
  const config = parseConfig({ LLM_BASE_URL: emulator.baseUrl, LLM_API_KEY: "sk-wire-test", DATABASE_PATH: path.join(dir, "t.db") });
  return { config, db: openDb(config.databasePath) };
}

function storeDocument(db: Db, { pages, marker = "" }: { pages: number; marker?: string }): string {
  const id = `doc-${pages}-${Math.random().toString(36).slice(2)}`;
  const units = Array.from({ length: pages }, (_, index) => {
    const body = `Page ${index + 1}: the committee reviewed the budget and approved the research programme. 委员会审议了年度预算。`;
    const text = index === 0 && marker ? `${marker}\n${body}` : body;
    return { kind: "page", label: `p. ${index + 1}`, text, tokens: countTokens(text) };
  });
  insertDocument(db, { id, sha256: id, name: "report.pdf", kind: "pdf", mimeType: "application/pdf", sizeBytes: 1, units, skipped: [], meta: {} });
  return id;
}

const run = (ctx: ServerContext, jobId: string) => executeJob(ctx, jobId, new AbortController().signal, { gate: new RateGate(), sleep: async () => undefined });

/** What a browser receives: the value after JSON over HTTP. */
const overTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Parses every recorded event of a job as the browser does; returns the types seen. */
function expectEventsParse(db: Db, jobId: string): string[] {
  const events = listEventsAfter(db, { jobId, afterId: 0, limit: 10_000 });
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    const wire = { type: event.type, data: overTheWire(event.data) };
    const parsed = jobEventSchema.safeParse(wire);
    expect(parsed.error, `${event.type} ${JSON.stringify(event.data)}`).toBeUndefined();
    // Nothing dropped: the schema declares every field the executor records.
    expect(parsed.data).toEqual(wire);
  }
  return events.map((event) => event.type);
}

/** The summary and detail of a job as the API sends them parse, and the schemas leave out nothing. */
function expectViewsParse(db: Db, job: JobRow) {
  const summary = overTheWire(jobSummary(job));
  expect(jobSummarySchema.strict().parse(summary)).toEqual(summary);
  const detail = overTheWire(jobDetail(job, listCalls(db, { jobId: job.id })));
  expect(jobDetailSchema.strict().parse(detail)).toEqual(detail);
}

describe("the wire schemas describe what the server sends", () => {
  it("every event of a job that retries, continues, fails and is resumed parses, and its summary and detail do", async () => {
    const ctx = context();
    const seen = new Set<string>();
    // A 429 then an answer past the output cap: retry, two rounds of one step.
    emulator.setScenario({ queue: [{ type: "error", error: "rate_limit", times: 1 }] });
    const documentId = storeDocument(ctx.db, { pages: 12, marker: "[[emulator:answer_tokens=12000]]" });
    const long = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    expect(await run(ctx, long.id)).toBe("succeeded");
    for (const type of expectEventsParse(ctx.db, long.id)) seen.add(type);
    expectViewsParse(ctx.db, getJob(ctx.db, { id: long.id })!);

    // A 402 ends the job failed with an error code; a resume records a "resumed" status and goes on.
    emulator.setScenario({ queue: [{ type: "error", error: "balance" }] });
    const failing = createJob(ctx, { documentId: storeDocument(ctx.db, { pages: 2 }), task: "summary", instructions: "", maxMicroLi: null });
    expect(await run(ctx, failing.id)).toBe("failed");
    const failed = getJob(ctx.db, { id: failing.id })!;
    expect(failed.errorCode).toBe("balance");
    expectViewsParse(ctx.db, failed);
    emulator.reset();
    prepareResume(ctx, { id: failing.id });
    expect(await run(ctx, failing.id)).toBe("succeeded");
    for (const type of expectEventsParse(ctx.db, failing.id)) seen.add(type);
    expectViewsParse(ctx.db, getJob(ctx.db, { id: failing.id })!);

    expect([...seen].sort()).toEqual([...JOB_EVENT_TYPES].sort());
  });

  it("a question's thread entry parses, before and after it is answered", async () => {
    const ctx = context();
    const documentId = storeDocument(ctx.db, { pages: 3 });
    const job = createQuestionJob(ctx, { documentId, question: "What did the committee approve?", maxMicroLi: null });
    const queued = overTheWire(threadEntry(job));
    expect(threadEntrySchema.strict().parse(queued)).toEqual(queued);
    expect(await run(ctx, job.id)).toBe("succeeded");
    expectEventsParse(ctx.db, job.id);
    const answered = overTheWire(threadEntry(getJob(ctx.db, { id: job.id })!));
    expect(threadEntrySchema.strict().parse(answered)).toEqual(answered);
  });

  it("a job row whose status is not a job status is refused, not sent to the browser", () => {
    const ctx = context();
    const job = createJob(ctx, { documentId: storeDocument(ctx.db, { pages: 1 }), task: "summary", instructions: "", maxMicroLi: null });
    expect(() => jobSummary({ ...job, status: "exploded" })).toThrow();
  });
});
