import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startEmulator } from "../../e2e/emulator/server";
import { openDb, type Db } from "../../db/client";
import { insertCall, listCalls, type NewCall } from "../../db/queries/calls";
import { insertDocument } from "../../db/queries/documents";
import { listEventsAfter } from "../../db/queries/events";
import { getJob, insertJob, updateJob } from "../../db/queries/jobs";
import { parseConfig } from "../config";
import { RateGate } from "../llm/rate-gate";
import { parseLi } from "../money";
import type { PromptPlan } from "../prompt/types";
import type { ServerContext } from "../server-context";
import { countTokens } from "../tokens";
import { createJob, prepareResume } from "./create";
import { executeJob } from "./execute";
import { cancelJob } from "./control";
import type { JobEvent } from "./events";
import { JobRunner } from "./runner";
import { parseJobState } from "./state";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: Emulator;
const dirs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apiKey: "sk-jobs-test" });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.reset();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function context(env: Record<string, string> = {}): ServerContext {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-jobs-"));
  dirs.push(dir);
  const config = parseConfig({ LLM_BASE_URL: emulator.baseUrl, LLM_API_KEY: "sk-jobs-test", DATABASE_PATH: path.join(dir, "t.db"), ...env });
  return { config, db: openDb(config.databasePath) };
}

const SENTENCES = [
  "The committee reviewed the annual budget and approved the new research programme.",
  "Revenue grew by twelve percent while operating costs fell slightly over the same period.",
  "委员会审议了年度预算，并批准了新的研究计划。",
  "Several risks remain, including supplier concentration and currency exposure.",
  "The board asked for a detailed plan before the next meeting in March.",
];

function storeDocument(db: Db, { pages, sentencesPerPage, marker = "" }: { pages: number; sentencesPerPage: number; marker?: string }): string {
  const id = `doc-${pages}-${sentencesPerPage}-${marker.length}-${Math.random().toString(36).slice(2)}`;
  const units = Array.from({ length: pages }, (_, index) => {
    const body = Array.from({ length: sentencesPerPage }, (_, s) => `${SENTENCES[(index + s) % SENTENCES.length]} Item ${index + 1}.${s}.`).join(" ");
    const text = index === 0 && marker ? `${marker}\n${body}` : body;
    return { kind: "page", label: `p. ${index + 1}`, text, tokens: countTokens(text) };
  });
  insertDocument(db, { id, sha256: id, name: "report.pdf", kind: "pdf", mimeType: "application/pdf", sizeBytes: 1, units, skipped: [], meta: {} });
  return id;
}

const fastDeps = { gate: new RateGate(), sleep: async () => undefined };

async function run(ctx: ServerContext, jobId: string) {
  const status = await executeJob(ctx, jobId, new AbortController().signal, fastDeps);
  const job = getJob(ctx.db, { id: jobId });
  if (!job) throw new Error("job missing");
  return { status, job, calls: listCalls(ctx.db, { jobId }), plan: JSON.parse(job.planJson) as PromptPlan };
}

function sumCost(calls: { costMicroLi: number }[]): number {
  return calls.reduce((sum, call) => sum + call.costMicroLi, 0);
}

