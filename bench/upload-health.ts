/**
 * Does a large codebase upload stall the production server? Starts the built app (`npm start`,
 * after `npm run build`) on a free loopback port with a fresh database in a temporary folder,
 * uploads the vite-sized slice (bench/codebase.ts) as a .zip through POST /api/documents, and
 * asks GET /api/health every ~10 ms meanwhile. Reports the health latency (p50 / p99 / max) while
 * the upload runs and the upload's wall time. Each run gets its own server (empty token cache,
 * counting workers not started) and a tiny upload first, so the route's modules are loaded
 * before the measured upload, as on a server that has served anything at all.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { viteSizedSlice } from "./codebase";

const RUNS = 3;
const HEALTH_EVERY_MS = 10;
const START_TIMEOUT_MS = 60_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Server {
  base: string;
  child: ChildProcess;
  output: () => string;
}

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn("npm", ["start"], {
    cwd: process.cwd(),
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), DATABASE_PATH: path.join(dataDir, "longdoc.db"), NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${output.slice(-2000)}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, child, output: () => output };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer within ${START_TIMEOUT_MS} ms: ${output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.pid === undefined) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  // npm runs node as its child: signal the whole group this bench started.
  process.kill(-server.child.pid, "SIGTERM");
  const timer = setTimeout(() => server.child.pid !== undefined && process.kill(-server.child.pid, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Sends the upload from another process (curl), so that the health sampler's event loop in this
 * process measures only the server: building and sending a multipart body of many megabytes in
 * this process would delay its own health requests.
 */
async function upload(base: string, bytes: Uint8Array, name: string, type = "application/zip"): Promise<{ status: number; wallMs: number; body: unknown }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-bench-body-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  try {
    const started = performance.now();
    const child = spawn("curl", ["-s", "-S", "-o", "-", "-w", "\n%{http_code}", "-F", `file=@${file};type=${type}`, `${base}/api/documents`], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    const wallMs = Math.round(performance.now() - started);
    if (code !== 0) throw new Error(`curl exited with ${code}: ${err}`);
    const split = out.lastIndexOf("\n");
    return { status: Number(out.slice(split + 1)), wallMs, body: JSON.parse(out.slice(0, split)) as unknown };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** The size of the text upload: a 95 MB file, as issue #20 measured. */
const TEXT_BYTES = 95 * 1000 * 1000;

/** Plain English paragraphs, numbered so each run's file (and its sha256) is its own. */
function textOfBytes(bytes: number, run: number): Uint8Array {
  const sentences = ["The committee reviewed the annual budget and approved the new research programme.", "Revenue grew by twelve percent while operating costs fell slightly over the same period.", "Several risks remain, including supplier concentration and currency exposure.", "The board asked for a detailed plan before the next meeting in March."];
  const parts: string[] = [`Run ${run}, ${Date.now()}.\n\n`];
  let length = parts[0]!.length;
  for (let index = 0; length < bytes; index += 1) {
    const paragraph = `${index + 1}. ${sentences[index % 4]} ${sentences[(index + 1) % 4]} ${sentences[(index + 3) % 4]}\n\n`;
    parts.push(paragraph);
    length += paragraph.length;
  }
  return new TextEncoder().encode(parts.join("").slice(0, bytes));
}


interface Sample {
  /** When the request was sent, ms after sampling began. */
  atMs: number;
  latencyMs: number;
}

/** GET /api/health every HEALTH_EVERY_MS (one at a time) until `done` settles. */
async function sampleHealth(base: string, done: Promise<unknown>): Promise<Sample[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const samples: Sample[] = [];
  const began = performance.now();
  while (!finished) {
    const started = performance.now();
    const response = await fetch(`${base}/api/health`);
    await response.arrayBuffer();
    const latency = performance.now() - started;
    if (!finished) samples.push({ atMs: Math.round(started - began), latencyMs: round(latency) });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, HEALTH_EVERY_MS - latency)));
  }
  return samples;
}

