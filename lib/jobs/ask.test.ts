import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../e2e/emulator/server";
import { openDb, type Db } from "../../db/client";
import { listCalls } from "../../db/queries/calls";
import { insertDocument } from "../../db/queries/documents";
import { getJob, listJobs } from "../../db/queries/jobs";
import { getRetrievalIndex } from "../../db/queries/retrieval";
import { parseConfig } from "../config";
import { RateGate } from "../llm/rate-gate";
import { parseLi } from "../money";
import { NOT_FOUND_REPLY } from "../prompt/question-task";
import { NOT_RETRIEVED } from "../prompt/retrieval-plan";
import type { PromptPlan } from "../prompt/types";
import { fillerPages } from "../../dev/retrieval/filler-document";
import type { ServerContext } from "../server-context";
import { countTokens } from "../tokens";
import { createQuestionJob, planQuestion, prepareQuestion, questionThread } from "./ask";
import { executeJob } from "./execute";

let emulator: Emulator;
const dirs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apiKey: "sk-ask-test" });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.reset();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function context(env: Record<string, string> = {}): ServerContext {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-ask-"));
  dirs.push(dir);
  const config = parseConfig({ LLM_BASE_URL: emulator.baseUrl, LLM_API_KEY: "sk-ask-test", DATABASE_PATH: path.join(dir, "t.db"), ...env });
  return { config, db: openDb(config.databasePath) };
}

function store(db: Db, id: string, texts: string[], kind: "pdf" | "codebase" = "pdf"): string {
  const units = texts.map((text, index) => ({ kind: kind === "pdf" ? "page" : "file", label: kind === "pdf" ? `p. ${index + 1}` : `src/file${index}.ts`, text, tokens: countTokens(text) }));
  insertDocument(db, { id, sha256: id, name: kind === "pdf" ? `${id}.pdf` : id, kind, mimeType: null, sizeBytes: 1, units, skipped: [], meta: {} });
  return id;
}

async function ask(ctx: ServerContext, documentId: string, question: string) {
  await prepareQuestion(ctx, { documentId, question });
  const job = createQuestionJob(ctx, { documentId, question, maxMicroLi: null });
  const status = await executeJob(ctx, job.id, new AbortController().signal, { gate: new RateGate(), sleep: async () => undefined });
  const row = getJob(ctx.db, { id: job.id });
  const request = emulator.requests().at(-1);
  const body = request?.body as { messages: Array<{ role: string; content: string }> };
  return { status, job: row!, plan: JSON.parse(row!.planJson) as PromptPlan, calls: listCalls(ctx.db, { jobId: job.id }), messages: body.messages, request: request! };
}

