import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../client";
import { insertCall, updateCall } from "./calls";
import { appendEvent, compactDeltas, listEventsAfter } from "./events";
import { insertJob } from "./jobs";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function database(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-events-"));
  dirs.push(dir);
  const db = openDb(path.join(dir, "t.db"));
  insertJob(db, { id: "job", documentId: null, name: "job", kind: "document", task: "summary", instructions: "", plan: {}, maxMicroLi: null, callsPlanned: 1 });
  return db;
}

/** What a viewer that has seen every event up to `afterId` is sent: the text per key, and the other events with their ids. */
function replay(db: Db, afterId: number) {
  const text: Record<string, string> = {};
  const others: string[] = [];
  for (const event of listEventsAfter(db, { jobId: "job", afterId, limit: 10_000 })) {
    const data = event.data as { key?: string; text?: string };
    if (event.type === "delta") text[data.key!] = (text[data.key!] ?? "") + data.text!;
    else others.push(`${event.id}:${event.type}`);
  }
  return { text, others };
}

/** A job of two steps: a map call, a reduce call cut at the output cap and continued, deltas a few at a time. */
function writeJob(db: Db, step: string, rounds: number): void {
  for (let round = 0; round < rounds; round += 1) {
    appendEvent(db, { jobId: "job", type: "call-start", data: { key: step, round } });
    for (let piece = 0; piece < 6; piece += 1) appendEvent(db, { jobId: "job", type: "delta", data: { key: step, final: step === "reduce:final", text: `${step} round ${round} piece ${piece}; ` } });
    appendEvent(db, { jobId: "job", type: "call-end", data: { key: step, round } });
  }
}

describe("compacting a finished job's deltas", () => {
  it("keeps one delta per call, and a replay from any id a viewer was sent (deleted ones too) yields exactly what it yielded before", () => {
    const db = database();
    appendEvent(db, { jobId: "job", type: "status", data: { status: "running" } });
    writeJob(db, "map:0", 1);
    writeJob(db, "reduce:final", 2);
    appendEvent(db, { jobId: "job", type: "end", data: { status: "succeeded" } });
    const ids = listEventsAfter(db, { jobId: "job", afterId: 0, limit: 10_000 }).map((event) => event.id);
    const before = [0, ...ids].map((id) => replay(db, id));

    expect(compactDeltas(db, { jobId: "job" })).toEqual({ before: 18, after: 3 });
    const rows = listEventsAfter(db, { jobId: "job", afterId: 0, limit: 10_000 });
    expect(rows.filter((event) => event.type === "delta")).toHaveLength(3);
    // Stored bookkeeping never reaches a viewer.
    for (const event of rows) expect(event.data).not.toHaveProperty("merged");
    expect([0, ...ids].map((id) => replay(db, id))).toEqual(before);
    // A second compaction changes nothing.
    expect(compactDeltas(db, { jobId: "job" })).toEqual({ before: 3, after: 3 });
    expect([0, ...ids].map((id) => replay(db, id))).toEqual(before);
  });

  it("keeps ids from before a resume valid when the resumed job's log is compacted again", () => {
    const db = database();
    writeJob(db, "reduce:final", 1);
    appendEvent(db, { jobId: "job", type: "end", data: { status: "failed" } });
    const firstIds = listEventsAfter(db, { jobId: "job", afterId: 0, limit: 10_000 }).map((event) => event.id);
    compactDeltas(db, { jobId: "job" });
    appendEvent(db, { jobId: "job", type: "status", data: { status: "running" } });
    writeJob(db, "reduce:final", 1);
    appendEvent(db, { jobId: "job", type: "end", data: { status: "succeeded" } });
    const ids = [0, ...firstIds, ...listEventsAfter(db, { jobId: "job", afterId: firstIds.at(-1)!, limit: 10_000 }).map((event) => event.id)];
    const before = ids.map((id) => replay(db, id));
    compactDeltas(db, { jobId: "job" });
    expect(ids.map((id) => replay(db, id))).toEqual(before);
    expect(replay(db, 0).text["reduce:final"]).toBe(Array.from({ length: 6 }, (_, piece) => `reduce:final round 0 piece ${piece}; `).join("").repeat(2));
  });

  it("keeps no second copy of a call's text: a compacted delta names the part of llm_calls.output it streamed, unless that text was not saved", () => {
    const db = database();
    const call = (round: number) => insertCall(db, { jobId: "job", purpose: "single", stepKey: "single", round, promptTokens: 1, usageSource: "reported", inputMicroLiPerToken: 1, outputMicroLiPerToken: 1, costMicroLi: 0 });
    const pieces = (round: number) => Array.from({ length: 5 }, (_, piece) => `round ${round} piece ${piece}. `);
    const stream = (round: number, callId: number, saved: string) => {
      appendEvent(db, { jobId: "job", type: "call-start", data: { key: "single", round } });
      for (const text of pieces(round)) appendEvent(db, { jobId: "job", type: "delta", data: { key: "single", final: true, text } });
      appendEvent(db, { jobId: "job", type: "call-end", data: { key: "single", round } });
      updateCall(db, { id: callId, patch: { output: saved } });
    };
    // Round 1 repeated the end of round 0 (a seam the runner did not stream); round 2's text was
    // cut by a crash before its call row caught up, so only the events hold all of it.
    const first = call(0);
    stream(0, first.id, pieces(0).join(""));
    const second = call(1);
    stream(1, second.id, `piece 4. ${pieces(1).join("")}`);
    const third = call(2);
    stream(2, third.id, pieces(2).slice(0, 3).join(""));
    appendEvent(db, { jobId: "job", type: "delta", data: { key: "final", final: true, text: "\n```\n" } });
    appendEvent(db, { jobId: "job", type: "end", data: { status: "interrupted" } });
    const ids = [0, ...listEventsAfter(db, { jobId: "job", afterId: 0, limit: 10_000 }).map((event) => event.id)];
    const before = ids.map((id) => replay(db, id));
    expect(compactDeltas(db, { jobId: "job" })).toEqual({ before: 16, after: 4 });
    expect(ids.map((id) => replay(db, id))).toEqual(before);
    const stored = db.$client.prepare("select data_json from job_events where type = 'delta' order by id").all() as { data_json: string }[];
    const data = stored.map((row) => JSON.parse(row.data_json) as { text: string; call?: number[] });
    expect(data.map((delta) => delta.call?.[0] ?? null)).toEqual([first.id, second.id, null, null]);
    expect(data[1]!.call).toEqual([second.id, "piece 4. ".length, `piece 4. ${pieces(1).join("")}`.length]);
    expect(data.slice(0, 2).every((delta) => delta.text === "")).toBe(true);
    expect(data[2]!.text).toBe(pieces(2).join(""));
  });
});