function summary(samples: readonly Sample[]): Record<string, unknown> {
  const sorted = samples.map((sample) => sample.latencyMs).sort((a, b) => a - b);
  return { requests: sorted.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? Number.NaN) };
}

async function oneRun(run: number, slice: Record<string, Uint8Array>): Promise<Record<string, unknown>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-bench-upload-"));
  // A file of its own per run: the server keys documents by the upload's sha256.
  const zip = zipSync({ ...slice, [`slice/bench-run-${run}-${Date.now()}.txt`]: new TextEncoder().encode(`run ${run}\n`) }, { level: 6 });
  const server = await startServer(dataDir);
  try {
    const warm = await upload(server.base, zipSync({ "warm/README.md": new TextEncoder().encode(`# warm-up ${run}\n`) }), "warm.zip");
    if (warm.status !== 201) throw new Error(`warm-up upload answered ${warm.status}: ${JSON.stringify(warm.body).slice(0, 500)}`);
    // Health answers before the upload starts: the idle baseline.
    const idle = await sampleHealth(server.base, new Promise((resolve) => setTimeout(resolve, 500)));
    const uploading = upload(server.base, zip, "slice.zip");
    const [samples, result] = await Promise.all([sampleHealth(server.base, uploading), uploading]);
    if (result.status !== 201) throw new Error(`upload answered ${result.status}: ${JSON.stringify(result.body).slice(0, 500)}`);
    const document = (result.body as { document?: { totalTokens?: number } }).document;
    // A 95 MB plain-text upload on the same server: decode, hash, sections and counting.
    const text = textOfBytes(TEXT_BYTES, run);
    const textUploading = upload(server.base, text, "big.txt", "text/plain");
    const [textSamples, textResult] = await Promise.all([sampleHealth(server.base, textUploading), textUploading]);
    if (textResult.status !== 201) throw new Error(`text upload answered ${textResult.status}: ${JSON.stringify(textResult.body).slice(0, 500)}`);
    return {
      text: {
        bytes: text.byteLength,
        uploadWallMs: textResult.wallMs,
        totalTokens: (textResult.body as { document?: { totalTokens?: number } }).document?.totalTokens ?? null,
        healthDuringUpload: summary(textSamples),
        slowestDuringUpload: [...textSamples].sort((a, b) => b.latencyMs - a.latencyMs).slice(0, 3),
      },
      uploadWallMs: result.wallMs,
      zipBytes: zip.byteLength,
      totalTokens: document?.totalTokens ?? null,
      healthDuringUpload: summary(samples),
      // Where in the upload the slowest answers were: a stall's cause is the stage running then.
      slowestDuringUpload: [...samples].sort((a, b) => b.latencyMs - a.latencyMs).slice(0, 3),
      healthIdle: summary(idle),
      loadAverage: Number((os.loadavg()[0] ?? 0).toFixed(2)),
    };
  } finally {
    await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchUploadHealth(): Promise<Record<string, unknown>> {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  const { slice, sliceBytes } = await viteSizedSlice();
  const runs: Array<Record<string, unknown>> = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await oneRun(run, slice));
  const p99s = runs.map((run) => (run.healthDuringUpload as { p99Ms: number }).p99Ms).sort((a, b) => a - b);
  const walls = runs.map((run) => run.uploadWallMs as number).sort((a, b) => a - b);
  const textP99s = runs.map((run) => (run.text as { healthDuringUpload: { p99Ms: number } }).healthDuringUpload.p99Ms).sort((a, b) => a - b);
  return {
    slice: { files: Object.keys(slice).length, bytes: sliceBytes },
    healthEveryMs: HEALTH_EVERY_MS,
    medianHealthP99DuringUploadMs: p99s[Math.floor(RUNS / 2)],
    medianUploadWallMs: walls[Math.floor(RUNS / 2)],
    medianHealthP99DuringTextUploadMs: textP99s[Math.floor(RUNS / 2)],
    runs,
  };
}
