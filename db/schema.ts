import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Timestamps are integers: milliseconds since the Unix epoch. Money is integer micro-li. */
const createdAt = () =>
  integer("created_at_ms")
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const documents = sqliteTable(
  "documents",
  {
    id: text("id").primaryKey(),
    /** sha256 of the uploaded bytes (plus the password's use, see extract): the same file is extracted once. */
    sha256: text("sha256").notNull(),
    name: text("name").notNull(),
    /** "pdf" | "text" | "codebase" */
    kind: text("kind").notNull(),
    mimeType: text("mime_type"),
    sizeBytes: integer("size_bytes").notNull(),
    /** Exact Qwen3 tokens of all units together. */
    totalTokens: integer("total_tokens").notNull(),
    unitCount: integer("unit_count").notNull(),
    /** JSON: [{ label, reason }] — units that did not reach the text (no text layer, binary, …). */
    skippedJson: text("skipped_json").notNull().default("[]"),
    /** JSON: kind-specific facts (page count, page labels, codebase facts, warnings). */
    metaJson: text("meta_json").notNull().default("{}"),
    createdAtMs: createdAt(),
  },
  (table) => [uniqueIndex("documents_sha256_idx").on(table.sha256)],
);

export const documentUnits = sqliteTable(
  "document_units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    /** 0-based position in reading order. */
    ordinal: integer("ordinal").notNull(),
    /** "page" | "file" | "section" */
    kind: text("kind").notNull(),
    /** "p. 12", "src/app.ts", "## Install" */
    label: text("label").notNull(),
    text: text("text").notNull(),
    /** Exact Qwen3 tokens of `text`. */
    tokens: integer("tokens").notNull(),
  },
  (table) => [uniqueIndex("document_units_doc_ordinal_idx").on(table.documentId, table.ordinal)],
);

export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    documentId: text("document_id").references(() => documents.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    /** "document" | "codebase" | "question" */
    kind: text("kind").notNull(),
    /** Preset name ("summary", "key-points", "brief", "architecture", …) or "custom". */
    task: text("task").notNull(),
    instructions: text("instructions").notNull().default(""),
    /** For kind "question": the question asked. */
    question: text("question"),
    /** "queued" | "running" | "succeeded" | "failed" | "cancelled" | "interrupted" */
    status: text("status").notNull(),
    /** JSON PromptPlan, made and stored before any money is spent. */
    planJson: text("plan_json").notNull(),
    /** JSON runner state for resume (finished steps, partial answers). */
    stateJson: text("state_json").notNull().default("{}"),
    output: text("output").notNull().default(""),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    /** Budget cap in micro-li, or null for none. */
    maxMicroLi: integer("max_micro_li"),
    callsPlanned: integer("calls_planned").notNull().default(0),
    callsDone: integer("calls_done").notNull().default(0),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    reasoningTokens: integer("reasoning_tokens").notNull().default(0),
    costMicroLi: integer("cost_micro_li").notNull().default(0),
    createdAtMs: createdAt(),
    startedAtMs: integer("started_at_ms"),
    finishedAtMs: integer("finished_at_ms"),
    updatedAtMs: integer("updated_at_ms"),
    /**
     * Who runs the job now (a server process or a CLI, `host:pid:random`), or null. A job is run
     * only by the holder of an unexpired lease; the holder renews it by heartbeat, and a lease
     * that ran out (a killed process) is swept: the job becomes interrupted and resumable.
     */
    leaseOwner: text("lease_owner"),
    /** When the lease runs out unless renewed, ms since the epoch. */
    leaseExpiresAtMs: integer("lease_expires_at_ms"),
    /** A stored cancel request; the lease holder sees it within a second and stops the job. */
    cancelRequestedAtMs: integer("cancel_requested_at_ms"),
  },
  (table) => [index("jobs_created_idx").on(table.createdAtMs), index("jobs_document_idx").on(table.documentId), index("jobs_status_idx").on(table.status)],
);

/**
 * One row per upstream call, failed and partial ones included: also the ledger of spend. Deleting
 * a job keeps its calls' tokens and costs (their text goes), marked with the deleted job's id, so
 * the total and per-day spend never drop when a report is deleted.
 */
export const llmCalls = sqliteTable(
  "llm_calls",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The job, or null once it was deleted (see deletedJobId). */
    jobId: text("job_id").references(() => jobs.id, { onDelete: "set null" }),
    /** The id of the job this call served, kept when the job is deleted. */
    deletedJobId: text("deleted_job_id"),
    /** "single" | "map" | "reduce" | "answer" */
    purpose: text("purpose").notNull(),
    /** Which plan step this call served ("map:3", "reduce:1:0", "single"). */
    stepKey: text("step_key").notNull(),
    /** Continuation round within the step, 0 for the first call. */
    round: integer("round").notNull().default(0),
    attempts: integer("attempts").notNull().default(1),
    httpStatus: integer("http_status"),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    reasoningTokens: integer("reasoning_tokens").notNull().default(0),
    /** "reported" (from the server's usage) | "estimated" (exact tokenizer, usage never came) */
    usageSource: text("usage_source").notNull(),
    /** "stop" | "length" | "interrupted" | "error" | "cancelled" | other server values */
    finishReason: text("finish_reason"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    timeToFirstTokenMs: integer("time_to_first_token_ms"),
    durationMs: integer("duration_ms"),
    inputMicroLiPerToken: integer("input_micro_li_per_token").notNull(),
    outputMicroLiPerToken: integer("output_micro_li_per_token").notNull(),
    costMicroLi: integer("cost_micro_li").notNull(),
    /** The call's answer text (kept so a resumed job never pays for a finished step again). */
    output: text("output").notNull().default(""),
    createdAtMs: createdAt(),
  },
  (table) => [index("llm_calls_job_idx").on(table.jobId), index("llm_calls_created_idx").on(table.createdAtMs)],
);

/** The replayable event log of a job; `id` is the SSE event id. */
export const jobEvents = sqliteTable(
  "job_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jobId: text("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    dataJson: text("data_json").notNull(),
    createdAtMs: createdAt(),
  },
  (table) => [index("job_events_job_idx").on(table.jobId, table.id)],
);

/**
 * The BM25 passage index of a document, built on its first question (lib/retrieval). The passages
 * live in one FTS5 table per document, `retrieval_fts_<id>`, so BM25's statistics (how rare a word
 * is, how long a passage is) are the document's own and not the whole library's. That table is
 * made at run time: a document's index row goes with the document (cascade), and a table whose row
 * is gone is dropped by the next index build.
 */
export const retrievalIndexes = sqliteTable(
  "retrieval_indexes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    /** Version of the passage and term rules; an index of another version is rebuilt. */
    version: integer("version").notNull(),
    passageCount: integer("passage_count").notNull(),
    /** Time the build took, milliseconds. */
    buildMs: integer("build_ms").notNull(),
    createdAtMs: createdAt(),
  },
  (table) => [uniqueIndex("retrieval_indexes_document_idx").on(table.documentId)],
);