describe("questions asked of a saved document", () => {
  it("sends the page of a 600-page document (~300,000 tokens) that holds the answer, in English and in Chinese", { timeout: 240_000 }, async () => {
    const ctx = context();
    const cases = [
      { id: "en", question: "What is the retry budget?", fact: "The retry budget is 17 attempts.", pages: fillerPages({ pages: 600, wordsPerPage: 280, language: "en", facts: { 436: "The retry budget is 17 attempts." } }) },
      { id: "zh", question: "重试预算是多少次？", fact: "系统的重试预算为17次尝试。", pages: fillerPages({ pages: 600, wordsPerPage: 250, language: "zh", facts: { 436: "系统的重试预算为17次尝试。" } }) },
    ];
    for (const item of cases) {
      const documentId = store(ctx.db, item.id, item.pages);
      const { status, job, plan, calls, messages, request } = await ask(ctx, documentId, item.question);
      expect(status).toBe("succeeded");
      expect(job.kind).toBe("question");
      expect(job.question).toBe(item.question);
      // The plan chose the page, and says what it left out.
      expect(plan.strategy).toBe("retrieval");
      expect(plan.documentTokens).toBeGreaterThan(128_000);
      expect(plan.calls[0]!.segments.map((segment) => segment.label)).toContain("p. 437");
      expect(plan.coverage.omitted.length).toBeGreaterThan(0);
      expect(plan.coverage.omitted.every((omitted) => omitted.reason === NOT_RETRIEVED)).toBe(true);
      // What reached the model: the page with its label, the question before and after the material.
      const user = messages[1]!.content;
      expect(user).toContain(`[p. 437]\n`);
      expect(user).toContain(item.fact);
      expect(user.startsWith(`Task: Answer the question: "${item.question}"`)).toBe(true);
      expect(user.lastIndexOf(item.question)).toBeGreaterThan(user.indexOf("</material>"));
      expect(messages[0]!.content).toContain(item.question);
      // The server counted exactly the tokens the plan counted; the call and its cost are kept.
      expect(request.promptTokens).toBe(plan.calls[0]!.promptTokens);
      expect(request.promptTokens).toBeLessThanOrEqual(128_000 - 8_192);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.purpose).toBe("answer");
      expect(job.costMicroLi).toBe(calls[0]!.costMicroLi);
      expect(job.costMicroLi).toBeGreaterThan(0);
      expect(job.output).toContain("[p. ");
    }
    // The thread and the history both show the questions.
    expect(questionThread(ctx, { documentId: "en" }).map((entry) => entry.question)).toEqual(["What is the retry budget?"]);
    expect(listJobs(ctx.db, { kind: "question", limit: 10 })).toHaveLength(2);
  });

  it("tells the model to reply exactly 'Not found in the document.' when the material lacks the answer", { timeout: 120_000 }, async () => {
    const ctx = context();
    const documentId = store(ctx.db, "d", fillerPages({ pages: 400, wordsPerPage: 280, language: "en" }));
    const { status, messages, plan } = await ask(ctx, documentId, "Who painted the lighthouse on the cover?");
    expect(status).toBe("succeeded");
    expect(plan.strategy).toBe("retrieval");
    const instruction = `If the material does not contain the answer, reply exactly: "${NOT_FOUND_REPLY}"`;
    expect(messages[0]!.content).toContain(instruction);
    const user = messages[1]!.content;
    expect(user.indexOf(instruction)).toBeLessThan(user.indexOf("<material"));
    expect(user.lastIndexOf(instruction)).toBeGreaterThan(user.indexOf("</material>"));
  });

  it("sends a document that fits whole, without building an index, and keeps the thread in order", async () => {
    const ctx = context();
    const documentId = store(ctx.db, "small", fillerPages({ pages: 5, wordsPerPage: 200, language: "en", facts: { 3: "The retry budget is 17 attempts." } }));
    const first = await ask(ctx, documentId, "What is the retry budget?");
    expect(first.plan.strategy).toBe("single");
    expect(first.plan.calls[0]!.segments).toHaveLength(5);
    expect(first.plan.coverage.omitted).toEqual([]);
    expect(getRetrievalIndex(ctx.db, { documentId })).toBeUndefined();
    await ask(ctx, documentId, "And the second question?");
    const thread = questionThread(ctx, { documentId });
    expect(thread.map((entry) => entry.question)).toEqual(["What is the retry budget?", "And the second question?"]);
    expect(thread[0]).toMatchObject({ status: "succeeded", strategy: "single", unitsSent: 5, unitsTotal: 5, kind: "question" });
    expect(thread[0]!.answer.length).toBeGreaterThan(0);
  });

  it("asks a codebase as code: the engineer's prompt and path:line citations", async () => {
    const ctx = context();
    const files = ["1\timport { verify } from './jwt';\n2\texport function getUserToken(request) {\n3\t  return verify(request.headers.authorization);\n4\t}", "1\texport const port = 3000;"];
    const documentId = store(ctx.db, "repo", files, "codebase");
    const { status, messages, plan } = await ask(ctx, documentId, "Where is the user token read?");
    expect(status).toBe("succeeded");
    expect(messages[0]!.content).toContain("a senior software engineer reviewing a codebase");
    expect(plan.task.instructions).toContain("(src/auth.ts:40)");
    expect(messages[1]!.content).toContain("[src/file0.ts]\n1\timport");
  });

  it("accepts the smallest cap that pays for the answer call's worst case, and runs that call", async () => {
    const ctx = context();
    const documentId = store(ctx.db, "d", fillerPages({ pages: 5, wordsPerPage: 200, language: "en" }));
    const { plan } = planQuestion(ctx, { documentId, question: "What is the retry budget?" });
    const call = plan.calls[0]!;
    const worst = call.promptTokens * 2_500 + call.maxTokens * 10_000;
    expect(() => createQuestionJob(ctx, { documentId, question: "What is the retry budget?", maxMicroLi: worst - 1 })).toThrow(/first call.*Raise the cap/);
    const job = createQuestionJob(ctx, { documentId, question: "What is the retry budget?", maxMicroLi: worst });
    const status = await executeJob(ctx, job.id, new AbortController().signal, { gate: new RateGate(), sleep: async () => undefined });
    expect(status).toBe("succeeded");
    expect(listCalls(ctx.db, { jobId: job.id })).toHaveLength(1);
  });

  it("refuses without a key, below the least cost, or for an empty question — before any spend", () => {
    const ctx = context();
    const documentId = store(ctx.db, "d", ["One page."]);
    expect(() => createQuestionJob(context({ LLM_API_KEY: "" }), { documentId, question: "Why?", maxMicroLi: null })).toThrow(/LLM_API_KEY/);
    expect(() => createQuestionJob(ctx, { documentId, question: "Why?", maxMicroLi: parseLi("0.0001") })).toThrow(/Raise the cap/);
    expect(() => planQuestion(ctx, { documentId, question: "   " })).toThrow(/Type a question/);
    expect(() => planQuestion(ctx, { documentId: "missing", question: "Why?" })).toThrow(/not found/);
    expect(emulator.requests()).toHaveLength(0);
  });
});
