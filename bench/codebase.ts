/**
 * Codebase ingest speed and memory. The large real tree is this repository's own node_modules
 * (tens of thousands of files, real-world JavaScript, TypeScript, JSON and docs), read as if it
 * were a repository: walk + ignore rules + read, filter, number, count exactly, measure facts.
 * Then a vite-sized slice of it (the first 17.5 MB of source that passes our filter: the size of
 * vite's repository, a common repomix example) goes through the archive paths (.zip and .tar.gz built in memory): in this
 * process with main-thread counting only (`slice*InThread`, tokenizer already built), and cold
 * with the default counter, each run in a fresh process (`slice*ColdRuns`: worker pool started
 * as the ingest begins, tokenizer not yet built, empty token cache; five runs, each after an
 * idle pause (SETTLE_MS), the median by wall time, each with a warm-cache re-run). Wall time on
 * a shared machine is noisy, so CPU time and the load average are recorded too.
 *
 * When a repomix binary is found (REPOMIX_BIN, else `repomix` on PATH, else
 * /tmp/repomix/node_modules/.bin/repomix; the bench never installs it), the slice is also written
 * to a temporary folder and packed by repomix and by our directory ingest, each cold in its own
 * child process under `/usr/bin/time -v` (wall time and peak RSS of the whole process, start-up
 * included): `repomixSideBySide`. repomix counts o200k_base tokens of its whole plain output
 * (header, tree, raw files); ours are exact Qwen3 tokens of the numbered file texts.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { tarOf } from "../dev/codebase/build-test-archives";
import { TIME_BIN, timedRun } from "./timed-run";
import { defaultCountDeps } from "../lib/extract/codebase/count-files";
import { sharedCountPool } from "../lib/extract/codebase/count-pool";
import { filterEntries } from "../lib/extract/codebase/filter-entries";
import { codebaseLimits, extractCodebaseArchive, extractCodebaseDirectory } from "../lib/extract/codebase/index";
import { PathPolicy } from "../lib/extract/codebase/path-policy";
import { defaultIngestDeps } from "../lib/extract/codebase/pipeline";
import { collectDirectory } from "../lib/extract/codebase/read-directory";
import { TokenCache } from "../lib/extract/codebase/token-cache";
import type { SourceDocument } from "../lib/extract/types";
import { countTokens } from "../lib/tokens";

const TREE = "node_modules";
const SLICE_BYTES = 17_500_000;
const limits = codebaseLimits({ archiveMaxUnpackedBytes: 4 * 1024 ** 3, archiveMaxEntries: 1_000_000, uploadMaxBytes: 1024 ** 3 });

const inThread = async (texts: readonly string[]) => texts.map((text) => countTokens(text));
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function measure(run: () => Promise<SourceDocument>) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const doc = await run();
  const wallMs = Math.round(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  const chars = doc.units.reduce((sum, unit) => sum + unit.text.length, 0);
  return {
    wallMs,
    processCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    stagesWallMs: doc.meta.timingsMs,
    stagesCpuMs: doc.meta.cpuMs,
    files: doc.units.length,
    skipped: doc.skipped.length,
    unpackedBytes: doc.meta.unpackedBytes,
    numberedChars: chars,
    tokens: doc.totalTokens,
    peakRssMb: peakRssMb(),
    loadAverage: Number((os.loadavg()[0] ?? 0).toFixed(2)),
  };
}

const REPOMIX_FALLBACK = "/tmp/repomix/node_modules/.bin/repomix";
const CHILD_FLAG = "--ingest-child";

/** REPOMIX_BIN, else `repomix` on PATH, else the /tmp install; null when none runs. */
function findRepomix(): { bin: string; version: string } | null {
  const onPath = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, "repomix"));
  const candidates = [process.env.REPOMIX_BIN, ...onPath, REPOMIX_FALLBACK].filter((bin): bin is string => Boolean(bin) && fs.existsSync(bin as string));
  for (const bin of candidates) {
    try {
      return { bin, version: execFileSync(bin, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() };
    } catch {
      // not runnable: try the next one
    }
  }
  return null;
}

