import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../e2e/emulator/server";
import { openDb, type Db } from "../../db/client";
import { insertCall, listCalls } from "../../db/queries/calls";
import { insertDocument } from "../../db/queries/documents";
import { listEventsAfter } from "../../db/queries/events";
import { getJob, listJobs } from "../../db/queries/jobs";
import { claimJob, claimNextQueuedJob, requestCancel } from "../../db/queries/leases";
import { AppError } from "../errors";
import { parseConfig } from "../config";
import { RateGate } from "../llm/rate-gate";
import type { ServerContext } from "../server-context";
import { countTokens } from "../tokens";
import { cancelJob, resumeJob } from "./control";
import { createJob } from "./create";
import { recordEvent } from "./events";
import { SHUTDOWN } from "./execute";
import { CANCELLED, LeaseKeeper } from "./lease-keeper";
import { newOwnerId, ownerKnownDead, parseOwnerId, processOwnerId } from "./owner";
import { sweepStaleLeases } from "./recover";
import { JobRunner } from "./runner";
import { startJobService } from "./service";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: Emulator;
const dirs: string[] = [];
const runners: JobRunner[] = [];
const fastDeps = { gate: new RateGate(), sleep: async () => undefined };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apiKey: "sk-lease-test" });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.shutdown();
  emulator.reset();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setup(): { ctx: ServerContext; env: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-lease-"));
  dirs.push(dir);
  const env = { LLM_BASE_URL: emulator.baseUrl, LLM_API_KEY: "sk-lease-test", DATABASE_PATH: path.join(dir, "lease.db") };
  const config = parseConfig(env);
  return { ctx: { config, db: openDb(config.databasePath) }, env };
}

function storeDocument(db: Db, pages: number): string {
  const id = `doc-${pages}-${Math.random().toString(36).slice(2)}`;
  const units = Array.from({ length: pages }, (_, index) => {
    const text = Array.from({ length: 10 }, (_, s) => `Page ${index + 1} sentence ${s} covers the budget, the risks and the plan.`).join(" ");
    return { kind: "page", label: `p. ${index + 1}`, text, tokens: countTokens(text) };
  });
  insertDocument(db, { id, sha256: id, name: "report.pdf", kind: "pdf", mimeType: "application/pdf", sizeBytes: 1, units, skipped: [], meta: {} });
  return id;
}

function runner(ctx: ServerContext, owner: string, concurrency = 1): JobRunner {
  const made = new JobRunner(ctx, { concurrency, leaseMs: ctx.config.jobLeaseMs, owner, deps: fastDeps });
  runners.push(made);
  return made;
}

/** A job as a killed process leaves it: running, leased to `owner` until `expiresAtMs`, a call cut mid-stream. */
function abandonedJob(ctx: ServerContext, { owner, expiresAtMs }: { owner: string; expiresAtMs: number }): string {
  const documentId = storeDocument(ctx.db, 2);
  const job = createJob({ ...ctx, ownJobs: { owner, leaseMs: 1 } }, { documentId, task: "summary", instructions: "", maxMicroLi: null });
  ctx.db.$client.prepare("update jobs set status = 'running', lease_expires_at_ms = ? where id = ?").run(expiresAtMs, job.id);
  insertCall(ctx.db, {
    jobId: job.id,
    purpose: "single",
    stepKey: "single",
    round: 0,
    attempts: 1,
    promptTokens: 1_000,
    usageSource: "estimated",
    inputMicroLiPerToken: 2_500,
    outputMicroLiPerToken: 10_000,
    costMicroLi: 0,
    finishReason: null,
    output: "Summary.\n1. The budget",
  });
  return job.id;
}

describe("owner ids", () => {
  it("name the host and pid, and tell a gone process on this host from a live one or one elsewhere", () => {
    const owner = newOwnerId(4242, "build-7");
    expect(parseOwnerId(owner)).toEqual({ host: "build-7", pid: 4242 });
    expect(ownerKnownDead(owner, { host: "build-7", alive: () => false })).toBe(true);
    expect(ownerKnownDead(owner, { host: "build-7", alive: () => true })).toBe(false);
    // Another machine's process can't be probed: only its lease running out frees the job.
    expect(ownerKnownDead(owner, { host: "other", alive: () => false })).toBe(false);
    expect(ownerKnownDead("not an owner id", { host: "build-7", alive: () => false })).toBe(false);
    expect(ownerKnownDead(processOwnerId())).toBe(false);
    // This pid under another id: this process again, or an earlier one with the same pid; only the lease tells.
    expect(ownerKnownDead(newOwnerId(process.pid), { alive: () => false })).toBe(false);
  });
});

