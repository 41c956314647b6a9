import { pdfCorrupt, pdfPasswordIncorrect, pdfPasswordMissing, pdfUnreadable } from "../errors";
import { type Clock, systemClock } from "./clock";
import type { PdfLimits } from "./limits";
import type { RawPage, WorkerError } from "./worker-messages";
import { formatSeconds, type OpenOutcome, type PageOutcome, type PdfjsBuild, PdfWorkerSession, type WorkerFailure } from "./worker-session";

/**
 * One page as read: its raw text items, or why it has none. `lastPageNumber` makes the entry a
 * range (pages never read because the document ran out of time, when there are very many).
 */
export type PageRead = { pageNumber: number; page: RawPage } | { pageNumber: number; lastPageNumber?: number; skipped: string };

/** Pages left unread are listed one by one up to this many, else as ranges. */
const MAX_LISTED_UNREAD = 2_000;

/** Pages asked of one reader ahead of its answers, so it never waits for the caller. */
const PIPELINE_DEPTH = 2;

export interface ReadPagesResult<T = PageRead> {
  pageCount: number;
  pageLabels: string[] | null;
  /** One entry per page (or range of unread pages), in page order. */
  pages: T[];
  /** Readers started again after a page killed one. */
  restarts: number;
  /** Reader threads used at once. */
  readers: number;
}

export interface ReadPagesInput<T> {
  bytes: Uint8Array;
  password?: string;
  limits: PdfLimits;
  signal?: AbortSignal;
  onPage?: (done: number, total: number) => void;
  /**
   * Turns each page into what is kept (by default the page as read). It runs as each page
   * arrives, so the raw text items of a long document are never all held at once. With two
   * readers, pages arrive out of order; the result is in page order.
   */
  map?: (entry: PageRead) => T;
  /**
   * Reader threads pulling pages from one queue; one by default. A second reader parses the
   * fonts again and holds a second pdf.js' memory, for little time saved on 2 cores
   * (docs/benchmarks/pdf.md), so it is only worth asking for when memory does not matter.
   */
  readers?: number;
  /** pdf.js' parser patched (the default) or as shipped (to check the patch changes no text). */
  pdfjs?: PdfjsBuild;
  /** The clock the document's, opening's and pages' time bounds run on (the system clock by default). */
  clock?: Clock;
}

/** pdf.js PasswordException code for a wrong password (1 is "no password given"). */
const INCORRECT_PASSWORD = 2;

interface Lane {
  session?: PdfWorkerSession;
  /** A start or restart in progress; every puller of the lane waits for the same one. */
  starting?: Promise<PdfWorkerSession | undefined>;
  gaveUp: boolean;
}

/**
 * Reads every page's raw text in worker threads that are killed when a page runs past its time
 * or memory bound; a killed reader is started again for the pages after it. Each reader has the
 * next page asked for before it finishes the current one; when asked for, several readers pull
 * pages from one queue. The whole document is bounded too: pages left when time runs out are
 * skipped with that reason. Only a document that cannot be opened at all throws (password,
 * damage).
 */
