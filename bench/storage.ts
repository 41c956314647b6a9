/**
 * Storage per report: a job of more than 10,000 output tokens (one answer continued past the
 * 8,192-token cap) run against the upstream emulator into a fresh SQLite file, and the database
 * bytes it added per 10,000 output tokens: the file after a checkpoint, the live bytes of each
 * table (SQLite's dbstat), and the bytes written to the WAL while the job ran (automatic
 * checkpoints off, so every rewrite of a row shows). The emulator streams at BENCH_TOKEN_DELAY_MS
 * per token (default 10 ms, about 100 tokens a second, near a real server), since the number of
 * delta events depends on the pace. Called by bench/main.ts; progress on stderr.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../e2e/emulator/server";
import { openDb, type Db } from "../db/client";
import { listCalls } from "../db/queries/calls";
import { insertDocument } from "../db/queries/documents";
import { getJob } from "../db/queries/jobs";
import { parseConfig } from "../lib/config";
import { createJob } from "../lib/jobs/create";
import { executeJob } from "../lib/jobs/execute";
import { RateGate } from "../lib/llm/rate-gate";
import { countTokens } from "../lib/tokens";

const ANSWER_TOKENS = 12_000;

function log(message: string): void {
  process.stderr.write(`   storage: ${message}\n`);
}

function tableBytes(db: Db): Record<string, number> {
  const rows = db.$client.prepare("select name, sum(pgsize) as bytes from dbstat group by name order by name").all() as { name: string; bytes: number }[];
  return Object.fromEntries(rows.map((row) => [row.name, row.bytes]));
}

function checkpointedFileBytes(db: Db, file: string): number {
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  return fs.statSync(file).size;
}

interface JobFigures {
  status: string;
  outputTokens: number;
  streamSeconds: number;
  fileBytes: number;
  walBytes: number;
  tables: Record<string, number>;
  events: Record<string, { rows: number; jsonBytes: number }>;
  stateJsonBytes: number;
}

async function runOne(db: Db, file: string, config: ReturnType<typeof parseConfig>, index: number): Promise<JobFigures> {
  const before = { file: checkpointedFileBytes(db, file), tables: tableBytes(db) };
  // Every write of the job stays in the WAL until the end, so its size is what the job wrote.
  db.$client.pragma("wal_autocheckpoint = 0");
  const job = createJob({ config, db }, { documentId: "bench", task: "summary", instructions: "", maxMicroLi: null });
  log(`job ${index + 1}: ${ANSWER_TOKENS} tokens`);
  const started = Date.now();
  const status = await executeJob({ config, db }, job.id, new AbortController().signal, { gate: new RateGate(), sleep: async () => undefined });
  const streamSeconds = Math.round((Date.now() - started) / 100) / 10;
  const walBytes = fs.statSync(`${file}-wal`).size;
  const outputTokens = listCalls(db, { jobId: job.id }).reduce((sum, call) => sum + call.completionTokens, 0);
  const events = db.$client.prepare("select type, count(*) as n, sum(length(data_json)) as bytes from job_events where job_id = ? group by type order by type").all(job.id) as { type: string; n: number; bytes: number }[];
  const stateJsonBytes = getJob(db, { id: job.id })?.stateJson.length ?? 0;
  const after = { file: checkpointedFileBytes(db, file), tables: tableBytes(db) };
  db.$client.pragma("wal_autocheckpoint = 1000");
  const tables = Object.fromEntries(Object.entries(after.tables).map(([name, bytes]) => [name, bytes - (before.tables[name] ?? 0)]).filter(([, bytes]) => bytes !== 0));
  return {
    status,
    outputTokens,
    streamSeconds,
    fileBytes: after.file - before.file,
    walBytes,
    tables,
    events: Object.fromEntries(events.map((row) => [row.type, { rows: row.n, jsonBytes: row.bytes }])),
    stateJsonBytes,
  };
}

/**
 * BENCH_STORAGE_JOBS jobs (default 3) one after another into the same file: the first job's
 * growth includes pages it freed (rows rewritten, deltas compacted), which the next jobs reuse,
 * so the later jobs' growth is what a database in use gains per report.
 */
export async function benchStorage(): Promise<Record<string, unknown>> {
  const tokenDelayMs = Number(process.env.BENCH_TOKEN_DELAY_MS ?? 10);
  const jobCount = Math.max(2, Number(process.env.BENCH_STORAGE_JOBS ?? 3) || 3);
  const emulator = await startEmulator({ port: 0, apiKey: "sk-bench-storage" });
  emulator.setScenario({ stream: { tokenDelayMs: Number.isFinite(tokenDelayMs) && tokenDelayMs >= 0 ? tokenDelayMs : 10 } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-bench-storage-"));
  const file = path.join(dir, "bench.db");
  try {
    const config = parseConfig({ LLM_BASE_URL: emulator.baseUrl, LLM_API_KEY: "sk-bench-storage", DATABASE_PATH: file });
    const db = openDb(file);
    const units = Array.from({ length: 30 }, (_, index) => {
      const body = Array.from({ length: 12 }, (_, s) => `Section ${index + 1}.${s} explains the budget, the risks and the plan in some detail.`).join(" ");
      const text = index === 0 ? `[[emulator:answer_tokens=${ANSWER_TOKENS}]]\n${body}` : body;
      return { kind: "page", label: `p. ${index + 1}`, text, tokens: countTokens(text) };
    });
    insertDocument(db, { id: "bench", sha256: "bench", name: "bench.pdf", kind: "pdf", mimeType: null, sizeBytes: 1, units, skipped: [], meta: {} });
    log(`${jobCount} jobs at ${tokenDelayMs} ms a token`);
    const jobs: JobFigures[] = [];
    for (let index = 0; index < jobCount; index += 1) jobs.push(await runOne(db, file, config, index));
    db.$client.close();
    const per10k = (bytes: number, tokens: number) => Math.round((bytes / tokens) * 10_000);
    const later = jobs.slice(1);
    const laterTokens = later.reduce((sum, job) => sum + job.outputTokens, 0);
    const liveTables = (job: JobFigures) => Object.values(job.tables).reduce((sum, bytes) => sum + bytes, 0);
    return {
      tokenDelayMs,
      jobs: jobs.map((job) => ({
        ...job,
        fileBytesPer10kOutputTokens: per10k(job.fileBytes, job.outputTokens),
        liveBytesPer10kOutputTokens: per10k(liveTables(job), job.outputTokens),
        walBytesWrittenPer10kOutputTokens: per10k(job.walBytes, job.outputTokens),
      })),
      // The headline: what a database in use grows by per 10,000 output tokens (jobs after the first).
      fileBytesPer10kOutputTokens: per10k(later.reduce((sum, job) => sum + job.fileBytes, 0), laterTokens),
      liveBytesPer10kOutputTokens: per10k(later.reduce((sum, job) => sum + liveTables(job), 0), laterTokens),
      walBytesWrittenPer10kOutputTokens: per10k(later.reduce((sum, job) => sum + job.walBytes, 0), laterTokens),
    };
  } finally {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