describe("leases", () => {
  it("a queued job is claimed by one process only, and a CLI's job (leased from creation) by nobody else", () => {
    const { ctx } = setup();
    const documentId = storeDocument(ctx.db, 2);
    const serverJob = createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const cliJob = createJob({ ...ctx, ownJobs: { owner: "cli", leaseMs: 30_000 } }, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const nowMs = Date.now();
    expect(claimNextQueuedJob(ctx.db, { owner: "a", leaseMs: 30_000, nowMs })).toBe(serverJob.id);
    expect(claimNextQueuedJob(ctx.db, { owner: "b", leaseMs: 30_000, nowMs })).toBeNull();
    expect(claimJob(ctx.db, { id: serverJob.id, owner: "b", leaseMs: 30_000, nowMs })).toBe(false);
    expect(claimJob(ctx.db, { id: cliJob.id, owner: "b", leaseMs: 30_000, nowMs })).toBe(false);
    expect(claimJob(ctx.db, { id: cliJob.id, owner: "cli", leaseMs: 30_000, nowMs })).toBe(true);
  });

  it("a cancel stored by another process reaches the holder at its next tick; a lost lease stops it as a shutdown", () => {
    const { ctx } = setup();
    const documentId = storeDocument(ctx.db, 2);
    const first = createJob({ ...ctx, ownJobs: { owner: "holder", leaseMs: 30_000 } }, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    const second = createJob({ ...ctx, ownJobs: { owner: "holder", leaseMs: 30_000 } }, { documentId, task: "summary", instructions: "", maxMicroLi: null });
    let nowMs = 1_000_000;
    const keeper = new LeaseKeeper(ctx.db, "holder", 30_000, () => nowMs);
    const cancelled = new AbortController();
    const swept = new AbortController();
    keeper.hold(first.id, cancelled);
    keeper.hold(second.id, swept);
    keeper.tick();
    expect(cancelled.signal.aborted || swept.signal.aborted).toBe(false);
    expect(getJob(ctx.db, { id: first.id })?.leaseExpiresAtMs).toBe(nowMs + 30_000);

    expect(requestCancel(ctx.db, { id: first.id, nowMs })).toBe(true);
    // Another process takes the second job's lease over (as a sweep would once it ran out).
    ctx.db.$client.prepare("update jobs set lease_owner = 'someone-else' where id = ?").run(second.id);
    nowMs += 400;
    keeper.tick();
    expect(cancelled.signal.reason).toBe(CANCELLED);
    expect(swept.signal.reason).toBe(SHUTDOWN);

    keeper.drop(first.id);
    const released = getJob(ctx.db, { id: first.id })!;
    expect([released.leaseOwner, released.leaseExpiresAtMs, released.cancelRequestedAtMs]).toEqual([null, null, null]);
  });

  it("a killed holder's job stays untouched while its lease lasts, then becomes resumable and finishes without paying the cut call twice", async () => {
    const { ctx } = setup();
    const expiresAtMs = Date.now() + 60_000;
    // A holder on another machine: nothing here can tell it is gone but its lease running out.
    const jobId = abandonedJob(ctx, { owner: newOwnerId(4242, "elsewhere"), expiresAtMs });

    expect(sweepStaleLeases(ctx.db, { nowMs: expiresAtMs - 1 })).toEqual({ jobs: 0, calls: 0 });
    expect(getJob(ctx.db, { id: jobId })?.status).toBe("running");
    expect(() => resumeJob(ctx, { id: jobId, nowMs: expiresAtMs - 1 })).toThrow(AppError);

    const server = runner(ctx, newOwnerId());
    resumeJob(ctx, { id: jobId, nowMs: expiresAtMs, runner: server });
    const interruptedCall = listCalls(ctx.db, { jobId })[0]!;
    expect(interruptedCall).toMatchObject({ finishReason: "interrupted", usageSource: "estimated", completionTokens: countTokens("Summary.\n1. The budget") });
    await server.whenIdle();

    const job = getJob(ctx.db, { id: jobId })!;
    expect(job.status).toBe("succeeded");
    expect(job.leaseOwner).toBeNull();
    const calls = listCalls(ctx.db, { jobId });
    expect(calls.map((call) => [call.stepKey, call.finishReason])).toEqual([
      ["single", "interrupted"],
      ["single", "stop"],
    ]);
    expect(job.costMicroLi).toBe(calls.reduce((sum, call) => sum + call.costMicroLi, 0));
    const ends = listEventsAfter(ctx.db, { jobId, afterId: 0, limit: 1_000 }).filter((event) => event.type === "end");
    expect(ends.map((event) => (event.data as { status: string }).status)).toEqual(["interrupted", "succeeded"]);
  });

  it("a cut call keeps the text its events streamed after the row was last saved (the row is saved once a second, the events every 300 ms)", () => {
    const { ctx } = setup();
    const jobId = abandonedJob(ctx, { owner: newOwnerId(4242, "elsewhere"), expiresAtMs: Date.now() });
    recordEvent(ctx.db, jobId, { type: "call-start", data: { key: "single", purpose: "single", round: 0, promptTokens: 1_000, maxTokens: 8_192, title: "the whole document" } });
    for (const text of ["Summary.\n1. The budget", " grew by", " twelve percent."]) recordEvent(ctx.db, jobId, { type: "delta", data: { key: "single", final: true, text } });
    sweepStaleLeases(ctx.db, { nowMs: Date.now() + 1 });
    const call = listCalls(ctx.db, { jobId })[0]!;
    expect(call.output).toBe("Summary.\n1. The budget grew by twelve percent.");
    expect(call.completionTokens).toBe(countTokens(call.output));
    expect(getJob(ctx.db, { id: jobId })?.output).toBe(call.output);
  });

  it("cancel of a job whose holder is gone ends it at once instead of answering 409", () => {
    const { ctx } = setup();
    const jobId = abandonedJob(ctx, { owner: newOwnerId(4242, "elsewhere"), expiresAtMs: Date.now() + 60_000 });
    // Left running by a version without leases: nobody holds it.
    const orphan = abandonedJob(ctx, { owner: "legacy", expiresAtMs: Date.now() + 60_000 });
    ctx.db.$client.prepare("update jobs set lease_owner = null, lease_expires_at_ms = null where id = ?").run(orphan);
    expect(cancelJob(ctx, { id: orphan }).status).toBe("cancelled");
    const other = cancelJob(ctx, { id: jobId, nowMs: Date.now() + 60_000 });
    expect(other.status).toBe("cancelled");
    // The text that had streamed into the cut call is the job's report so far.
    expect(other.output).toBe("Summary.\n1. The budget");
    expect(listCalls(ctx.db, { jobId })[0]?.finishReason).toBe("interrupted");
    expect(() => cancelJob(ctx, { id: jobId })).toThrow(/nothing to cancel/);
  });

  it("two servers on one database take up six jobs between them and never run one twice", async () => {
    const { ctx } = setup();
    const documentId = storeDocument(ctx.db, 2);
    const ids = Array.from({ length: 6 }, () => createJob(ctx, { documentId, task: "summary", instructions: "", maxMicroLi: null }).id);
    const a = runner(ctx, newOwnerId(), 2);
    const b = runner({ ...ctx, db: openDb(ctx.config.databasePath) }, newOwnerId(), 2);
    a.enqueue();
    b.enqueue();
    // Each runner takes up the next queued job whenever one of its own ends.
    do {
      await Promise.all([a.whenIdle(), b.whenIdle()]);
      a.enqueue();
      b.enqueue();
    } while (a.whenIdle() !== b.whenIdle() && ids.some((id) => getJob(ctx.db, { id })?.status === "queued"));
    await Promise.all([a.whenIdle(), b.whenIdle()]);
    expect(ids.map((id) => getJob(ctx.db, { id })?.status)).toEqual(ids.map(() => "succeeded"));
    for (const id of ids) expect(listCalls(ctx.db, { jobId: id })).toHaveLength(1);
    expect(emulator.requests()).toHaveLength(6);
  });
});

describe("a CLI job and a server that starts beside it", () => {
  it("the CLI's job finishes, is never marked interrupted, and runs once", async () => {
    const { ctx, env } = setup();
    const documentId = storeDocument(ctx.db, 3);
    // Slow enough that the server starts while the CLI's call streams.
    emulator.setScenario({ stream: { tokenDelayMs: 10 }, answerTokens: 300 });
    const child = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", "summarize", documentId], { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // The report reaching stdout means the job is running in the CLI.
    await new Promise<void>((resolve, reject) => {
      child.stdout.once("data", () => resolve());
      void exited.then(() => reject(new Error(`the CLI ended before streaming: ${stderr}`)));
    });
    const [running] = listJobs(ctx.db, { limit: 1 });
    expect(running?.status).toBe("running");

    // What instrumentation.ts runs when a server process starts.
    const server = startJobService(ctx, runner(ctx, newOwnerId()));
    server.tick();
    expect(getJob(ctx.db, { id: running!.id })?.status).toBe("running");
    expect(server.isRunningHere(running!.id)).toBe(false);

    expect(await exited).toBe(0);
    const job = getJob(ctx.db, { id: running!.id })!;
    expect(job.status).toBe("succeeded");
    expect(job.leaseOwner).toBeNull();
    const calls = listCalls(ctx.db, { jobId: job.id });
    expect(calls.map((call) => [call.stepKey, call.round, call.finishReason])).toEqual([["single", 0, "stop"]]);
    expect(emulator.requests()).toHaveLength(1);
    const statuses = listEventsAfter(ctx.db, { jobId: job.id, afterId: 0, limit: 10_000 })
      .filter((event) => event.type === "end" || event.type === "status")
      .map((event) => (event.data as { status: string }).status);
    expect(statuses).toEqual(["queued", "running", "succeeded"]);
  });
});