const numberAfter = (text: string, label: string): number | null => {
  const match = new RegExp(`${label}:\\s*([\\d,]+)`).exec(text.replace(/\u001b\[[0-9;]*m/g, ""));
  return match?.[1] ? Number(match[1].replace(/,/g, "")) : null;
};

/** The slice written as plain files (no node_modules in any path, so no default ignore drops it), both tools run on it. */
async function repomixSideBySide(repomix: { bin: string; version: string }, slice: Record<string, Uint8Array>): Promise<Record<string, unknown>> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-bench-"));
  try {
    const root = path.join(tmp, "vite-sized-slice");
    for (const [name, content] of Object.entries(slice)) {
      const file = path.join(root, name.replace(/^slice\//, ""));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    const help = execFileSync(repomix.bin, ["--help"], { encoding: "utf8" });
    const outFile = path.join(tmp, "repomix-output.txt");
    const args = ["--style", "plain", "--output", outFile, "--top-files-len", "0"];
    // The slice already passed our path policy; repomix's own default list (dist/, build/, lock
    // files…) would otherwise drop files ours keeps and make the comparison unequal.
    for (const flag of ["--no-security-check", "--no-default-patterns", "--no-git-sort-by-changes"]) if (help.includes(flag)) args.push(flag);
    args.push(root);
    const packed = timedRun(repomix.bin, args, tmp);
    const repomixResult = {
      version: repomix.version,
      args: args.slice(0, -1).map((arg) => (arg === outFile ? "<tmp>/repomix-output.txt" : arg)),
      status: packed.status,
      wallS: packed.wallS,
      cpuS: packed.cpuS,
      peakRssMb: packed.peakRssMb,
      files: numberAfter(packed.stdout, "Total Files"),
      tokens: numberAfter(packed.stdout, "Total Tokens"),
      tokenEncoding: "o200k_base (whole plain output)",
      outputChars: fs.existsSync(outFile) ? fs.readFileSync(outFile, "utf8").length : null,
      ...(packed.status === 0 ? {} : { error: (packed.stdout + packed.stderr).slice(-1500) }),
    };
    fs.rmSync(outFile, { force: true });

    const ours = timedRun(process.execPath, ["--import", "tsx", path.resolve("bench/codebase.ts"), CHILD_FLAG, root], process.cwd());
    const marker = ours.stdout.lastIndexOf("@@INGEST@@");
    const inner = marker === -1 ? null : (JSON.parse(ours.stdout.slice(marker + "@@INGEST@@".length)) as Record<string, unknown>);
    const oursResult = {
      status: ours.status,
      wallS: ours.wallS,
      cpuS: ours.cpuS,
      peakRssMb: ours.peakRssMb ?? inner?.peakRssMb ?? null,
      files: inner?.files ?? null,
      tokens: inner?.tokens ?? null,
      tokenEncoding: "Qwen3, exact (numbered file texts)",
      numberedChars: inner?.numberedChars ?? null,
      ingestWallS: inner ? Number(((inner.wallMs as number) / 1000).toFixed(2)) : null,
      stagesWallMs: inner?.stagesWallMs ?? null,
      ...(ours.status === 0 && inner ? {} : { error: (ours.stdout + ours.stderr).slice(-1500) }),
    };
    return {
      tree: "the vite-sized slice as plain files in a temporary folder",
      peakRssMethod: fs.existsSync(TIME_BIN) ? "/usr/bin/time -v (largest process)" : "child's own maxRSS (ours only)",
      wallIncludes: "process start-up (node, tsx for ours)",
      ours: oursResult,
      repomix: repomixResult,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The first ~17.5 MB of this repository's node_modules that pass our filter, as archive entries
 * under `slice/`: the vite-sized repository the codebase benches ingest (also bench/upload-health.ts).
 */
export async function viteSizedSlice(): Promise<{ slice: Record<string, Uint8Array>; sliceBytes: number }> {
  const policy = new PathPolicy();
  const { files } = filterEntries((await collectDirectory(TREE, limits, policy)).entries, policy, limits);
  const slice: Record<string, Uint8Array> = {};
  let sliceBytes = 0;
  for (const file of files) {
    if (sliceBytes >= SLICE_BYTES) break;
    slice[`slice/${file.path}`] = new TextEncoder().encode(file.text);
    sliceBytes += file.bytes;
  }
  return { slice, sliceBytes };
}

export async function benchCodebase(): Promise<Record<string, unknown>> {
  countTokens("warm up the tokenizer's rank table");
  const repomix = findRepomix();
  const result: Record<string, unknown> = { tree: TREE, cpus: os.cpus().length, repomix: repomix?.version ?? "not installed (set REPOMIX_BIN or put repomix on PATH)" };

  const cold = new TokenCache();
  result.treeCold = await measure(() => extractCodebaseDirectory(TREE, limits, { deps: defaultIngestDeps({ countMany: inThread, cache: cold }) }));
  result.treeWarmCache = await measure(() => extractCodebaseDirectory(TREE, limits, { deps: defaultIngestDeps({ countMany: inThread, cache: cold }) }));

  // A vite-sized slice of the same files, as archives.
  const { slice, sliceBytes } = await viteSizedSlice();
  const zip = zipSync(slice, { level: 6 });
  const tarGz = await tarOf(Object.entries(slice).map(([name, content]) => ({ name, content })));
  result.slice = { files: Object.keys(slice).length, bytes: sliceBytes, zipBytes: zip.byteLength, tarGzBytes: tarGz.byteLength };
  // In this process (tokenizer already built), counting on the main thread only: the baseline.
  result.sliceZipInThread = await measure(() => extractCodebaseArchive({ bytes: zip, filename: "slice.zip", limits }, { deps: defaultIngestDeps({ countMany: inThread, cache: new TokenCache() }) }));
  result.sliceTarGzInThread = await measure(() => extractCodebaseArchive({ bytes: tarGz, filename: "slice.tar.gz", limits }, { deps: defaultIngestDeps({ countMany: inThread, cache: new TokenCache() }) }));
  // The default path, cold: each run in a fresh process (no tokenizer, no worker, no bundle, empty cache).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-bench-archives-"));
  try {
    for (const [key, name, bytes] of [["sliceZip", "slice.zip", zip], ["sliceTarGz", "slice.tar.gz", tarGz]] as const) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, bytes);
      result[`${key}ColdRuns`] = coldArchiveRuns(file, ARCHIVE_RUNS);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (repomix) result.repomixSideBySide = await repomixSideBySide(repomix, slice);
  return result;
}

const ARCHIVE_RUNS = 5;
const ARCHIVE_CHILD_FLAG = "--archive-child";
/**
 * Idle time before each cold run (BENCH_SETTLE_MS, default 5 s). A run that starts right after
 * sustained load on both cores spends measurably more CPU on the same work (figures:
 * docs/benchmarks/codebase.md), and the runs before these (the node_modules tree) are such load.
 * A cold ingest is an upload to an idle server, so each run starts from an idle machine.
 */
const SETTLE_MS = ((value) => (Number.isFinite(value) && value >= 0 ? value : 5_000))(Number(process.env.BENCH_SETTLE_MS ?? 5_000));

/** `runs` cold ingests of an archive, each in its own process; the median run by wall time, and every run. */
function coldArchiveRuns(file: string, runs: number): Record<string, unknown> {
  const all: Array<Record<string, unknown>> = [];
  for (let run = 0; run < runs; run += 1) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS);
    const child = spawnSync(process.execPath, ["--import", "tsx", path.resolve("bench/codebase.ts"), ARCHIVE_CHILD_FLAG, file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const marker = child.stdout.lastIndexOf("@@INGEST@@");
    all.push(marker === -1 ? { error: `exit ${child.status}`, output: (child.stdout + child.stderr).slice(-1500) } : (JSON.parse(child.stdout.slice(marker + "@@INGEST@@".length)) as Record<string, unknown>));
  }
  const walls = all.map((run) => (run.cold as { wallMs?: number } | undefined)?.wallMs ?? Infinity);
  const median = all[walls.map((wall, index) => [wall, index] as const).sort((a, b) => a[0] - b[0])[Math.floor(runs / 2)]?.[1] ?? 0];
  return { medianColdWallMs: walls.sort((a, b) => a - b)[Math.floor(runs / 2)], settleMsBeforeEachRun: SETTLE_MS, median, runs: all };
}

/**
 * `node --import tsx bench/codebase.ts --archive-child <file>`: one cold ingest of an archive
 * with the default counter (worker pool started as the ingest begins), then a re-run that
 * finds every file in the content-hash cache, as JSON.
 */
async function archiveChild(file: string): Promise<void> {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const filename = path.basename(file);
  const loadBefore = Number((os.loadavg()[0] ?? 0).toFixed(2));
  const countDeps = { ...defaultCountDeps(), cache: new TokenCache() };
  const cold = await measure(() => extractCodebaseArchive({ bytes, filename, limits }, { deps: defaultIngestDeps(countDeps) }));
  const pool = sharedCountPool();
  const workers = { started: pool?.started ?? false, failures: pool?.failures ?? null, textsCounted: pool ? { ...pool.counted } : null };
  const warm = await measure(() => extractCodebaseArchive({ bytes, filename, limits }, { deps: defaultIngestDeps(countDeps) }));
  process.stdout.write(`\n@@INGEST@@${JSON.stringify({ loadBefore, cold, workers, warmCache: { ...warm, cacheHits: countDeps.cache.hits } })}\n`);
  process.exit(0);
}

/** `node --import tsx bench/codebase.ts --ingest-child <dir>`: one cold directory ingest, as JSON. */
async function ingestChild(dir: string): Promise<void> {
  const measured = await measure(() => extractCodebaseDirectory(dir, limits, { deps: defaultIngestDeps({ ...defaultCountDeps(), cache: new TokenCache() }) }));
  process.stdout.write(`\n@@INGEST@@${JSON.stringify(measured)}\n`);
  process.exit(0);
}

const childAt = process.argv.indexOf(CHILD_FLAG);
if (childAt !== -1) void ingestChild(process.argv[childAt + 1] ?? ".");
const archiveAt = process.argv.indexOf(ARCHIVE_CHILD_FLAG);
if (archiveAt !== -1) void archiveChild(process.argv[archiveAt + 1] ?? "");
