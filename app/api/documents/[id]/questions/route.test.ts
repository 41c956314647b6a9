import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../../../../e2e/emulator/server";
import { insertDocument } from "../../../../../db/queries/documents";
import { getRetrievalIndex } from "../../../../../db/queries/retrieval";
import { buildRetrievalIndex } from "../../../../../lib/retrieval/build-index";
import { getRunner } from "../../../../../lib/jobs/runner";
import { serverContext } from "../../../../../lib/server-context";
import { countTokens } from "../../../../../lib/tokens";

/**
 * The question routes called with real Requests against a real SQLite file and the upstream
 * emulator (the environment is set before the app modules read it); the answer is followed on the
 * existing job events route.
 */

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
let questions: { POST: Handler; GET: Handler };
let estimate: { GET: Handler };
let events: { GET: Handler };
let emulator: Emulator;
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-questions-route-"));
const cache = globalThis as { __longdocConfig?: unknown; __longdocDb?: { db: { $client: { close(): void } } }; __longdocRunner?: unknown };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apiKey: "sk-questions-route" });
  process.env.DATABASE_PATH = path.join(directory, "longdoc.db");
  process.env.LLM_BASE_URL = emulator.baseUrl;
  process.env.LLM_API_KEY = "sk-questions-route";
  delete cache.__longdocConfig;
  delete cache.__longdocDb;
  delete cache.__longdocRunner;
  questions = (await import("./route")) as typeof questions;
  estimate = (await import("./estimate/route")) as typeof estimate;
  events = (await import("../../../jobs/[id]/events/route")) as typeof events;
  const texts = ["The harbour council met in winter.", "The retry budget is 17 attempts.", "Nothing else happened."];
  insertDocument(serverContext().db, {
    id: "doc",
    sha256: "doc",
    name: "minutes.pdf",
    kind: "pdf",
    mimeType: "application/pdf",
    sizeBytes: 1,
    units: texts.map((text, index) => ({ kind: "page", label: `p. ${index + 1}`, text, tokens: countTokens(text) })),
    skipped: [],
    meta: {},
  });
});

afterAll(async () => {
  // The runner's lease ticks would go on against the closed database.
  await getRunner(serverContext()).shutdown();
  await emulator.close();
  cache.__longdocDb?.db.$client.close();
  delete cache.__longdocDb;
  delete cache.__longdocConfig;
  delete cache.__longdocRunner;
  delete process.env.LLM_BASE_URL;
  delete process.env.LLM_API_KEY;
  fs.rmSync(directory, { recursive: true, force: true });
});

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const post = (id: string, body: unknown) => questions.POST(new Request(`http://localhost/api/documents/${id}/questions`, { method: "POST", body: JSON.stringify(body) }), params(id));

describe("/api/documents/:id/questions", () => {
  it("estimates, asks (202), streams the answer on the job's events and keeps it in the thread", async () => {
    const estimated = await estimate.GET(new Request("http://localhost/api/documents/doc/questions/estimate?question=What%20is%20the%20retry%20budget%3F"), params("doc"));
    expect(estimated.status).toBe(200);
    const { plan } = (await estimated.json()) as { plan: { strategy: string; cost: { totalMicroLiMin: number }; calls: Array<{ promptTokens: number }> } };
    expect(plan.strategy).toBe("single");
    expect(plan.cost.totalMicroLiMin).toBeGreaterThan(0);

    const response = await post("doc", { question: "What is the retry budget?", maxLi: "100" });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { job: { id: string; kind: string; question: string; status: string }; events: string };
    expect(body.job).toMatchObject({ kind: "question", question: "What is the retry budget?", status: "queued" });
    expect(body.events).toBe(`/api/jobs/${body.job.id}/events`);

    const stream = await events.GET(new Request(`http://localhost${body.events}`), params(body.job.id));
    const text = await stream.text();
    expect(text).toContain("event: delta");
    expect(text).toMatch(/event: end\ndata: \{"status":"succeeded"/);
    await getRunner(serverContext()).whenIdle();

    const thread = await questions.GET(new Request("http://localhost/api/documents/doc/questions"), params("doc"));
    const { questions: entries } = (await thread.json()) as { questions: Array<{ id: string; question: string; answer: string; status: string; costLi: string; strategy: string }> };
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: body.job.id, question: "What is the retry budget?", status: "succeeded", strategy: "single" });
    expect(entries[0]!.answer).toContain("[p. ");
    expect(Number(entries[0]!.costLi)).toBeGreaterThan(0);
    const sent = emulator.requests().at(-1)?.body as { messages: Array<{ content: string }> };
    expect(sent.messages[1]!.content).toContain("[p. 2]\nThe retry budget is 17 attempts.");
  });

  it("a document too large for one call: the estimate answers 202 with the index build's progress instead of building it in the GET, then 200 with the plan", async () => {
    const page = (index: number) => `Page ${index + 1}. ` + "The committee reviewed the harbour budget, the ferry timetable and the winter works in detail. ".repeat(60);
    const texts = Array.from({ length: 140 }, (_, index) => (index === 97 ? `${page(index)} The retry budget is 17 attempts.` : page(index)));
    const units = texts.map((text, index) => ({ kind: "page", label: `p. ${index + 1}`, text, tokens: countTokens(text) }));
    insertDocument(serverContext().db, { id: "big", sha256: "big", name: "big.pdf", kind: "pdf", mimeType: "application/pdf", sizeBytes: 1, units, skipped: [], meta: {} });
    const url = "http://localhost/api/documents/big/questions/estimate?question=What%20is%20the%20retry%20budget%3F";
    const first = await estimate.GET(new Request(url), params("big"));
    expect(first.status).toBe(202);
    const { indexing } = (await first.json()) as { indexing: { stage: string; passagesDone: number; passagesTotal: number } };
    expect(indexing.passagesDone).toBe(0);
    // The GET returned before any of the index was written: the build goes on in the background.
    expect(getRetrievalIndex(serverContext().db, { documentId: "big" })).toBeUndefined();
    await buildRetrievalIndex(serverContext().db, { documentId: "big", units: [] });
    const second = await estimate.GET(new Request(url), params("big"));
    expect(second.status).toBe(200);
    const { plan } = (await second.json()) as { plan: { strategy: string; calls: Array<{ segments: Array<{ label: string }> }> } };
    expect(plan.strategy).toBe("retrieval");
    expect(plan.calls[0]!.segments.map((segment) => segment.label)).toContain("p. 98");
  });

  it("answers 400 for an empty or missing question and 404 for an unknown document, in the JSON error shape", async () => {
    const empty = await post("doc", { question: "  " });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    expect((await post("doc", {})).status).toBe(400);
    const missing = await post("nope", { question: "Why?" });
    expect(missing.status).toBe(404);
    expect((await questions.GET(new Request("http://localhost/api/documents/nope/questions"), params("nope"))).status).toBe(404);
    expect((await estimate.GET(new Request("http://localhost/api/documents/doc/questions/estimate"), params("doc"))).status).toBe(400);
  });
});
