import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { jobEvents } from "../schema";

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
 * A delta as stored. A compacted delta also holds, for every delta merged into it but the last,
 * its id and where its text ended in the merged text: `merged` stays in the database (it is not
 * part of the event) and lets a replay from one of those ids go on from that point.
 */
const storedDeltaSchema = z.looseObject({
  key: z.string(),
  final: z.boolean(),
  text: z.string(),
  merged: z.array(z.tuple([z.number().int(), z.number().int()])).optional(),
});
type StoredDelta = z.infer<typeof storedDeltaSchema>;

/** The delta a viewer who has seen every event up to `afterId` still needs, without `merged`. */
function deltaAfter(delta: StoredDelta, afterId: number): StoredDelta {
  const { merged, ...event } = delta;
  if (!merged) return delta;
  let seen = 0;
  for (const [id, end] of merged) if (id <= afterId) seen = end;
  return { ...event, text: event.text.slice(seen) };
}

/** Events of a job after `afterId` (0 for all), oldest first. */
export function listEventsAfter(db: Db, { jobId, afterId, limit = 1000 }: { jobId: string; afterId: number; limit?: number }): StoredEvent[] {
  return db
    .select()
    .from(jobEvents)
    .where(and(eq(jobEvents.jobId, jobId), gt(jobEvents.id, afterId)))
    .orderBy(asc(jobEvents.id))
    .limit(limit)
    .all()
    .map((row) => {
      const data = JSON.parse(row.dataJson) as unknown;
      if (row.type !== "delta") return { id: row.id, type: row.type, data };
      const delta = storedDeltaSchema.safeParse(data);
      return { id: row.id, type: row.type, data: delta.success ? deltaAfter(delta.data, afterId) : data };
    });
}

/**
 * Merges each run of consecutive deltas of one step (one call's streamed text, written a few
 * times a second) into one row, kept at the run's last id: a viewer replaying from before the run
 * gets the whole text in one event, one replaying from inside it (an id it was sent before the
 * merge) gets the rest, and one past it gets nothing again. Returns the delta rows before and after.
 */
export function compactDeltas(db: Db, { jobId }: { jobId: string }): { before: number; after: number } {
  return db.transaction((tx) => {
    const rows = tx.select({ id: jobEvents.id, type: jobEvents.type, dataJson: jobEvents.dataJson }).from(jobEvents).where(eq(jobEvents.jobId, jobId)).orderBy(asc(jobEvents.id)).all();
    let before = 0;
    let after = 0;
    const removed: number[] = [];
    let run: Array<{ id: number; delta: StoredDelta }> = [];
    const close = () => {
      if (run.length > 1) {
        const last = run[run.length - 1]!;
        let text = "";
        const merged: Array<[number, number]> = [];
        for (const { id, delta } of run) {
          for (const [innerId, end] of delta.merged ?? []) merged.push([innerId, text.length + end]);
          text += delta.text;
          if (id !== last.id) merged.push([id, text.length]);
        }
        const data: StoredDelta = { key: last.delta.key, final: last.delta.final, text, merged };
        tx.update(jobEvents).set({ dataJson: JSON.stringify(data) }).where(eq(jobEvents.id, last.id)).run();
        removed.push(...run.slice(0, -1).map((entry) => entry.id));
      }
      if (run.length > 0) after += 1;
      run = [];
    };
    for (const row of rows) {
      const delta = row.type === "delta" ? storedDeltaSchema.safeParse(JSON.parse(row.dataJson) as unknown) : null;
      if (!delta?.success) {
        close();
        continue;
      }
      before += 1;
      const previous = run[run.length - 1];
      if (previous && (previous.delta.key !== delta.data.key || previous.delta.final !== delta.data.final)) close();
      run.push({ id: row.id, delta: delta.data });
    }
    close();
    for (let index = 0; index < removed.length; index += 500) tx.delete(jobEvents).where(inArray(jobEvents.id, removed.slice(index, index + 500))).run();
    return { before, after };
  });
}
