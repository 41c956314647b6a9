import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makePdf, type PdfPageSpec } from "../../../e2e/fixtures/make-pdf";
import { manualClock } from "./clock";
import { DEFAULT_PDF_LIMITS } from "./limits";
import { type PageRead, readPdfPages } from "./read-pages";
import { PdfWorkerSession } from "./worker-session";

const FIXTURES = path.join(process.cwd(), "e2e", "fixtures", "pdf");
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

describe("readPdfPages", () => {
  it("two readers give exactly the pages one reader gives, in page order", async () => {
    const bytes = read("freeculture.pdf");
    const progress: number[] = [];
    const one = await readPdfPages({ bytes, limits: DEFAULT_PDF_LIMITS, readers: 1 });
    const two = await readPdfPages({ bytes, limits: DEFAULT_PDF_LIMITS, readers: 2, onPage: (done) => progress.push(done) });
    expect(one.readers).toBe(1);
    expect(two.readers).toBe(2);
    expect(two.pageCount).toBe(352);
    expect(two.pages.map((page) => page.pageNumber)).toEqual(Array.from({ length: 352 }, (_, index) => index + 1));
    expect(two.pages).toEqual(one.pages);
    expect(progress).toEqual(Array.from({ length: 352 }, (_, index) => index + 1));
  }, 120_000);

  it("one reader by default, however long the document", async () => {
    const book = await readPdfPages({ bytes: read("freeculture.pdf"), limits: DEFAULT_PDF_LIMITS, map: () => null });
    expect(book.pageCount).toBe(352);
    expect(book.readers).toBe(1);
  }, 60_000);

  it("keeps what `map` makes of each page instead of the raw items", async () => {
    const result = await readPdfPages({ bytes: read("tracemonkey.pdf"), limits: DEFAULT_PDF_LIMITS, map: (entry) => ("page" in entry ? entry.page.items.length : -1) });
    expect(result.pages).toHaveLength(14);
    for (const items of result.pages) expect(items).toBeGreaterThan(0);
  }, 60_000);
});

describe("readPdfPages with a page that gets its reader killed", () => {
  // The page bound runs on a clock the test moves: the moment the second page is done, 1.5 s
  // pass at once, so the page then being read has run past its bound however fast it really is
  // (a page's answer is handled in a later turn of the event loop than the move).
  const texts = ["one", "two", "three", "four", "five", "six"];
  const bytes = makePdf(texts.map((text): PdfPageSpec => ({ texts: [{ x: 72, y: 720, text }] })));
  const limits = { ...DEFAULT_PDF_LIMITS, pageTimeoutMs: 1_500 };
  const summary = (entry: PageRead) => ("page" in entry ? entry.page.items.map((item) => item.str).join(" ") : entry.skipped);
  const killed = /^reading it took longer than 1\.5 s \(a very complex or hostile page\)/;

  function read(readers: number) {
    const clock = manualClock();
    return readPdfPages({ bytes, limits, readers, clock, map: summary, onPage: (done) => {
        if (done === 2) clock.advance(1_500);
      },
    });
  }

  it("with one reader: the page being read is named, the pages queued behind it are read by a new reader", async () => {
    const result = await read(1);
    expect(result.pages).toEqual(["one", "two", expect.stringMatching(killed), "four", "five", "six"]);
    expect(result.restarts).toBe(1);
  }, 60_000);

  it("with two readers: each page being read is named (one per reader), every other page is read, in page order", async () => {
    const result = await read(2);
    const named = result.pages.flatMap((page, index) => (killed.test(String(page)) ? [index] : []));
    expect(named.length).toBeGreaterThanOrEqual(1);
    expect(named.length).toBeLessThanOrEqual(2);
    expect(result.restarts).toBe(named.length);
    expect(result.pages).toEqual(texts.map((text, index) => (named.includes(index) ? expect.stringMatching(killed) : text)));
  }, 60_000);
});

describe("PdfWorkerSession", () => {
  it("answers queued pages in order; a page killed at its bound fails and the pages behind it come back unread", async () => {
    const opened = await PdfWorkerSession.open({ bytes: read("tracemonkey.pdf"), timeoutMs: 30_000, limits: DEFAULT_PDF_LIMITS });
    if (!opened.ok) throw new Error("tracemonkey.pdf did not open");
    const outcomes = await Promise.all([1, 2, 3].map((pageNumber) => opened.session.readPage(pageNumber, 30_000)));
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.page.pageNumber : 0))).toEqual([1, 2, 3]);
    await opened.session.close();

    // The bound runs on the test's clock: 1 s passes the moment the page is being read.
    const clock = manualClock();
    const bomb = await PdfWorkerSession.open({ bytes: read("bomb_giant.pdf"), timeoutMs: 30_000, limits: DEFAULT_PDF_LIMITS, clock });
    if (!bomb.ok) throw new Error("bomb_giant.pdf did not open");
    const both = Promise.all([bomb.session.readPage(1, 1_000), bomb.session.readPage(1, 1_000)]);
    await clock.whenWaiting((ms) => ms === 1_000);
    expect(clock.waiting()).toEqual([1_000]);
    clock.advance(1_000);
    const [first, second] = await both;
    expect(first).toEqual({ ok: false, failure: { kind: "timeout", message: "took longer than 1 s" } });
    expect(second).toEqual({ ok: false, unread: true });
    expect(bomb.session.alive).toBe(false);
    await bomb.session.close();
  }, 60_000);
});