describe("jobs against the upstream emulator", () => {
  it("runs a document that fits in one call; the server's prompt count equals the plan's exact count; costs add up", async () => {
    const ctx = context();
    const documentId = storeDocument(ctx.db, { pages: 4, sentencesPerPage: 10 });
    const job = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const { status, job: done, calls, plan } = await run(ctx, job.id);
    expect(status).toBe("succeeded");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.usageSource).toBe("reported");
    expect(calls[0]!.promptTokens).toBe(plan.calls[0]!.promptTokens);
    expect(calls[0]!.costMicroLi).toBe(calls[0]!.promptTokens * 2_500 + calls[0]!.completionTokens * 10_000);
    expect(done.costMicroLi).toBe(sumCost(calls));
    expect(done.output).toContain("[p. 2]");
    // The SSE log replays the whole report.
    const deltas = listEventsAfter(ctx.db, { jobId: job.id, afterId: 0, limit: 10_000 }).filter((event) => event.type === "delta");
    expect(deltas.map((event) => (event.data as { text: string }).text).join("")).toBe(done.output);
  });

  it("map-reduces a ~300,000-token document: every page sent once, no call over the window, one report", async () => {
    const ctx = context();
    const documentId = storeDocument(ctx.db, { pages: 500, sentencesPerPage: 24 });
    const job = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const { status, job: done, calls, plan } = await run(ctx, job.id);
    expect(plan.documentTokens).toBeGreaterThan(250_000);
    expect(status).toBe("succeeded");
    const maps = calls.filter((call) => call.purpose === "map");
    expect(maps.length).toBe(plan.calls.filter((call) => call.purpose === "map").length);
    expect(maps.length).toBeGreaterThanOrEqual(3);
    expect(calls.at(-1)!.stepKey).toBe("reduce:final");
    for (const call of calls) expect(call.promptTokens + 8_192).toBeLessThanOrEqual(128_000);
    // Every page reached the model exactly once across the map requests.
    const requests = emulator.requests();
    const seen = new Map<string, number>();
    for (const request of requests.filter((r) => JSON.stringify(r.body).includes("Write the notes for this part now"))) {
      for (const match of JSON.stringify(request.body).matchAll(/\[(p\. \d+)\]\\n/g)) seen.set(match[1]!, (seen.get(match[1]!) ?? 0) + 1);
    }
    expect(seen.size).toBe(500);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(done.costMicroLi).toBe(sumCost(calls));
  });

  it("runs the plan it showed: with notes at their planned size, the reduce calls, their keys, titles and levels are the planned ones, and the cost is inside the planned range", async () => {
    // A small window makes eight map calls and three reduce levels out of 56 pages; the emulator's
    // notes of 300–400 tokens under a 400-token cap pair up as the planner's notes at the cap do.
    const ctx = context({ LLM_CONTEXT_WINDOW: "2050", LLM_MAX_OUTPUT_TOKENS: "400" });
    emulator.setScenario({ answerTokens: 400 });
    const units = Array.from({ length: 56 }, (_, index) => {
      const text = `Page ${index + 1} says the budget grew by ${index} percent and the risks remain.`.repeat(6);
      return { kind: "page", label: `p. ${index + 1}`, text, tokens: countTokens(text) };
    });
    insertDocument(ctx.db, { id: "planned", sha256: "planned", name: "planned.pdf", kind: "pdf", mimeType: null, sizeBytes: 1, units, skipped: [], meta: {} });
    const job = createJob(ctx, { documentId: "planned", task: "summary", instructions: "", maxMicroLi: null });
    const titles: Record<string, string> = {};
    const status = await executeJob(ctx, job.id, new AbortController().signal, {
      ...fastDeps,
      observe: (event) => {
        if (event.type === "call-start") titles[event.data.key] = event.data.title;
      },
    });
    expect(status).toBe("succeeded");
    const plan = JSON.parse(job.planJson) as PromptPlan;
    const calls = listCalls(ctx.db, { jobId: job.id });
    expect(plan.reduceLevels).toBe(3);
    expect(plan.calls.filter((call) => call.purpose === "map")).toHaveLength(8);
    expect(calls.every((call) => call.finishReason === "stop")).toBe(true);
    expect(calls.map((call) => call.stepKey)).toEqual(plan.calls.map((call) => call.key));
    expect(calls.map((call) => titles[call.stepKey])).toEqual(plan.calls.map((call) => call.title));
    expect(plan.calls.filter((call) => call.key.startsWith("reduce:1:")).length).toBeGreaterThan(1);
    expect(plan.calls.find((call) => call.key === "reduce:1:0")?.title).toMatch(/^merge notes on p\. 1–p\. \d+ \(level 1\)$/);
    const cost = sumCost(calls);
    expect(cost).toBeGreaterThanOrEqual(plan.cost.totalMicroLiMin);
    expect(cost).toBeLessThanOrEqual(plan.cost.totalMicroLiMax);
    // Each reduce prompt stayed within its planned bound.
    for (const call of calls.filter((c) => c.purpose === "reduce")) expect(call.promptTokens).toBeLessThanOrEqual(plan.calls.find((c) => c.key === call.stepKey)!.promptTokens);
  });

  it("continues a ~20,000-token answer over three calls and joins it without a seam", async () => {
    const ctx = context();
    const documentId = storeDocument(ctx.db, { pages: 30, sentencesPerPage: 12, marker: "[[emulator:answer_tokens=20000]]" });
    const job = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const { status, job: done, calls } = await run(ctx, job.id);
    expect(status).toBe("succeeded");
    expect(calls.map((call) => call.finishReason)).toEqual(["length", "length", "stop"]);
    expect(calls.map((call) => call.round)).toEqual([0, 1, 2]);
    // The same request answered in one piece (no output cap) is exactly the joined answer.
    const first = emulator.requests()[0]!.body as { messages: unknown[] };
    emulator.setScenario({ maxOutputTokens: 40_000 });
    const whole = await fetch(`${emulator.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-jobs-test", "content-type": "application/json" },
      body: JSON.stringify({ model: "qwen3-32b", messages: first.messages, max_tokens: 30_000, stream: false, enable_thinking: false }),
    });
    const reference = ((await whole.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;
    expect(done.output).toBe(reference);
    expect(Math.abs(countTokens(done.output) - 20_000)).toBeLessThan(100);
    expect(done.costMicroLi).toBe(sumCost(calls));
    // The ended job's log holds one delta per call, which replays the whole report.
    const deltas = listEventsAfter(ctx.db, { jobId: job.id, afterId: 0, limit: 10_000 }).filter((event) => event.type === "delta");
    expect(deltas).toHaveLength(3);
    expect(deltas.map((event) => (event.data as { text: string }).text).join("")).toBe(done.output);
    // jobs.output and the calls hold the text; the state holds none of it.
    expect(done.stateJson.length).toBeLessThan(200);
  });

  it.each(["vllm", "openai"])("continues with the %s profile's way of continuing, joined without a seam", async (profile) => {
    const ctx = context({ LLM_PROFILE: profile });
    emulator.setScenario({});
    const documentId = storeDocument(ctx.db, { pages: 20, sentencesPerPage: 10, marker: "[[emulator:answer_tokens=12000]]" });
    const job = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const { status, job: done, calls } = await run(ctx, job.id);
    expect(status).toBe("succeeded");
    expect(calls.map((call) => call.finishReason)).toEqual(["length", "stop"]);
    const second = emulator.requests()[1]!.body as Record<string, unknown> & { messages: { role: string }[] };
    if (profile === "vllm") {
      expect(second.continue_final_message).toBe(true);
      expect(second.messages.at(-1)!.role).toBe("assistant");
    } else {
      expect(second.messages.at(-1)!.role).toBe("user");
      expect(second.messages.at(-2)!.role).toBe("assistant");
    }
    const lines = done.output.split("\n").filter((line) => /^\d+\. /.test(line));
    const numbers = lines.map((line) => Number(line.split(".")[0]));
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
  });

  it("continues an answer for a document that fills the window without a context-length 400", async () => {
    const ctx = context();
    const documentId = storeDocument(ctx.db, { pages: 220, sentencesPerPage: 24, marker: "[[emulator:answer_tokens=17000]]" });
    const job = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const { status, calls, plan } = await run(ctx, job.id);
    expect(plan.strategy).toBe("single");
    expect(plan.calls[0]!.promptTokens).toBeGreaterThan(110_000);
    expect(status).toBe("succeeded");
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const call of calls) {
      expect(call.httpStatus).toBe(200);
      expect(call.promptTokens + 8_192).toBeLessThanOrEqual(128_000);
    }
  });

  it("stops at the budget cap before a call that could exceed it, and says so", async () => {
    const ctx = context();
    const documentId = storeDocument(ctx.db, { pages: 30, sentencesPerPage: 12, marker: "[[emulator:answer_tokens=20000]]" });
    // Enough for the first call's worst case, not for a second.
    const job = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: parseLi("120") });
    const { status, job: done, calls } = await run(ctx, job.id);
    expect(status).toBe("failed");
    expect(done.errorCode).toBe("budget");
    expect(done.errorMessage).toMatch(/cap of 120\.0000 li/);
    expect(calls).toHaveLength(1);
    expect(done.costMicroLi).toBeLessThanOrEqual(parseLi("120"));
    expect(done.output.length).toBeGreaterThan(0);
  });

  it.each([
    ["a one-call document", { pages: 30, sentencesPerPage: 12, marker: "[[emulator:answer_tokens=20000]]" }],
    ["a map-reduce document", { pages: 500, sentencesPerPage: 24 }],
  ])("accepts a cap only if it runs at least the first call: the smallest cap accepted for %s pays for its first call", async (_, shape) => {
    const ctx = context();
    const documentId = storeDocument(ctx.db, shape);
    const accepts = (maxMicroLi: number) => {
      try {
        return createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi });
      } catch (error) {
        expect((error as { code?: string }).code).toBe("budget");
        return null;
      }
    };
    // The smallest accepted cap, found by bisection without knowing the rule.
    let refused = 0;
    let accepted = parseLi("100000");
    expect(accepts(accepted)).not.toBeNull();
    while (accepted - refused > 1) {
      const middle = Math.floor((refused + accepted) / 2);
      if (accepts(middle)) accepted = middle;
      else refused = middle;
    }
    expect(() => createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: refused })).toThrow(/Raise the cap/);
    const job = accepts(accepted)!;
    const { job: done, calls } = await run(ctx, job.id);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls[0]!.httpStatus).toBe(200);
    expect(done.costMicroLi).toBeLessThanOrEqual(accepted);
  });

  it("rides out a 429 storm with backoff and records the attempts", async () => {
    const ctx = context();
    emulator.setScenario({ queue: [{ type: "error", error: "rate_limit", times: 3 }] });
    const documentId = storeDocument(ctx.db, { pages: 3, sentencesPerPage: 5 });
    const job = createJob(ctx, { documentId, task: "key-points", instructions: "", maxMicroLi: null });
    const { status, calls } = await run(ctx, job.id);
    expect(status).toBe("succeeded");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.attempts).toBe(4);
    const retries = listEventsAfter(ctx.db, { jobId: job.id, afterId: 0 }).filter((event) => event.type === "retry");
    expect(retries).toHaveLength(3);
  });

  it("shows a 402 as a balance error the person can act on, at no cost", async () => {
    const ctx = context();
    emulator.setScenario({ queue: [{ type: "error", error: "balance" }] });
    const documentId = storeDocument(ctx.db, { pages: 2, sentencesPerPage: 5 });
    const job = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const { status, job: done, calls } = await run(ctx, job.id);
    expect(status).toBe("failed");
    expect(done.errorCode).toBe("balance");
    expect(done.errorMessage).toMatch(/recharge/i);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.httpStatus).toBe(402);
    expect(calls[0]!.costMicroLi).toBe(0);
  });

  it("stops instead of paying again when thinking fills the output cap before any answer", async () => {
    const ctx = context({ LLM_THINKING: "on" });
    emulator.setScenario({ reasoningTokens: 20_000 });
    const documentId = storeDocument(ctx.db, { pages: 2, sentencesPerPage: 5 });
    const job = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const { status, job: done, calls } = await run(ctx, job.id);
    expect(status).toBe("failed");
    expect(done.errorCode).toBe("thinking_cap");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.finishReason).toBe("length");
    expect(calls[0]!.reasoningTokens).toBeGreaterThan(0);
  });

  it("cancels a streaming job at once, keeps the partial text and records the partial call's cost", async () => {
    const ctx = context();
    emulator.setScenario({ stream: { tokenDelayMs: 20 }, answerTokens: 2_000 });
    const documentId = storeDocument(ctx.db, { pages: 3, sentencesPerPage: 8 });
    const job = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    let sawText = () => {};
    const textArrived = new Promise<void>((resolve) => (sawText = resolve));
    const observe = (event: JobEvent) => {
      if (event.type === "delta" && event.data.final) sawText();
    };
    const runner = new JobRunner(ctx, { concurrency: 1, leaseMs: 30_000, deps: { ...fastDeps, observe } });
    runner.enqueue();
    await textArrived;
    expect(cancelJob(ctx, { id: job.id, runner }).id).toBe(job.id);
    await runner.whenIdle();
    await runner.shutdown();
    const done = getJob(ctx.db, { id: job.id })!;
    const calls = listCalls(ctx.db, { jobId: job.id });
    expect(done.status).toBe("cancelled");
    expect(done.output.length).toBeGreaterThan(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.finishReason).toBe("cancelled");
    expect(calls[0]!.usageSource).toBe("estimated");
    expect(calls[0]!.completionTokens).toBeGreaterThan(0);
    expect(calls[0]!.costMicroLi).toBeGreaterThan(0);
    expect(done.costMicroLi).toBe(calls[0]!.costMicroLi);
    // A page following the events shows exactly the kept text: every delta before the end.
    const events = listEventsAfter(ctx.db, { jobId: job.id, afterId: 0, limit: 10_000 });
    expect(events.at(-1)?.type).toBe("end");
    const deltas = events.filter((event) => event.type === "delta" && (event.data as { final?: boolean }).final === true);
    expect(deltas.map((event) => (event.data as { text: string }).text).join("")).toBe(done.output);
  });

  it("resumes a job stored by an earlier version (plan and state as written then, the state holding every step's text)", async () => {
    const fixture = z
      .object({
        config: z.record(z.string(), z.string()),
        document: z.object({ id: z.string(), name: z.string(), kind: z.string(), units: z.array(z.object({ kind: z.string(), label: z.string(), text: z.string(), tokens: z.number() })) }),
        job: z.object({ id: z.string(), name: z.string(), kind: z.string(), task: z.string(), planJson: z.string(), stateJson: z.string(), output: z.string(), callsPlanned: z.number(), callsDone: z.number() }),
        calls: z.array(z.looseObject({ stepKey: z.string(), output: z.string(), finishReason: z.string().nullable(), costMicroLi: z.number() })),
      })
      .parse(JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "old-map-reduce-job.json"), "utf8")));
    const ctx = context(fixture.config);
    emulator.setScenario({ answerTokens: 400 });
    const { document, job: stored } = fixture;
    insertDocument(ctx.db, { id: document.id, sha256: document.id, name: document.name, kind: document.kind, mimeType: null, sizeBytes: 1, units: document.units, skipped: [], meta: {} });
    insertJob(ctx.db, { id: stored.id, documentId: document.id, name: stored.name, kind: stored.kind, task: stored.task, instructions: "", plan: {}, maxMicroLi: null, callsPlanned: stored.callsPlanned });
    updateJob(ctx.db, { id: stored.id, patch: { planJson: stored.planJson, stateJson: stored.stateJson, output: stored.output, callsDone: stored.callsDone, status: "failed" } });
    for (const call of fixture.calls) insertCall(ctx.db, { ...(call as unknown as NewCall), jobId: stored.id });
    expect(JSON.parse(stored.stateJson)).not.toHaveProperty("version");
    const cut = fixture.calls.find((call) => call.stepKey === "map:1")!;
    expect(cut.output.length).toBeGreaterThan(0);

    prepareResume(ctx, { id: stored.id });
    const { status, job: done, calls, plan } = await run(ctx, stored.id);
    expect(status).toBe("succeeded");
    expect(calls.filter((call) => call.stepKey === "map:0")).toHaveLength(1);
    // The cut map call goes on from its saved text.
    const continued = emulator.requests()[0]!.body as { messages: { role: string; content: string }[] };
    expect(continued.messages.at(-1)).toMatchObject({ role: "assistant", content: cut.output });
    expect(calls.map((call) => call.stepKey).filter((key) => key.startsWith("map:"))).toEqual(["map:0", "map:1", "map:1", ...plan.calls.filter((call) => call.purpose === "map").slice(2).map((call) => call.key)]);
    expect(calls.at(-1)!.stepKey).toBe("reduce:final");
    expect(done.costMicroLi).toBe(sumCost(calls));
    expect(parseJobState(done.stateJson).version).toBe(2);
  });

  it("resumes a failed map-reduce job without paying for finished map calls again", async () => {
    const ctx = context();
    const documentId = storeDocument(ctx.db, { pages: 500, sentencesPerPage: 24 });
    const job = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const mapCount = (JSON.parse(job.planJson) as PromptPlan).calls.filter((call) => call.purpose === "map").length;
    // The second map call dies mid-stream.
    emulator.setScenario({ queue: [{ type: "ok" }, { type: "drop", afterTokens: 50 }] });
    const first = await run(ctx, job.id);
    expect(first.status).toBe("failed");
    expect(first.calls.map((call) => call.stepKey)).toEqual(["map:0", "map:1"]);
    expect(first.calls[1]!.finishReason).toBe("interrupted");
    emulator.reset();
    prepareResume(ctx, { id: job.id });
    const second = await run(ctx, job.id);
    expect(second.status).toBe("succeeded");
    const keys = second.calls.map((call) => call.stepKey);
    expect(keys.filter((key) => key === "map:0")).toHaveLength(1);
    expect(keys.filter((key) => key.startsWith("map:")).length).toBeGreaterThanOrEqual(mapCount + 1);
    expect(second.job.costMicroLi).toBe(sumCost(second.calls));
  });
});
