import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../e2e/emulator/server";
import { openDb } from "../../db/client";
import { listCalls } from "../../db/queries/calls";
import { insertDocument } from "../../db/queries/documents";
import { getJob } from "../../db/queries/jobs";
import { parseConfig } from "../config";
import { codebaseLimits, extractCodebaseFiles, readCodebaseMeta, renderFactsMarkdown, renderRepoMap } from "../extract/codebase";
import { RateGate } from "../llm/rate-gate";
import type { PromptPlan } from "../prompt/types";
import type { ServerContext } from "../server-context";
import { createQuestionJob } from "./ask";
import { createJob, planForDocument } from "./create";
import { executeJob } from "./execute";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
const dirs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apiKey: "sk-code" });
});
afterAll(async () => emulator.close());
afterEach(() => {
  emulator.reset();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const encoder = new TextEncoder();

/** A repository of ~60 source files of ~4,000 tokens each: larger than the 128K window. */
function bigRepository(): { path: string; bytes: Uint8Array }[] {
  const files: { path: string; bytes: Uint8Array }[] = [
    { path: "repo/README.md", bytes: encoder.encode("# Billing service\n\nComputes invoices and retries payments.\n") },
    { path: "repo/package.json", bytes: encoder.encode(JSON.stringify({ name: "billing", main: "src/index.ts", dependencies: { zod: "^4.0.0" }, devDependencies: { vitest: "^4.0.0" } }, null, 2)) },
    { path: "repo/src/index.ts", bytes: encoder.encode('import { run } from "./core/module-0";\n// TODO: graceful shutdown\nrun();\n') },
  ];
  for (let index = 0; index < 60; index += 1) {
    const lines = Array.from({ length: 320 }, (_, line) => `export function step${index}_${line}(value: number): number { return value * ${line} + ${index}; }`);
    const folder = index < 40 ? "src/core" : "test/fixtures";
    files.push({ path: `repo/${folder}/module-${index}.ts`, bytes: encoder.encode(lines.join("\n")) });
  }
  return files;
}

async function storedRepository(ctx: ServerContext): Promise<string> {
  const document = await extractCodebaseFiles(bigRepository(), "billing", codebaseLimits(ctx.config));
  insertDocument(ctx.db, { id: "repo", sha256: "repo", name: document.name, kind: "codebase", mimeType: null, sizeBytes: 1, units: document.units, skipped: document.skipped, meta: document.meta });
  return "repo";
}

function context(): ServerContext {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-code-"));
  dirs.push(dir);
  const config = parseConfig({ LLM_BASE_URL: emulator.baseUrl, LLM_API_KEY: "sk-code", DATABASE_PATH: path.join(dir, "t.db") });
  return { config, db: openDb(config.databasePath) };
}

describe("codebase reports", () => {
  it("packs a repository larger than the window by priority: map and facts always, README and entry points first, and says what was cut or not read", async () => {
    const ctx = context();
    const documentId = await storedRepository(ctx);
    const { plan } = planForDocument(ctx, { documentId, task: "architecture", instructions: "" });
    expect(plan.documentTokens).toBeGreaterThan(128_000);
    expect(plan.strategy).toBe("single");
    expect(plan.packing).toBe("priority");
    const call = plan.calls[0]!;
    expect(call.promptTokens).toBeLessThanOrEqual(plan.inputBudgetTokens);
    const sent = call.segments.map((segment) => segment.label);
    expect(sent).toContain("README.md");
    expect(sent).toContain("package.json");
    expect(sent).toContain("src/index.ts");
    // Core source before test fixtures.
    expect(plan.coverage.omitted.some((omitted) => omitted.label.startsWith("test/fixtures/"))).toBe(true);
    expect(plan.coverage.omitted.every((omitted) => omitted.reason.startsWith("not read"))).toBe(true);
    expect(plan.coverage.unitsIncluded + plan.coverage.omitted.length).toBe(plan.coverage.unitsTotal);
    expect(plan.context).toContain("package.json");
    expect(plan.preamble).toBeTruthy();

    const job = createJob(ctx, { documentId, task: "architecture", instructions: "", maxMicroLi: null });
    const status = await executeJob(ctx, job.id, new AbortController().signal, { gate: new RateGate(), sleep: async () => undefined });
    expect(status).toBe("succeeded");
    const done = getJob(ctx.db, { id: job.id })!;
    expect(done.output.startsWith(plan.preamble!)).toBe(true);
    const request = JSON.stringify(emulator.requests()[0]!.body);
    expect(request).toContain("[src/index.ts]");
    // Line numbers are in the prompt so findings can cite path:line.
    expect(request).toContain("[src/index.ts]\\n1\\t");
  });

  it("sends a question about an uploaded codebase with its measured facts and repository map", async () => {
    const ctx = context();
    const files = [
      { path: "shop/README.md", bytes: encoder.encode("# Shop\n\nSells things.\n") },
      { path: "shop/package.json", bytes: encoder.encode(JSON.stringify({ name: "shop", main: "src/server.ts", dependencies: { express: "^5.0.0" } }, null, 2)) },
      { path: "shop/src/server.ts", bytes: encoder.encode('import express from "express";\nconst app = express();\n// TODO: rate limits\napp.listen(8080);\n') },
      { path: "shop/src/auth/token.ts", bytes: encoder.encode("export function readToken(header: string): string {\n  return header.slice(7);\n}\n") },
    ];
    const document = await extractCodebaseFiles(files, "shop", codebaseLimits(ctx.config));
    insertDocument(ctx.db, { id: "shop", sha256: "shop", name: document.name, kind: "codebase", mimeType: null, sizeBytes: 1, units: document.units, skipped: document.skipped, meta: document.meta });
    const meta = readCodebaseMeta(document.meta);
    if (!meta) throw new Error("the extracted codebase has no facts");
    const facts = renderFactsMarkdown(meta.facts);
    const map = renderRepoMap(meta.tree, meta.facts);
    expect(facts).toContain("express");

    const job = createQuestionJob(ctx, { documentId: "shop", question: "Where is the token read?", maxMicroLi: null });
    const status = await executeJob(ctx, job.id, new AbortController().signal, { gate: new RateGate(), sleep: async () => undefined });
    expect(status).toBe("succeeded");
    const requests = emulator.requests();
    expect(requests).toHaveLength(1);
    const user = (requests[0]!.body as { messages: { role: string; content: string }[] }).messages[1]!.content;
    // Facts and map go before the material, as in a report's calls.
    expect(user).toContain(facts.trim());
    expect(user).toContain(map.trim());
    expect(user.indexOf(map.trim())).toBeLessThan(user.indexOf("<material"));
    expect(user).toContain("[src/auth/token.ts]");
    expect(requests[0]!.promptTokens).toBe((JSON.parse(job.planJson) as PromptPlan).calls[0]!.promptTokens);
  });

  it("reads every file by map-reduce for a full review", async () => {
    const ctx = context();
    const documentId = await storedRepository(ctx);
    const { plan } = planForDocument(ctx, { documentId, task: "security", instructions: "", packing: "full" });
    expect(plan.strategy).toBe("map-reduce");
    expect(plan.packing).toBe("full");
    const seen = plan.calls.flatMap((call) => call.segments.map((segment) => segment.ordinal));
    expect(new Set(seen).size).toBe(plan.coverage.unitsTotal);
    const job = createJob(ctx, { documentId, task: "security", instructions: "", maxMicroLi: null, packing: "full" });
    const status = await executeJob(ctx, job.id, new AbortController().signal, { gate: new RateGate(), sleep: async () => undefined });
    expect(status).toBe("succeeded");
    const calls = listCalls(ctx.db, { jobId: job.id });
    expect(calls.at(-1)!.stepKey).toBe("reduce:final");
    expect((JSON.parse(getJob(ctx.db, { id: job.id })!.planJson) as PromptPlan).calls.filter((c) => c.purpose === "map").length).toBe(calls.filter((c) => c.purpose === "map").length);
  });
});
