/**
 * Extraction speed and memory on long PDFs (freeculture.pdf from the fixtures; Debian's r-doc-pdf
 * manuals when installed): each whole extraction (read, layout, exact token counts) runs in a
 * fresh child process, with one reader thread (the default), with two, and with one reading
 * through pdf.js' parser as shipped (the install patch taken out, pdfjs-build.ts), interleaved with poppler's
 * pdftotext on the same file when it is on PATH; medians over BENCH_ROUNDS rounds (default 3),
 * the median ratio of our time to pdftotext's, and whether every run gave the same text. Then the cost of a hostile page (bomb_giant.pdf) under
 * the default bounds, and text sections per second. Called by bench/main.ts; progress on stderr.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isAppError } from "../lib/errors";
import { extractPdf } from "../lib/extract/pdf";
import { DEFAULT_PDF_LIMITS } from "../lib/extract/pdf/limits";
import type { PdfjsBuild } from "../lib/extract/pdf/worker-session";
import { extractText } from "../lib/extract/text";
import { countTokens } from "../lib/tokens";
import { timedRun } from "./timed-run";

const FIXTURES = path.join(process.cwd(), "e2e", "fixtures", "pdf");
/** Debian's r-doc-pdf puts its manuals (links into /usr/share/R/doc/manual) under manual/. */
const R_DOC_DIR = "/usr/share/doc/r-doc-pdf/manual";
const MB = 1024 * 1024;

function log(message: string): void {
  process.stderr.write(`   extract: ${message}\n`);
}

/** Runs `work` while sampling the process RSS (the pdf.js worker thread is in this process). */
async function measured<T>(work: () => Promise<T>): Promise<{ ms: number; peakRssMb: number; value?: T; error?: string }> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  try {
    const value = await work();
    return { ms: Math.round(performance.now() - started), peakRssMb: Math.round(Math.max(peak, process.memoryUsage.rss()) / MB), value };
  } catch (error) {
    const message = isAppError(error) ? `${error.code}: ${error.message}` : String(error);
    return { ms: Math.round(performance.now() - started), peakRssMb: Math.round(peak / MB), error: message };
  } finally {
    clearInterval(sampler);
  }
}

const CHILD_FLAG = "--extract-child";
/** Rounds per long file: pdftotext, ours with one reader, ours with two, interleaved (medians reported). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

interface ChildRun {
  ms: number;
  cpuMs: number;
  /** Peak resident memory of the whole process (worker threads included), from the kernel. */
  peakRssMb: number;
  /** Resident memory before reading (Node, tsx, the tokenizer loaded): the floor of the peak. */
  startRssMb: number;
  pages?: number;
  units?: number;
  skipped?: number;
  tokens?: number;
  chars?: number;
  readers?: number;
  /** Digest of the extracted text (see textDigest): the same for every run of the same file. */
  sha256?: string;
  error?: string;
}

/** sha256 of every unit's label and text and every skipped unit's label and reason: equal digests, equal output. */
function textDigest(document: Awaited<ReturnType<typeof extractPdf>>): string {
  const hash = createHash("sha256");
  for (const unit of document.units) hash.update(`${unit.label}\u0000${unit.text}\u0000`);
  for (const skipped of document.skipped) hash.update(`${skipped.label}\u0000${skipped.reason}\u0000`);
  return hash.digest("hex");
}

/** In the child: one whole extraction (read, layout, exact counts), measured from a fresh process. */
async function extractChild(file: string, readers: number, pdfjs: PdfjsBuild): Promise<void> {
  countTokens("load the tokenizer before timing");
  const bytes = new Uint8Array(fs.readFileSync(file));
  const startRssMb = Math.round(process.memoryUsage.rss() / MB);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let result: Omit<ChildRun, "ms" | "cpuMs" | "peakRssMb" | "startRssMb">;
  try {
    const document = await extractPdf({ bytes, name: path.basename(file), readers, pdfjs });
    result = { pages: Number(document.meta.pageCount), units: document.units.length, skipped: document.skipped.length, tokens: document.totalTokens, chars: document.units.reduce((sum, unit) => sum + unit.text.length, 0), readers: Number(document.meta.readers), sha256: textDigest(document) };
  } catch (error) {
    result = { error: isAppError(error) ? `${error.code}: ${error.message}` : String(error) };
  }
  const used = process.cpuUsage(cpu);
  const run: ChildRun = { ms: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), startRssMb, ...result };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

