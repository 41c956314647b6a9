import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../e2e/emulator/server";
import { openDb } from "../../db/client";
import { listCalls } from "../../db/queries/calls";
import { insertDocument } from "../../db/queries/documents";
import { getJob, listJobs } from "../../db/queries/jobs";
import { parseConfig } from "../config";
import { RateGate } from "../llm/rate-gate";
import { countTokens } from "../tokens";
import { prepareResume } from "./create";
import { executeJob } from "./execute";
import { recoverAfterCrash } from "./recover";
import { parseJobState } from "./state";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apiKey: "sk-crash-test" });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-crash-"));
});
afterAll(async () => {
  await emulator.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a process killed with SIGKILL mid-stream", () => {
  it("leaves the job interrupted with its output intact; resume goes on without paying finished steps twice", async () => {
    const env = { LLM_BASE_URL: emulator.baseUrl, LLM_API_KEY: "sk-crash-test", DATABASE_PATH: path.join(dir, "crash.db") };
    const db = openDb(env.DATABASE_PATH);
    const units = Array.from({ length: 500 }, (_, index) => {
      const text = Array.from({ length: 24 }, (_, s) => `Section ${index + 1} sentence ${s} explains the budget, the risks and the plan in detail.`).join(" ");
      return { kind: "page", label: `p. ${index + 1}`, text, tokens: countTokens(text) };
    });
    insertDocument(db, { id: "big", sha256: "big", name: "big.pdf", kind: "pdf", mimeType: null, sizeBytes: 1, units, skipped: [], meta: {} });
    // Map calls stream slowly, so the kill lands inside the second map call.
    emulator.setScenario({ stream: { tokenDelayMs: 15 }, answerTokens: 400 });

    const child = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", "summarize", "big"], { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 90_000;
    for (;;) {
      const calls = db.$client.prepare("select step_key, finish_reason, length(output) as n from llm_calls").all() as { step_key: string; finish_reason: string | null; n: number }[];
      if (calls.some((call) => call.step_key === "map:1" && call.finish_reason === null && call.n > 40)) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the job did not reach map:1 in time: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const [job] = listJobs(db, { limit: 1 });
    expect(job?.status).toBe("running");
    const recovered = recoverAfterCrash(db);
    expect(recovered).toEqual({ jobs: 1, calls: 1 });
    const interrupted = getJob(db, { id: job!.id })!;
    expect(interrupted.status).toBe("interrupted");
    const before = listCalls(db, { jobId: job!.id });
    expect(before.map((call) => [call.stepKey, call.finishReason])).toEqual([
      ["map:0", "stop"],
      ["map:1", "interrupted"],
    ]);
    // The cut call is billed from the exact tokenizer: its prompt and the text that arrived.
    const cut = before[1]!;
    expect(cut.usageSource).toBe("estimated");
    expect(cut.completionTokens).toBe(countTokens(cut.output));
    expect(cut.costMicroLi).toBe(cut.promptTokens * 2_500 + cut.completionTokens * 10_000);
    expect(interrupted.costMicroLi).toBe(before[0]!.costMicroLi + cut.costMicroLi);
    // The state says which steps are done; the cut step's text so far is its call's, kept.
    const state = parseJobState(interrupted.stateJson);
    expect(state.steps["map:0"]?.done).toBe(true);
    expect(state.steps["map:1"]?.done).not.toBe(true);
    expect(cut.output.length).toBeGreaterThan(0);

    // Resume in this process: map:0 is not requested again; map:1 continues from its last text.
    emulator.reset();
    const requestsBefore = emulator.requests().length;
    const config = parseConfig(env);
    prepareResume({ config, db }, { id: job!.id });
    const status = await executeJob({ config, db }, job!.id, new AbortController().signal, { gate: new RateGate(), sleep: async () => undefined });
    expect(status).toBe("succeeded");
    const after = listCalls(db, { jobId: job!.id });
    expect(after.filter((call) => call.stepKey === "map:0")).toHaveLength(1);
    const map1 = after.filter((call) => call.stepKey === "map:1");
    expect(map1.length).toBe(2);
    const continued = emulator.requests().slice(requestsBefore)[0]!.body as { messages: { role: string; content: string }[] };
    expect(continued.messages.at(-1)?.role).toBe("assistant");
    expect(continued.messages.at(-1)?.content).toBe(cut.output);
    const finished = getJob(db, { id: job!.id })!;
    expect(finished.costMicroLi).toBe(after.reduce((sum, call) => sum + call.costMicroLi, 0));
    db.$client.close();
  }, 180_000);
});
