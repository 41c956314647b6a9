/**
 * Extraction speed and memory: pages per second and peak RSS on long PDFs (freeculture.pdf from
 * the fixtures; Debian's r-doc-pdf manuals when installed), the reading stage alone (pdf.js in
 * its worker) beside the whole extraction (layout and exact token counts included), pdftotext on
 * the same files when it is on PATH, the cost of a hostile page (bomb_giant.pdf) under the
 * default bounds, and text sections per second. Called by bench/main.ts; progress on stderr.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isAppError } from "../lib/errors";
import { extractPdf } from "../lib/extract/pdf";
import { DEFAULT_PDF_LIMITS } from "../lib/extract/pdf/limits";
import { readPdfPages } from "../lib/extract/pdf/read-pages";
import { extractText } from "../lib/extract/text";
import { countTokens } from "../lib/tokens";

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

async function benchPdf(file: string): Promise<Record<string, unknown>> {
  const bytes = new Uint8Array(fs.readFileSync(file));
  log(`${path.basename(file)} (${(bytes.byteLength / MB).toFixed(1)} MB)`);
  const read = await measured(() => readPdfPages({ bytes, limits: DEFAULT_PDF_LIMITS }));
  const full = await measured(() => extractPdf({ bytes, name: path.basename(file) }));
  const pages = read.value?.pageCount ?? 0;
  const document = full.value;
  return {
    file: path.basename(file),
    sizeMb: Math.round((bytes.byteLength / MB) * 100) / 100,
    pages,
    read: { ms: read.ms, pagesPerSecond: rate(pages, read.ms), peakRssMb: read.peakRssMb },
    extract: document
      ? { ms: full.ms, pagesPerSecond: rate(pages, full.ms), peakRssMb: full.peakRssMb, units: document.units.length, skipped: document.skipped.length, tokens: document.totalTokens, chars: document.units.reduce((sum, unit) => sum + unit.text.length, 0) }
      : { ms: full.ms, error: full.error },
    pdftotext: pdftotext(file, pages),
  };
}

function pdftotext(file: string, pages: number): Record<string, unknown> {
  const which = spawnSync("sh", ["-c", "command -v pdftotext"], { encoding: "utf8" });
  if (which.status !== 0) return { skipped: "pdftotext is not on PATH (Debian: apt-get install poppler-utils)" };
  const started = performance.now();
  const run = spawnSync("pdftotext", ["-q", file, "-"], { encoding: "utf8", maxBuffer: 512 * MB, timeout: 120_000 });
  const ms = Math.round(performance.now() - started);
  if (run.status !== 0) return { ms, error: `exit ${run.status}` };
  return { ms, pagesPerSecond: rate(pages, ms), chars: run.stdout.length };
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
  const freeculture = await benchPdf(path.join(FIXTURES, "freeculture.pdf"));
  const tracemonkey = await benchPdf(path.join(FIXTURES, "tracemonkey.pdf"));

  let rDoc: Record<string, unknown>;
  if (fs.existsSync(R_DOC_DIR)) {
    const manuals = fs
      .readdirSync(R_DOC_DIR)
      .filter((name) => name.endsWith(".pdf"))
      .map((name) => path.join(R_DOC_DIR, name))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)
      .slice(0, 3);
    rDoc = { manuals: [] as unknown[] };
    for (const manual of manuals) (rDoc.manuals as unknown[]).push(await benchPdf(manual));
  } else {
    rDoc = { skipped: `${R_DOC_DIR} is absent (Debian package r-doc-pdf is not installed)` };
  }

  const bomb = await benchBomb();
  const book = (await extractPdf({ bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, "freeculture.pdf"))), name: "freeculture.pdf" })).units.map((unit) => unit.text).join("\n\n");
  const text = await benchText(book);
  return { freeculture, tracemonkey, rDocPdf: rDoc, bomb, text, processMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}
