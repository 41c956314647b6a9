import { and, asc, eq, gt } from "drizzle-orm";
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

/** Events of a job after `afterId` (0 for all), oldest first. */
export function listEventsAfter(db: Db, { jobId, afterId, limit = 1000 }: { jobId: string; afterId: number; limit?: number }): StoredEvent[] {
  return db
    .select()
    .from(jobEvents)
    .where(and(eq(jobEvents.jobId, jobId), gt(jobEvents.id, afterId)))
    .orderBy(asc(jobEvents.id))
    .limit(limit)
    .all()
    .map((row) => ({ id: row.id, type: row.type, data: JSON.parse(row.dataJson) as unknown }));
}
