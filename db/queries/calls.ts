import { asc, eq } from "drizzle-orm";
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
