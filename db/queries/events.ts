import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { jobEvents, llmCalls } from "../schema";

export interface StoredEvent {
  id: number;
  type: string;
  data: unknown;
}

/** Appends an event to a job's log and returns its id (the SSE event id). */
export function appendEvent(db: Db, { jobId, type, data }: { jobId: string; type: string; data: unknown }): number {
  const row = db.insert(jobEvents).values({ jobId, type, dataJson: JSON.stringify(data) }).returning({ id: jobEvents.id }).get();
  return row.id;
}

/**
 * A delta as stored. A compacted delta may hold, for every delta merged into it but the last,
 * its id and where its text ended in the merged text (`merged`): a replay from one of those ids
 * goes on from that point. When its text is a part of its call's text (llm_calls.output, the one
 * copy of what a call wrote), it names that part (`call`: call id, start, end) instead of
 * repeating it. Both stay in the database: they are not part of the event.
 */
const storedDeltaSchema = z.looseObject({
  key: z.string(),
  final: z.boolean(),
  text: z.string(),
  merged: z.array(z.tuple([z.number().int(), z.number().int()])).optional(),
  call: z.tuple([z.number().int(), z.number().int(), z.number().int()]).optional(),
});
type StoredDelta = z.infer<typeof storedDeltaSchema>;

/** The texts of a job's calls by call id. */
function callOutputs(db: Db, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  return new Map(db.select({ id: llmCalls.id, output: llmCalls.output }).from(llmCalls).where(inArray(llmCalls.id, ids)).all().map((row) => [row.id, row.output]));
}

/** The delta's whole text: its own, or the part of its call's text it names. */
function textOf(delta: StoredDelta, outputs: Map<number, string>): string {
  if (!delta.call) return delta.text;
  const [id, start, end] = delta.call;
  return (outputs.get(id) ?? "").slice(start, end);
}

/** The delta a viewer who has seen every event up to `afterId` still needs, as the event it was. */
function deltaAfter(delta: StoredDelta, afterId: number, outputs: Map<number, string>): StoredDelta {
  const { merged, call, ...event } = delta;
  const text = call ? textOf(delta, outputs) : event.text;
  let seen = 0;
  for (const [id, end] of merged ?? []) if (id <= afterId) seen = end;
  return { ...event, text: text.slice(seen) };
}

function parseDelta(type: string, json: string): StoredDelta | null {
  if (type !== "delta") return null;
  const delta = storedDeltaSchema.safeParse(JSON.parse(json) as unknown);
  return delta.success ? delta.data : null;
}

/** Events of a job after `afterId` (0 for all), oldest first. */
export function listEventsAfter(db: Db, { jobId, afterId, limit = 1000 }: { jobId: string; afterId: number; limit?: number }): StoredEvent[] {
  const rows = db
    .select()
    .from(jobEvents)
    .where(and(eq(jobEvents.jobId, jobId), gt(jobEvents.id, afterId)))
    .orderBy(asc(jobEvents.id))
    .limit(limit)
    .all()
    .map((row) => ({ row, delta: parseDelta(row.type, row.dataJson) }));
  const outputs = callOutputs(db, [...new Set(rows.flatMap(({ delta }) => (delta?.call ? [delta.call[0]] : [])))]);
  return rows.map(({ row, delta }) => ({ id: row.id, type: row.type, data: delta ? deltaAfter(delta, afterId, outputs) : (JSON.parse(row.dataJson) as unknown) }));
}

interface Run {
  rows: Array<{ id: number; text: string; merged: Array<[number, number]>; json: string }>;
  key: string;
  final: boolean;
  /** The call whose stream wrote these deltas (between its call-start and call-end), if any. */
  callId: number | null;
}

/**
 * Merges each run of consecutive deltas of one step (one call's streamed text, written a few
 * times a second) into one row, kept at the run's last id: a viewer replaying from before the run
 * gets the whole text in one event, one replaying from inside it (an id it was sent before the
 * merge) gets the rest, and one past it gets nothing again. A run whose text is its call's (the
 * end of llm_calls.output: a continuation's repeated seam is not streamed) names that text instead
 * of holding a copy. Returns the delta rows before and after.
 */
export function compactDeltas(db: Db, { jobId }: { jobId: string }): { before: number; after: number } {
  return db.transaction((tx) => {
    const rows = tx.select({ id: jobEvents.id, type: jobEvents.type, dataJson: jobEvents.dataJson }).from(jobEvents).where(eq(jobEvents.jobId, jobId)).orderBy(asc(jobEvents.id)).all();
    // Calls and their call-start events are made together, one for one and in the same order.
    const calls = tx.select({ id: llmCalls.id, output: llmCalls.output }).from(llmCalls).where(eq(llmCalls.jobId, jobId)).orderBy(asc(llmCalls.id)).all();
    const outputs = new Map(calls.map((call) => [call.id, call.output]));
    const runs: Run[] = [];
    let run: Run | null = null;
    let callIndex = -1;
    let callId: number | null = null;
    let before = 0;
    for (const row of rows) {
      const delta = parseDelta(row.type, row.dataJson);
      if (!delta) {
        run = null;
        if (row.type === "call-start") {
          callIndex += 1;
          callId = calls[callIndex]?.id ?? null;
        } else if (row.type !== "retry") {
          callId = null;
        }
        continue;
      }
      before += 1;
      if (!run || run.key !== delta.key || run.final !== delta.final) {
        run = { rows: [], key: delta.key, final: delta.final, callId };
        runs.push(run);
      }
      run.rows.push({ id: row.id, text: textOf(delta, outputs), merged: delta.merged ?? [], json: row.dataJson });
    }
    // Where each call's streamed text starts in its output: the deltas of a call are the end of it.
    const streamed = new Map<number, string>();
    for (const each of runs) if (each.callId !== null) streamed.set(each.callId, (streamed.get(each.callId) ?? "") + each.rows.map((entry) => entry.text).join(""));
    const cursor = new Map<number, number>();
    for (const [id, text] of streamed) {
      const output = outputs.get(id) ?? "";
      if (output.endsWith(text)) cursor.set(id, output.length - text.length);
    }
    const removed: number[] = [];
    for (const each of runs) {
      const last = each.rows[each.rows.length - 1]!;
      let text = "";
      const merged: Array<[number, number]> = [];
      for (const entry of each.rows) {
        for (const [innerId, end] of entry.merged) merged.push([innerId, text.length + end]);
        text += entry.text;
        if (entry.id !== last.id) merged.push([entry.id, text.length]);
      }
      const start = each.callId !== null ? cursor.get(each.callId) : undefined;
      const data: StoredDelta =
        start !== undefined && each.callId !== null
          ? { key: each.key, final: each.final, text: "", call: [each.callId, start, start + text.length] }
          : { key: each.key, final: each.final, text };
      if (start !== undefined && each.callId !== null) cursor.set(each.callId, start + text.length);
      if (merged.length > 0) data.merged = merged;
      const json = JSON.stringify(data);
      if (json !== last.json) tx.update(jobEvents).set({ dataJson: json }).where(eq(jobEvents.id, last.id)).run();
      removed.push(...each.rows.slice(0, -1).map((entry) => entry.id));
    }
    for (let index = 0; index < removed.length; index += 500) tx.delete(jobEvents).where(inArray(jobEvents.id, removed.slice(index, index + 500))).run();
    return { before, after: runs.length };
  });
}
