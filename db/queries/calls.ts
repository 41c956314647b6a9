import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { llmCalls } from "../schema";

export type CallRow = typeof llmCalls.$inferSelect;
export type NewCall = Omit<typeof llmCalls.$inferInsert, "id" | "createdAtMs">;

/** Records one upstream call (finished, failed or partial). */
export function insertCall(db: Db, call: NewCall): CallRow {
  return db.insert(llmCalls).values(call).returning().get();
}

export function listCalls(db: Db, { jobId }: { jobId: string }): CallRow[] {
  return db.select().from(llmCalls).where(eq(llmCalls.jobId, jobId)).orderBy(asc(llmCalls.id)).all();
}

export type CallPatch = Partial<Omit<NewCall, "jobId">>;

export function updateCall(db: Db, { id, patch }: { id: number; patch: CallPatch }): void {
  db.update(llmCalls).set(patch).where(eq(llmCalls.id, id)).run();
}

/** A job's calls that were in flight when its process died: no finish reason recorded. */
export function listUnfinishedCalls(db: Db, { jobId }: { jobId: string }): CallRow[] {
  return db
    .select()
    .from(llmCalls)
    .where(and(eq(llmCalls.jobId, jobId), isNull(llmCalls.finishReason)))
    .all();
}
