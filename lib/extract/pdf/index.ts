import { countTokens as defaultCountTokens } from "../../tokens";
import { createPacer } from "../pace";
import { pdfNoText, pdfUnreadable } from "../errors";
import type { ExtractProgress, SkippedUnit, SourceDocument, SourceUnit } from "../types";
import { DEFAULT_PDF_LIMITS, type PdfLimits } from "./limits";
import { pageLabeler } from "./page-labels";
import { layoutPage } from "./page-layout";
import { buildPageText } from "./paragraphs";
import { type PageRead, readPdfPages } from "./read-pages";
import { withReaderSlot } from "./reader-slots";
import type { OrderedLine } from "./reading-order";
import { removeRunningLines } from "./running-lines";
import type { Clock } from "./clock";
import type { PdfjsBuild } from "./pdfjs-build";
import { repairGbkMojibake, unreadableShare } from "./text-repair";

export { DEFAULT_PDF_LIMITS, type PdfLimits } from "./limits";

export interface PdfExtractInput {
  bytes: Uint8Array;
  name: string;
  password?: string;
  onProgress?: (progress: ExtractProgress) => void;
  signal?: AbortSignal;
  limits?: Partial<PdfLimits>;
  countTokens?: (text: string) => number;
  /** Reader threads (one by default; see readPdfPages). */
  readers?: number;
  /** pdf.js' parser patched (the default) or as shipped; see pdfjs-build.ts. */
  pdfjs?: PdfjsBuild;
  /** The clock the time bounds run on (the system clock by default; tests move their own). */
  clock?: Clock;
}

const NO_TEXT = "no text layer: a scanned or image-only page (or a blank one); it needs OCR";
const UNREADABLE = "its text layer is unreadable (fonts without a Unicode mapping); it needs OCR";
const ONLY_RUNNING = "only a running header, footer or page number";

/**
 * A PDF as one unit per page, in reading order, labelled "p. 12" by the PDF's page labels.
 * Pages without text are in `skipped` with the reason. A PDF where no page has text is an error
 * (pdf_no_text), not an empty document: the person learns at upload that it needs OCR.
 */
export async function extractPdf(input: PdfExtractInput): Promise<SourceDocument> {
  const limits = { ...DEFAULT_PDF_LIMITS, ...input.limits };
  const countTokens = input.countTokens ?? defaultCountTokens;
  const started = Date.now();
  const read = await withReaderSlot(
    () =>
      readPdfPages({
        bytes: input.bytes,
        password: input.password,
        limits,
        signal: input.signal,
        onPage: (done, total) => input.onProgress?.({ done, total, unit: "page" }),
        // Each page is laid out as it arrives (while the readers go on), and its raw items dropped.
        map: layOut,
        readers: input.readers,
        pdfjs: input.pdfjs,
        clock: input.clock,
      }),
    input.signal,
  );
  const labels = pageLabeler(read.pageCount, read.pageLabels);
  const laidOut = read.pages;

  // Counting is synchronous: the event loop gets a turn every 25 ms of it.
  const pace = createPacer();
  const running = removeRunningLines(laidOut.map((entry) => entry.lines));
  const units: SourceUnit[] = [];
  const skipped: SkippedUnit[] = [];
  let repairedRuns = 0;
  for (const [index, entry] of laidOut.entries()) {
    await pace();
    const label = entry.lastPageNumber === undefined ? labels.label(entry.pageNumber) : labels.range(entry.pageNumber, entry.lastPageNumber);
    if (entry.skipped) {
      skipped.push({ label, reason: entry.skipped });
      continue;
    }
    const repaired = repairGbkMojibake(buildPageText(running.pages[index] ?? []));
    repairedRuns += repaired.repaired;
    const text = repaired.text.trim();
    if (text.length === 0) skipped.push({ label, reason: ONLY_RUNNING });
    else units.push({ kind: "page", label, text, tokens: countTokens(text) });
  }

  if (units.length === 0) {
    if (skipped.every((unit) => unit.reason === NO_TEXT || unit.reason === UNREADABLE)) throw pdfNoText(read.pageCount);
    throw pdfUnreadable(read.pageCount, summarize(skipped));
  }
  return {
    name: input.name,
    kind: "pdf",
    units,
    skipped,
    totalTokens: units.reduce((sum, unit) => sum + unit.tokens, 0),
    meta: {
      pageCount: read.pageCount,
      pagesWithText: units.length,
      pageLabels: labels.source,
      runningLinesRemoved: running.removed,
      ...(repairedRuns > 0 ? { gbkRunsRepaired: repairedRuns } : {}),
      ...(read.restarts > 0 ? { readerRestarts: read.restarts } : {}),
      readers: read.readers,
      extractMs: Date.now() - started,
    },
  };
}

function layOut(entry: PageRead): { pageNumber: number; lastPageNumber?: number; lines: OrderedLine[]; skipped?: string } {
  if ("skipped" in entry) return { pageNumber: entry.pageNumber, lastPageNumber: entry.lastPageNumber, lines: [], skipped: entry.skipped };
  const raw = entry.page.items.map((item) => item.str).join("");
  if (raw.trim().length === 0) return { pageNumber: entry.pageNumber, lines: [], skipped: NO_TEXT };
  if (unreadableShare(raw) > 0.5) return { pageNumber: entry.pageNumber, lines: [], skipped: UNREADABLE };
  const lines = layoutPage(entry.page);
  return lines.length === 0 ? { pageNumber: entry.pageNumber, lines, skipped: NO_TEXT } : { pageNumber: entry.pageNumber, lines };
}

/** "p. 1 and 351 more: not read: …" — each distinct reason once, the first three. */
function summarize(skipped: readonly SkippedUnit[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const unit of skipped) byReason.set(unit.reason, [...(byReason.get(unit.reason) ?? []), unit.label]);
  return [...byReason.entries()].slice(0, 3).map(([reason, labels]) => `${labels[0]}${labels.length > 1 ? ` and ${labels.length - 1} more` : ""}: ${reason}`);
}
