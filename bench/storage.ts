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

export async function benchStorage(): Promise<Record<string, unknown>> {
  const tokenDelayMs = Number(process.env.BENCH_TOKEN_DELAY_MS ?? 10);
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
    const before = { file: checkpointedFileBytes(db, file), tables: tableBytes(db) };
    // Every write of the job stays in the WAL until the end, so its size is what the job wrote.
    db.$client.pragma("wal_autocheckpoint = 0");
    const job = createJob({ config, db }, { documentId: "bench", task: "summary", instructions: "", maxMicroLi: null });
    log(`job ${job.id}: ${ANSWER_TOKENS} tokens at ${tokenDelayMs} ms a token`);
    const started = Date.now();
    const status = await executeJob({ config, db }, job.id, new AbortController().signal, { gate: new RateGate(), sleep: async () => undefined });
    const seconds = (Date.now() - started) / 1000;
    const walBytes = fs.statSync(`${file}-wal`).size;
    const calls = listCalls(db, { jobId: job.id });
    const outputTokens = calls.reduce((sum, call) => sum + call.completionTokens, 0);
    const done = getJob(db, { id: job.id });
    const events = db.$client.prepare("select type, count(*) as n, sum(length(data_json)) as bytes from job_events where job_id = ? group by type").all(job.id) as { type: string; n: number; bytes: number }[];
    const after = { file: checkpointedFileBytes(db, file), tables: tableBytes(db) };
    db.$client.pragma("wal_autocheckpoint = 1000");
    db.$client.close();
    const per10k = (bytes: number) => Math.round((bytes / outputTokens) * 10_000);
    const tableGrowth = Object.fromEntries(Object.entries(after.tables).map(([name, bytes]) => [name, per10k(bytes - (before.tables[name] ?? 0))]).filter(([, bytes]) => bytes !== 0));
    return {
      status,
      outputTokens,
      calls: calls.length,
      outputChars: done?.output.length ?? 0,
      streamSeconds: Math.round(seconds * 10) / 10,
      events: Object.fromEntries(events.map((row) => [row.type, { rows: row.n, jsonBytes: row.bytes }])),
      fileBytesPer10kOutputTokens: per10k(after.file - before.file),
      walBytesWrittenPer10kOutputTokens: per10k(walBytes),
      tableBytesPer10kOutputTokens: tableGrowth,
      stateJsonBytes: done?.stateJson.length ?? 0,
    };
  } finally {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
