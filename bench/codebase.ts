/**
 * Codebase ingest speed and memory. The large real tree is this repository's own node_modules
 * (tens of thousands of files, real-world JavaScript, TypeScript, JSON and docs), read as if it
 * were a repository: walk + ignore rules + read, filter, number, count exactly, measure facts.
 * Then a vite-sized slice of it (about 2,800 files, 17.5 MB: the size of the repository repomix
 * takes 4.8 s on) goes through the archive paths (.zip and .tar.gz built in memory) and through
 * the two-worker counter. Wall time on a shared machine is noisy, so CPU time and the load
 * average are recorded too.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { tarOf } from "../lib/extract/codebase/build-test-archives";
import { countManyDefault } from "../lib/extract/codebase/count-files";
import { countInWorkers, countWorkerFile } from "../lib/extract/codebase/count-pool";
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
    loadAverage: Math.round(os.loadavg()[0] ?? 0),
  };
}

function repomixVersion(): string {
  const local = path.join("node_modules", ".bin", "repomix");
  if (!fs.existsSync(local)) return "not installed";
  try {
    return execFileSync(local, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return "not installed";
  }
}

export async function benchCodebase(): Promise<Record<string, unknown>> {
  countTokens("warm up the tokenizer's rank table");
  const result: Record<string, unknown> = { tree: TREE, cpus: os.cpus().length, repomix: repomixVersion() };

  const cold = new TokenCache();
  result.treeCold = await measure(() => extractCodebaseDirectory(TREE, limits, { deps: defaultIngestDeps({ countMany: inThread, cache: cold }) }));
  result.treeWarmCache = await measure(() => extractCodebaseDirectory(TREE, limits, { deps: defaultIngestDeps({ countMany: inThread, cache: cold }) }));

  // A vite-sized slice of the same files, as archives.
  const policy = new PathPolicy();
  const { files } = filterEntries((await collectDirectory(TREE, limits, policy)).entries, policy, limits);
  const slice: Record<string, Uint8Array> = {};
  let sliceBytes = 0;
  for (const file of files) {
    if (sliceBytes >= SLICE_BYTES) break;
    slice[`slice/${file.path}`] = new TextEncoder().encode(file.text);
    sliceBytes += file.bytes;
  }
  const zip = zipSync(slice, { level: 6 });
  const tarGz = await tarOf(Object.entries(slice).map(([name, content]) => ({ name, content })));
  result.slice = { files: Object.keys(slice).length, bytes: sliceBytes, zipBytes: zip.byteLength, tarGzBytes: tarGz.byteLength };
  result.sliceZipCold = await measure(() => extractCodebaseArchive({ bytes: zip, filename: "slice.zip", limits }, { deps: defaultIngestDeps({ countMany: inThread, cache: new TokenCache() }) }));
  result.sliceTarGzCold = await measure(() => extractCodebaseArchive({ bytes: tarGz, filename: "slice.tar.gz", limits }, { deps: defaultIngestDeps({ countMany: inThread, cache: new TokenCache() }) }));
  const workerFile = countWorkerFile();
  result.sliceZipTwoWorkers = workerFile
    ? await measure(() => extractCodebaseArchive({ bytes: zip, filename: "slice.zip", limits }, { deps: defaultIngestDeps({ countMany: (texts, onCounted) => countInWorkers(texts, 2, workerFile, onCounted), cache: new TokenCache() }) }))
    : "worker script not found";
  result.sliceZipDefault = await measure(() => extractCodebaseArchive({ bytes: zip, filename: "slice.zip", limits }, { deps: defaultIngestDeps({ countMany: countManyDefault, cache: new TokenCache() }) }));
  return result;
}