function runChild(file: string, readers: number, pdfjs: PdfjsBuild = "patched"): ChildRun {
  const child = spawnSync(process.execPath, ["--import", "tsx", path.resolve("bench/extract.ts"), CHILD_FLAG, file, String(readers), pdfjs], { encoding: "utf8", maxBuffer: 64 * MB });
  const line = (child.stdout ?? "").trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as ChildRun;
  } catch {
    return { ms: 0, cpuMs: 0, peakRssMb: 0, startRssMb: 0, error: `child exited with ${child.status}: ${(child.stderr ?? "").slice(-500)}` };
  }
}

function pdftotext(file: string): { ms: number; peakRssMb: number | null; chars: number } | { skipped: string } | { error: string } {
  const which = spawnSync("sh", ["-c", "command -v pdftotext"], { encoding: "utf8" });
  if (which.status !== 0) return { skipped: "pdftotext is not on PATH (Debian: apt-get install poppler-utils)" };
  const run = timedRun("pdftotext", ["-q", file, "-"], process.cwd(), { timeoutMs: 120_000 });
  if (run.status !== 0) return { error: `exit ${run.status}` };
  return { ms: run.wallMs, peakRssMb: run.peakRssMb, chars: run.stdout.length };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : Math.round((((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2) * 100) / 100;
};

/**
 * One PDF: `rounds` interleaved rounds of pdftotext, ours with one reader, ours with two, and
 * ours with one reader and pdf.js as shipped (without the install patch), each in a fresh process (a process never gives all its memory back, so runs in one process
 * would inflate each other's peaks). Reported: every run, the medians, and the median of the
 * per-round time ratios ours / pdftotext, and whether every run gave the same text (digest).
 */
async function benchPdf(file: string, rounds: number): Promise<Record<string, unknown>> {
  const bytes = fs.statSync(file).size;
  log(`${path.basename(file)} (${(bytes / MB).toFixed(1)} MB), ${rounds} round(s)`);
  const runs: Array<{ loadAverage: number; pdftotext: ReturnType<typeof pdftotext>; oneReader: ChildRun; twoReaders: ChildRun; asShipped: ChildRun }> = [];
  for (let round = 0; round < rounds; round += 1) {
    const loadAverage = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
    const poppler = pdftotext(file);
    const oneReader = runChild(file, 1);
    const twoReaders = runChild(file, 2);
    const asShipped = runChild(file, 1, "as shipped");
    runs.push({ loadAverage, pdftotext: poppler, oneReader, twoReaders, asShipped });
    log(`  round ${round + 1}: load ${loadAverage}; pdftotext ${"ms" in poppler ? `${poppler.ms} ms` : "-"}; one reader ${oneReader.ms} ms ${oneReader.peakRssMb} MB; two readers ${twoReaders.ms} ms ${twoReaders.peakRssMb} MB; pdf.js as shipped ${asShipped.ms} ms ${asShipped.peakRssMb} MB`);
  }
  const summary = (pick: (run: (typeof runs)[number]) => ChildRun) => {
    const ok = runs.map(pick).filter((run) => run.error === undefined);
    if (ok.length === 0) return { error: runs.map(pick)[0]?.error };
    const ratios = runs.flatMap((run) => ("ms" in run.pdftotext && pick(run).error === undefined ? [pick(run).ms / run.pdftotext.ms] : []));
    const ms = median(ok.map((run) => run.ms));
    const pages = ok[0]?.pages ?? 0;
    return {
      ms,
      pagesPerSecond: rate(pages, ms),
      cpuMs: median(ok.map((run) => run.cpuMs)),
      peakRssMb: median(ok.map((run) => run.peakRssMb)),
      peakRssMbMax: Math.max(...ok.map((run) => run.peakRssMb)),
      startRssMb: median(ok.map((run) => run.startRssMb)),
      timeVsPdftotext: ratios.length > 0 ? Math.round(median(ratios) * 100) / 100 : null,
      units: ok[0]?.units,
      skipped: ok[0]?.skipped,
      tokens: ok[0]?.tokens,
      chars: ok[0]?.chars,
    };
  };
  const poppler = runs.flatMap((run) => ("ms" in run.pdftotext ? [run.pdftotext] : []));
  return {
    file: path.basename(file),
    sizeMb: Math.round((bytes / MB) * 100) / 100,
    pages: runs[0]?.oneReader.pages ?? runs[0]?.twoReaders.pages,
    oneReader: summary((run) => run.oneReader),
    twoReaders: summary((run) => run.twoReaders),
    asShipped: summary((run) => run.asShipped),
    sameTextEveryRun: new Set(runs.flatMap((run) => [run.oneReader.sha256, run.twoReaders.sha256, run.asShipped.sha256])).size === 1,
    pdftotext: poppler.length > 0 ? { ms: median(poppler.map((run) => run.ms)), peakRssMb: median(poppler.map((run) => run.peakRssMb ?? 0)), chars: poppler[0]?.chars } : runs[0]?.pdftotext,
    runs,
  };
}

async function benchBomb(): Promise<Record<string, unknown>> {
  const file = path.join(FIXTURES, "bomb_giant.pdf");
  log(`bomb_giant.pdf with the default bounds (page ${DEFAULT_PDF_LIMITS.pageTimeoutMs} ms)`);
  const result = await measured(() => extractPdf({ bytes: new Uint8Array(fs.readFileSync(file)), name: "bomb_giant.pdf" }));
  return { msUntilGivenUp: result.ms, peakRssMb: result.peakRssMb, outcome: result.error ?? "extracted" };
}

async function benchText(source: string): Promise<Record<string, unknown>> {
  // About 8 MB of Markdown: the book's text under generated headings.
  const chapters: string[] = [];
  for (let index = 0; chapters.join("").length < 8 * MB; index += 1) chapters.push(`# Chapter ${index + 1}\n\n## Part A\n\n${source.slice(0, 60_000)}\n\n## Part B\n\n${source.slice(60_000, 120_000)}\n`);
  const text = chapters.join("\n");
  const bytes = new TextEncoder().encode(text);
  log(`text sections over ${(bytes.byteLength / MB).toFixed(1)} MB of Markdown`);
  const started = performance.now();
  const document = await extractText({ bytes, name: "book.md" });
  const ms = Math.round(performance.now() - started);
  const countStarted = performance.now();
  countTokens(text);
  const countMs = Math.round(performance.now() - countStarted);
  return { sizeMb: Math.round((bytes.byteLength / MB) * 10) / 10, sections: document.units.length, tokens: document.totalTokens, ms, mbPerSecond: Math.round((bytes.byteLength / MB / (ms / 1000)) * 100) / 100, wholeTextCountMs: countMs };
}

const rate = (pages: number, ms: number) => (ms > 0 ? Math.round((pages / (ms / 1000)) * 10) / 10 : 0);

export async function benchExtract(): Promise<Record<string, unknown>> {
  countTokens("warm up the tokenizer before timing");
  const freeculture = await benchPdf(path.join(FIXTURES, "freeculture.pdf"), ROUNDS);
  const tracemonkey = await benchPdf(path.join(FIXTURES, "tracemonkey.pdf"), 1);

  let rDoc: Record<string, unknown>;
  if (fs.existsSync(R_DOC_DIR)) {
    const manuals = fs
      .readdirSync(R_DOC_DIR)
      .filter((name) => name.endsWith(".pdf"))
      .map((name) => path.join(R_DOC_DIR, name))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)
      .slice(0, 3);
    rDoc = { manuals: [] as unknown[] };
    for (const [index, manual] of manuals.entries()) (rDoc.manuals as unknown[]).push(await benchPdf(manual, index === 0 ? ROUNDS : 1));
  } else {
    rDoc = { skipped: `${R_DOC_DIR} is absent (Debian package r-doc-pdf is not installed)` };
  }

  const bomb = await benchBomb();
  const book = (await extractPdf({ bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, "freeculture.pdf"))), name: "freeculture.pdf" })).units.map((unit) => unit.text).join("\n\n");
  const text = await benchText(book);
  return { freeculture, tracemonkey, rDocPdf: rDoc, bomb, text, processMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

if (process.argv[2] === CHILD_FLAG) void extractChild(process.argv[3] ?? "", Number(process.argv[4] ?? 1), process.argv[5] === "as shipped" ? "as shipped" : "patched");
