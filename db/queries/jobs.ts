import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { jobs, llmCalls } from "../schema";

export type JobRow = typeof jobs.$inferSelect;
export type { JobStatus } from "../../lib/jobs/wire";

export interface NewJob {
  id: string;
  documentId: string | null;
  name: string;
  kind: string;
  task: string;
  instructions: string;
  question?: string | null;
  plan: unknown;
  maxMicroLi: number | null;
  callsPlanned: number;
  /** A process that runs the job itself (the CLI) holds its lease from the start, so no server takes it. */
  lease?: JobLease;
}

/** The holder of a job's lease and how long a lease lasts without a heartbeat. */
export interface JobLease {
  owner: string;
  leaseMs: number;
}

export function insertJob(db: Db, input: NewJob): JobRow {
  const row = db
    .insert(jobs)
    .values({
      id: input.id,
      documentId: input.documentId,
      name: input.name,
      kind: input.kind,
      task: input.task,
      instructions: input.instructions,
      question: input.question ?? null,
      status: "queued",
      planJson: JSON.stringify(input.plan),
      maxMicroLi: input.maxMicroLi,
      callsPlanned: input.callsPlanned,
      updatedAtMs: Date.now(),
      leaseOwner: input.lease?.owner ?? null,
      leaseExpiresAtMs: input.lease ? Date.now() + input.lease.leaseMs : null,
    })
    .returning()
    .get();
  return row;
}

export function getJob(db: Db, { id }: { id: string }): JobRow | undefined {
  return db.select().from(jobs).where(eq(jobs.id, id)).get();
}

export type JobPatch = Partial<
  Pick<
    JobRow,
    | "status"
    | "output"
    | "stateJson"
    | "errorCode"
    | "errorMessage"
    | "callsDone"
    | "callsPlanned"
    | "promptTokens"
    | "completionTokens"
    | "reasoningTokens"
    | "costMicroLi"
    | "startedAtMs"
    | "finishedAtMs"
    | "planJson"
    | "maxMicroLi"
  >
>;

export function updateJob(db: Db, { id, patch }: { id: string; patch: JobPatch }): void {
  db.update(jobs)
    .set({ ...patch, updatedAtMs: Date.now() })
    .where(eq(jobs.id, id))
    .run();
}

/**
 * Sets the job's totals to the sums over its calls, in one statement, so that the per-call costs
 * always add up exactly to the job's total.
 */
export function refreshJobTotals(db: Db, { id }: { id: string }): void {
  db.$client
    .prepare(
      `update jobs set
         prompt_tokens = (select coalesce(sum(prompt_tokens), 0) from llm_calls where job_id = @id),
         completion_tokens = (select coalesce(sum(completion_tokens), 0) from llm_calls where job_id = @id),
         reasoning_tokens = (select coalesce(sum(reasoning_tokens), 0) from llm_calls where job_id = @id),
         cost_micro_li = (select coalesce(sum(cost_micro_li), 0) from llm_calls where job_id = @id),
         updated_at_ms = @now
       where id = @id`,
    )
    .run({ id, now: Date.now() });
}

/** Status and counters only, for loops that poll (the SSE stream). */
export function getJobStatus(db: Db, { id }: { id: string }): { status: string; costMicroLi: number } | undefined {
  return db.select({ status: jobs.status, costMicroLi: jobs.costMicroLi }).from(jobs).where(eq(jobs.id, id)).get();
}

export interface JobListQuery {
  search?: string;
  limit: number;
  /** Keyset paging: jobs after this one in newest-first order (created earlier, or at the same instant with a smaller id). */
  before?: { createdAtMs: number; id: string };
  kind?: string;
  documentId?: string;
}

/** History, newest first; `search` matches the name and the report text. */
export function listJobs(db: Db, query: JobListQuery): JobRow[] {
  const conditions = [];
  if (query.search && query.search.trim() !== "") {
    const pattern = `%${query.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(sql`${jobs.name} like ${pattern} escape '\\'`, sql`${jobs.output} like ${pattern} escape '\\'`, sql`coalesce(${jobs.question}, '') like ${pattern} escape '\\'`));
  }
  if (query.before) {
    conditions.push(or(lt(jobs.createdAtMs, query.before.createdAtMs), and(eq(jobs.createdAtMs, query.before.createdAtMs), lt(jobs.id, query.before.id))));
  }
  if (query.kind) conditions.push(eq(jobs.kind, query.kind));
  if (query.documentId) conditions.push(eq(jobs.documentId, query.documentId));
  return db
    .select()
    .from(jobs)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(jobs.createdAtMs), desc(jobs.id))
    .limit(query.limit)
    .all();
}

export interface SpendByDay {
  day: string;
  costMicroLi: number;
  jobs: number;
}

/**
 * Spend per UTC day, oldest first, for the history chart: from the calls (the ledger), by the day
 * each call was made, deleted jobs' calls included; `jobs` counts the jobs that spent that day.
 */
export function spendByDay(db: Db): SpendByDay[] {
  return db
    .select({
      day: sql<string>`strftime('%Y-%m-%d', ${llmCalls.createdAtMs} / 1000, 'unixepoch')`,
      costMicroLi: sql<number>`sum(${llmCalls.costMicroLi})`,
      jobs: sql<number>`count(distinct coalesce(${llmCalls.jobId}, ${llmCalls.deletedJobId}))`,
    })
    .from(llmCalls)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .all();
}

/** Everything ever spent, micro-li: every call, deleted jobs' calls included. */
export function totalSpendMicroLi(db: Db): number {
  const row = db.select({ total: sql<number>`coalesce(sum(${llmCalls.costMicroLi}), 0)` }).from(llmCalls).get();
  return row?.total ?? 0;
}

/** What the calls of deleted jobs cost, micro-li (part of the total). */
export function deletedJobsSpendMicroLi(db: Db): number {
  const row = db.select({ total: sql<number>`coalesce(sum(${llmCalls.costMicroLi}), 0)` }).from(llmCalls).where(isNull(llmCalls.jobId)).get();
  return row?.total ?? 0;
}

/**
 * Deletes a job with its events and its report's text. Its calls stay in the ledger with their
 * tokens and costs, marked with the deleted job's id and without their text, so spend totals
 * never drop when a report is deleted.
 */
export function deleteJob(db: Db, { id }: { id: string }): boolean {
  return db.$client.transaction(() => {
    db.update(llmCalls).set({ deletedJobId: id, output: "" }).where(eq(llmCalls.jobId, id)).run();
    return db.delete(jobs).where(eq(jobs.id, id)).run().changes > 0;
  })();
}
