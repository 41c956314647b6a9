/**
 * `npm run bench`: speed and memory, measured (never asserted by timed tests). Each suite runs in
 * its own child process so one suite's heap does not inflate another's peak memory; results are
 * printed and written to bench/results/<timestamp>.json.
 *   npm run bench                 all suites
 *   npm run bench -- tokens pdf   only these
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const SUITES: Record<string, { file: string; fn: string }> = {
  tokens: { file: "bench/tokens.ts", fn: "benchTokens" },
  extract: { file: "bench/extract.ts", fn: "benchExtract" },
  codebase: { file: "bench/codebase.ts", fn: "benchCodebase" },
  retrieval: { file: "bench/retrieval.ts", fn: "benchRetrieval" },
  storage: { file: "bench/storage.ts", fn: "benchStorage" },
  "upload-health": { file: "bench/upload-health.ts", fn: "benchUploadHealth" },
};

async function runSuiteInThisProcess(name: string): Promise<void> {
  const suite = SUITES[name];
  if (!suite) throw new Error(`unknown suite ${name}`);
  const loaded = (await import(path.join(process.cwd(), suite.file))) as Record<string, () => Promise<Record<string, unknown>>>;
  const fn = loaded[suite.fn];
  if (!fn) throw new Error(`${suite.file} does not export ${suite.fn}`);
  const result = await fn();
  process.stdout.write(`\n@@RESULT@@${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const child = process.argv.indexOf("--suite");
  if (child !== -1) {
    await runSuiteInThisProcess(process.argv[child + 1] ?? "");
    return;
  }
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
  const results: Record<string, unknown> = {};
  for (const name of names) {
    console.log(`== ${name}`);
    const started = Date.now();
    const run = spawnSync(process.execPath, ["--import", "tsx", "bench/main.ts", "--suite", name], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] });
    const marker = run.stdout.lastIndexOf("@@RESULT@@");
    if (run.status !== 0 || marker === -1) {
      results[name] = { error: `suite exited with ${run.status}`, output: run.stdout.slice(-2000) };
      console.log(`   failed (exit ${run.status})`);
      continue;
    }
    const result = JSON.parse(run.stdout.slice(marker + "@@RESULT@@".length)) as unknown;
    results[name] = result;
    console.log(JSON.stringify(result, null, 2));
    console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const out = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    results,
  };
  fs.mkdirSync(path.join("bench", "results"), { recursive: true });
  const file = path.join("bench", "results", `${out.date.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`written ${file}`);
}

void main();
