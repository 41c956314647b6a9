import { pdfCorrupt, pdfPasswordIncorrect, pdfPasswordMissing, pdfUnreadable } from "../errors";
import type { PdfLimits } from "./limits";
import type { RawPage, WorkerError } from "./worker-messages";
import { formatSeconds, type OpenOutcome, PdfWorkerSession, type WorkerFailure } from "./worker-session";

/**
 * One page as read: its raw text items, or why it has none. `lastPageNumber` makes the entry a
 * range (pages never read because the document ran out of time, when there are very many).
 */
export type PageRead = { pageNumber: number; page: RawPage } | { pageNumber: number; lastPageNumber?: number; skipped: string };

/** Pages left unread are listed one by one up to this many, else as one range. */
const MAX_LISTED_UNREAD = 2_000;

export interface ReadPagesResult {
  pageCount: number;
  pageLabels: string[] | null;
  pages: PageRead[];
  /** Readers started again after a page killed one. */
  restarts: number;
}

/** pdf.js PasswordException code for a wrong password (1 is "no password given"). */
const INCORRECT_PASSWORD = 2;

/**
 * Reads every page's raw text, one page at a time, in a worker that is killed when a page runs
 * past its time or memory bound; the next page is read by a fresh worker. The whole document is
 * bounded too: pages left when time runs out are skipped with that reason. Only a document that
 * cannot be opened at all throws (password, damage).
 */
export async function readPdfPages(input: {
  bytes: Uint8Array;
  password?: string;
  limits: PdfLimits;
  signal?: AbortSignal;
  onPage?: (done: number, total: number) => void;
}): Promise<ReadPagesResult> {
  const { limits, signal } = input;
  const started = Date.now();
  const open = (timeoutMs: number) => PdfWorkerSession.open({ bytes: input.bytes, password: input.password, timeoutMs, limits, signal });

  const first = await open(limits.openTimeoutMs);
  if (!first.ok) throw openError(first);
  let session: PdfWorkerSession | undefined = first.session;
  const { pageCount, pageLabels } = first;
  const pages: PageRead[] = [];
  let restarts = 0;
  try {
    const outOfTime = `not read: the document reached its ${formatSeconds(limits.documentTimeoutMs)} reading limit`;
    for (let pageNumber = 1; pageNumber <= pageCount; pageNumber += 1) {
      const remaining = limits.documentTimeoutMs - (Date.now() - started);
      if (remaining <= 0) {
        skipRest(pages, pageNumber, pageCount, outOfTime);
        break;
      }
      if (!session?.alive) {
        await session?.close();
        session = undefined;
        if (restarts >= limits.maxRestarts) {
          skipRest(pages, pageNumber, pageCount, `not read: ${restarts} earlier pages had to be stopped, so the rest of the file was given up`);
          break;
        }
        restarts += 1;
        const again = await open(Math.min(limits.openTimeoutMs, remaining));
        if (!again.ok) {
          skipRest(pages, pageNumber, pageCount, "not read: the file could not be opened again after an earlier page was stopped");
          break;
        }
        session = again.session;
      }
      const outcome = await session.readPage(pageNumber, Math.min(limits.pageTimeoutMs, remaining), signal);
      // A page cut short by the document's bound, not its own, is "out of time", not "hostile".
      const cutByDocument = !outcome.ok && "failure" in outcome && outcome.failure.kind === "timeout" && remaining < limits.pageTimeoutMs;
      if (outcome.ok) pages.push({ pageNumber, page: outcome.page });
      else pages.push({ pageNumber, skipped: cutByDocument ? outOfTime : "error" in outcome ? pageErrorReason(outcome.error) : failureReason(outcome.failure) });
      input.onPage?.(pageNumber, pageCount);
    }
  } finally {
    await session?.close();
  }
  return { pageCount, pageLabels, pages, restarts };
}

function skipRest(pages: PageRead[], from: number, pageCount: number, reason: string): void {
  if (pageCount - from + 1 > MAX_LISTED_UNREAD) {
    pages.push({ pageNumber: from, lastPageNumber: pageCount, skipped: reason });
    return;
  }
  for (let pageNumber = from; pageNumber <= pageCount; pageNumber += 1) pages.push({ pageNumber, skipped: reason });
}

function openError(outcome: Exclude<OpenOutcome, { ok: true }>): Error {
  if ("failure" in outcome) return pdfUnreadable(1, [`opening it ${failureText(outcome.failure)}`]);
  const { error } = outcome;
  if (error.name === "PasswordException") return error.code === INCORRECT_PASSWORD ? pdfPasswordIncorrect() : pdfPasswordMissing();
  return pdfCorrupt(new Error(`${error.name}: ${error.message}`));
}

function pageErrorReason(error: WorkerError): string {
  return `could not be read (${error.message.replace(/\.$/, "")}); the rest of the file was kept`;
}

function failureReason(failure: WorkerFailure): string {
  return `reading it ${failureText(failure)} (a very complex or hostile page); the rest of the file was kept`;
}

function failureText(failure: WorkerFailure): string {
  if (failure.kind === "timeout") return failure.message;
  if (failure.kind === "memory") return failure.message;
  return `crashed the PDF reader (${failure.message})`;
}
