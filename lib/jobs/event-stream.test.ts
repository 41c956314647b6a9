import fs from "node:fs";
import { getEventListeners } from "node:events";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDb } from "../../db/client";
import { insertDocument } from "../../db/queries/documents";
import { insertJob } from "../../db/queries/jobs";
import { recordEvent } from "./events";
import { jobEventStream } from "./event-stream";

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function queuedJob() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-sse-"));
  dirs.push(dir);
  const db = openDb(path.join(dir, "sse.db"));
  insertDocument(db, { id: "d", sha256: "d", name: "d.md", kind: "text", mimeType: null, sizeBytes: 1, units: [{ kind: "section", label: "§ 1", text: "x", tokens: 1 }], skipped: [], meta: {} });
  insertJob(db, { id: "j", documentId: "d", name: "d", kind: "document", task: "summary", instructions: "", plan: {}, maxMicroLi: null, callsPlanned: 1 });
  return db;
}

describe("the job event stream", () => {
  it("keeps one abort listener however long it waits, and sends what is recorded while it waits", async () => {
    vi.useFakeTimers();
    const db = queuedJob();
    const controller = new AbortController();
    const reader = jobEventStream(db, { jobId: "j", afterId: 0, signal: controller.signal, pollMs: 200 }).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("retry: 1000\n\n");
    const next = reader.read();
    // 50 polls with nothing new: before, each one left a listener on the request's signal.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(getEventListeners(controller.signal, "abort").length).toBeLessThanOrEqual(1);
    recordEvent(db, "j", { type: "status", data: { status: "running" } });
    await vi.advanceTimersByTimeAsync(200);
    expect(new TextDecoder().decode((await next).value)).toMatch(/^id: \d+\nevent: status\ndata: \{"status":"running"\}\n\n$/);
    controller.abort();
    await vi.advanceTimersByTimeAsync(200);
    expect((await reader.read()).done).toBe(true);
    expect(getEventListeners(controller.signal, "abort").length).toBe(0);
  });
});