export async function readPdfPages<T = PageRead>(input: ReadPagesInput<T>): Promise<ReadPagesResult<T>> {
  const { limits, signal } = input;
  const map = input.map ?? ((entry: PageRead) => entry as T);
  const clock = input.clock ?? systemClock;
  const deadline = clock.now() + limits.documentTimeoutMs;
  const open = (timeoutMs: number) => PdfWorkerSession.open({ bytes: input.bytes, password: input.password, timeoutMs, limits, signal, build: input.pdfjs, clock });

  const first = await open(limits.openTimeoutMs);
  if (!first.ok) throw openError(first);
  const { pageCount, pageLabels } = first;

  const results = new Map<number, T>();
  let done = 0;
  const record = (entry: PageRead) => {
    results.set(entry.pageNumber, map(entry));
    done += "lastPageNumber" in entry && entry.lastPageNumber !== undefined ? entry.lastPageNumber - entry.pageNumber + 1 : 1;
    input.onPage?.(done, pageCount);
  };

  // Pages given back by a reader that stopped before them are read first, lowest first.
  const givenBack: number[] = [];
  let nextPage = 1;
  const take = () => (givenBack.length > 0 ? givenBack.shift() : nextPage <= pageCount ? nextPage++ : undefined);
  const giveBack = (pageNumber: number) => {
    givenBack.push(pageNumber);
    givenBack.sort((a, b) => a - b);
  };

  let restarts = 0;
  let giveUpReason = "not read: the PDF reader stopped";
  const lanes: Lane[] = [];
  const onAbort = () => lanes.forEach((lane) => lane.session?.abort());
  signal?.addEventListener("abort", onAbort, { once: true });

  async function laneSession(lane: Lane): Promise<PdfWorkerSession | undefined> {
    if (lane.session?.alive) return lane.session;
    if (lane.gaveUp || signal?.aborted) return undefined;
    lane.starting ??= restart(lane).finally(() => (lane.starting = undefined));
    return lane.starting;
  }

  async function restart(lane: Lane): Promise<PdfWorkerSession | undefined> {
    await lane.session?.close();
    lane.session = undefined;
    if (restarts >= limits.maxRestarts) {
      lane.gaveUp = true;
      giveUpReason = `not read: ${restarts} earlier pages had to be stopped, so the rest of the file was given up`;
      return undefined;
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) return undefined;
    restarts += 1;
    const again = await open(Math.min(limits.openTimeoutMs, remaining));
    if (!again.ok) {
      lane.gaveUp = true;
      giveUpReason = "not read: the file could not be opened again after an earlier page was stopped";
      return undefined;
    }
    lane.session = again.session;
    return lane.session;
  }

  async function pull(lane: Lane): Promise<void> {
    for (let pageNumber = take(); pageNumber !== undefined; pageNumber = take()) {
      const session = clock.now() < deadline ? await laneSession(lane) : undefined;
      if (!session || signal?.aborted) return giveBack(pageNumber);
      const outcome = await session.readPage(pageNumber, limits.pageTimeoutMs, deadline);
      if (signal?.aborted) return;
      if ("unread" in outcome) giveBack(pageNumber);
      else record(settle(pageNumber, outcome, clock.now() >= deadline - 5, limits));
    }
  }

  const readers = Math.max(1, Math.min(input.readers ?? 1, pageCount));
  lanes.push({ session: first.session, gaveUp: false });
  for (let index = 1; index < readers; index += 1) {
    const lane: Lane = { gaveUp: false };
    // A second reader that cannot start is no loss: the first reads everything.
    lane.starting = open(limits.openTimeoutMs)
      .then((outcome) => {
        if (outcome.ok) return (lane.session = outcome.session);
        lane.gaveUp = true;
        return undefined;
      })
      .catch(() => undefined)
      .finally(() => (lane.starting = undefined));
    lanes.push(lane);
  }

  try {
    // A page given back after the other lanes' pullers finished is picked up by another round.
    const canRead = () => !signal?.aborted && clock.now() < deadline && lanes.some((lane) => !lane.gaveUp);
    do {
      await Promise.all(lanes.flatMap((lane) => Array.from({ length: PIPELINE_DEPTH }, () => pull(lane))));
    } while ((givenBack.length > 0 || nextPage <= pageCount) && canRead());
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await Promise.all(lanes.map(async (lane) => (await lane.starting?.catch(() => undefined), lane.session?.close())));
  }
  if (signal?.aborted) throw signal.reason ?? new DOMException("The extraction was cancelled.", "AbortError");

  const unread = [...givenBack, ...range(nextPage, pageCount)].sort((a, b) => a - b);
  const reason = clock.now() >= deadline ? outOfTime(limits) : giveUpReason;
  for (const entry of unreadEntries(unread, reason)) record(entry);
  return { pageCount, pageLabels, pages: [...results.entries()].sort(([a], [b]) => a - b).map(([, value]) => value), restarts, readers };
}

/** `atDeadline`: the document's time is (all but) up, so a page cut short was cut by its bound. */
function settle(pageNumber: number, outcome: Exclude<PageOutcome, { unread: true }>, atDeadline: boolean, limits: PdfLimits): PageRead {
  if (outcome.ok) return { pageNumber, page: outcome.page };
  if ("error" in outcome) return { pageNumber, skipped: pageErrorReason(outcome.error) };
  // A page cut short by the document's bound, not its own, is "out of time", not "hostile".
  if (outcome.failure.kind === "timeout" && atDeadline) return { pageNumber, skipped: outOfTime(limits) };
  return { pageNumber, skipped: failureReason(outcome.failure) };
}

const outOfTime = (limits: PdfLimits) => `not read: the document reached its ${formatSeconds(limits.documentTimeoutMs)} reading limit`;

function range(from: number, to: number): number[] {
  return from > to ? [] : Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

/** Unread pages one by one, or as runs of consecutive pages when there are very many. */
function unreadEntries(pages: readonly number[], reason: string): PageRead[] {
  if (pages.length <= MAX_LISTED_UNREAD) return pages.map((pageNumber) => ({ pageNumber, skipped: reason }));
  const entries: PageRead[] = [];
  for (let start = 0; start < pages.length; ) {
    let end = start;
    while (end + 1 < pages.length && pages[end + 1] === (pages[end] ?? 0) + 1) end += 1;
    const first = pages[start] ?? 0;
    const last = pages[end] ?? first;
    entries.push(last > first ? { pageNumber: first, lastPageNumber: last, skipped: reason } : { pageNumber: first, skipped: reason });
    start = end + 1;
  }
  return entries;
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
