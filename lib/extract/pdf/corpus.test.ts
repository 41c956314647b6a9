import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../errors";
import type { SourceDocument } from "../types";
import { manualClock } from "./clock";
import { DEFAULT_PDF_LIMITS, extractPdf, type PdfExtractInput } from "./index";

/**
 * The hostile corpus (e2e/fixtures/pdf, from pdf.js' own tests): every file gives text or a
 * clear reason — an AppError with a code, or pages in `skipped` — never a crash or a hang.
 */

const FIXTURES = path.join(process.cwd(), "e2e", "fixtures", "pdf");
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
const SASLPREP_PASSWORD = "S\u00aaSL\u00adprep";

async function extract(name: string, password?: string, limits?: PdfExtractInput["limits"], clock?: PdfExtractInput["clock"]): Promise<SourceDocument> {
  return extractPdf({ bytes: read(name), name, password, limits, clock });
}

async function failure(name: string, password?: string, limits?: PdfExtractInput["limits"], clock?: PdfExtractInput["clock"]): Promise<{ code: string; message: string }> {
  try {
    await extract(name, password, limits, clock);
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`${name} was expected to fail`);
}

const text = (document: SourceDocument) => document.units.map((unit) => unit.text).join("\n");

describe("hostile PDF corpus", () => {
  it("every copied fixture is covered by a test below", () => {
    const covered = [
      "90ms_rksj_h_sample.pdf",
      "ArabicCIDTrueType.pdf",
      "ContentStreamCycleType3insideType3.pdf",
      "GHOSTSCRIPT-698804-1-fuzzed.pdf",
      "Pages-tree-refs.pdf",
      "TAMReview.pdf",
      "XiaoBiaoSong.pdf",
      "bigboundingbox.pdf",
      "bomb_giant.pdf",
      "copy_paste_ligatures.pdf",
      "freeculture.pdf",
      "issue3371.pdf",
      "noembed-eucjp.pdf",
      "noembed-sjis.pdf",
      "saslprep-r6.pdf",
      "scan-bad.pdf",
      "simpletype3font.pdf",
      "text_rise_eol_bug.pdf",
      "tracemonkey.pdf",
      "vertical.pdf",
      "xref_command_missing.pdf",
    ];
    expect(fs.readdirSync(FIXTURES).filter((name) => name.endsWith(".pdf")).sort()).toEqual([...covered].sort());
  });

  it("90ms_rksj_h_sample.pdf: the ASCII line (pdfjs-dist 5.4.530 garbles the font-less Shift-JIS line)", async () => {
    const document = await extract("90ms_rksj_h_sample.pdf");
    expect(text(document)).toContain("Hello ASCII");
  });

  it("ArabicCIDTrueType.pdf: Arabic words in right-to-left order", async () => {
    const document = await extract("ArabicCIDTrueType.pdf");
    expect(text(document)).toMatch(/^\S*\u0627\S*\s/u);
    expect(text(document).split(/\s+/)).toHaveLength(12);
  });

  it("ContentStreamCycleType3insideType3.pdf: a Type3 content-stream cycle does not hang", async () => {
    expect(text(await extract("ContentStreamCycleType3insideType3.pdf"))).toBe("ab");
  });

  it("GHOSTSCRIPT-698804-1-fuzzed.pdf: a fuzzed file with no text says it needs OCR", async () => {
    const error = await failure("GHOSTSCRIPT-698804-1-fuzzed.pdf");
    expect(error.code).toBe("pdf_no_text");
    expect(error.message).toMatch(/OCR/);
  });

  it("Pages-tree-refs.pdf: the looping page is skipped with its reason, the other page kept", async () => {
    const document = await extract("Pages-tree-refs.pdf");
    expect(document.units.map((unit) => unit.label)).toEqual(["p. 1"]);
    expect(text(document)).toContain("Pages loop");
    expect(document.skipped).toEqual([{ label: "p. 2", reason: expect.stringMatching(/circular reference/) }]);
  });

  it("TAMReview.pdf: readable pages kept; pages whose fonts have no Unicode map are named as needing OCR", async () => {
    const document = await extract("TAMReview.pdf");
    expect(document.meta.pageCount).toBe(23);
    expect(document.units[0]?.text).toContain("Overview of the Technology Acceptance Model: Origins, Developments and Future Directions");
    expect(document.units.length + document.skipped.length).toBe(23);
    expect(document.skipped.length).toBeGreaterThan(0);
    for (const unit of document.skipped) expect(unit.reason).toMatch(/unreadable .* needs OCR/);
    for (const unit of document.units) expect(unit.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
  });

  it("XiaoBiaoSong.pdf: Chinese through the bundled CMaps, GBK-as-Latin-1 runs repaired", async () => {
    const document = await extract("XiaoBiaoSong.pdf");
    expect(text(document)).toContain("关于红军作战的原则");
    expect(text(document)).toContain("（一九三七年八月一日）");
    expect(text(document)).not.toMatch(/[\u00C0-\u00FF]{4}/);
  });

  it("bigboundingbox.pdf: an invoice with a huge XObject box", async () => {
    const body = text(await extract("bigboundingbox.pdf"));
    expect(body).toContain("PAYMENT ADVICE");
    expect(body).toContain("INV-0046");
  });

  it("bomb_giant.pdf: a page that never finishes is stopped at its time bound and named", async () => {
    // The bound runs on the test's clock: 3 s pass once the page is being read.
    const clock = manualClock();
    const pending = failure("bomb_giant.pdf", undefined, { pageTimeoutMs: 3_000 }, clock);
    await clock.whenWaiting((ms) => ms === 3_000);
    clock.advance(3_000);
    const error = await pending;
    expect(error.code).toBe("pdf_unreadable");
    expect(error.message).toMatch(/p\. 1: reading it took longer than 3 s/);
  });

  it("copy_paste_ligatures.pdf: ligatures come out as letters", async () => {
    expect(text(await extract("copy_paste_ligatures.pdf"))).toMatch(/^abcde(ff|ﬀ)/);
  });

  it("freeculture.pdf: a 352-page book, running heads removed", async () => {
    const document = await extract("freeculture.pdf");
    expect(document.meta.pageCount).toBe(352);
    expect(document.units.length).toBeGreaterThan(330);
    expect(document.meta.runningLinesRemoved).toEqual(expect.any(Number));
    expect(Number(document.meta.runningLinesRemoved)).toBeGreaterThan(200);
    const page = document.units.find((unit) => unit.text.includes("On December 17, 1903"));
    expect(page?.text.startsWith("INTRODUCTION")).toBe(true);
  }, 120_000);

  it("issue3371.pdf: missing and wrong passwords are named; with it, no text layer", async () => {
    expect(await failure("issue3371.pdf")).toMatchObject({ code: "pdf_password", message: expect.stringMatching(/password-protected: upload it again with its password/) });
    expect(await failure("issue3371.pdf", "wrong")).toMatchObject({ code: "pdf_password", message: expect.stringMatching(/password is not correct/) });
    expect((await failure("issue3371.pdf", "ELXRTQWS")).code).toBe("pdf_no_text");
  });

  it("noembed-eucjp.pdf and noembed-sjis.pdf: Japanese through predefined CMaps", async () => {
    expect(text(await extract("noembed-eucjp.pdf"))).toBe("あいうえお");
    expect(text(await extract("noembed-sjis.pdf"))).toBe("あいうえお");
  });

  it("saslprep-r6.pdf: AES-256 with a Unicode password as typed (SASLprep applied)", async () => {
    expect(text(await extract("saslprep-r6.pdf", SASLPREP_PASSWORD))).toBe("Hello pdf.js world");
    expect((await failure("saslprep-r6.pdf")).code).toBe("pdf_password");
    expect((await failure("saslprep-r6.pdf", "SaSL")).message).toMatch(/not correct/);
  });

  it("scan-bad.pdf: malformed scanner dictionaries still give the text there is", async () => {
    expect(text(await extract("scan-bad.pdf"))).toBe("pdf.js");
  });

  it("simpletype3font.pdf: Type3 font text", async () => {
    expect(text(await extract("simpletype3font.pdf"))).toBe("ababab");
  });

  it("text_rise_eol_bug.pdf: a superscript does not break the line", async () => {
    expect(text(await extract("text_rise_eol_bug.pdf"))).toBe("E = mc2 is the mass-energy equivalence.");
  });

  it("tracemonkey.pdf: two columns read column by column, hyphenated words joined", async () => {
    const document = await extract("tracemonkey.pdf");
    expect(document.units).toHaveLength(14);
    const first = document.units[0]?.text ?? "";
    expect(first.startsWith("Trace-based Just-in-Time Type Specialization for Dynamic Languages")).toBe(true);
    expect(first).toContain("more difficult to compile than statically typed ones");
    const order = ["Abstract", "1. Introduction", "client-side web programming", "and is used for the application logic"].map((needle) => first.indexOf(needle));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("vertical.pdf: vertical Japanese; the two empty pages are skipped as needing OCR", async () => {
    const document = await extract("vertical.pdf");
    expect(text(document)).toBe("あいうえお日本語");
    expect(document.skipped.map((unit) => unit.label)).toEqual(["p. 2", "p. 3"]);
    expect(document.skipped[0]?.reason).toMatch(/no text layer/);
  });

  it("xref_command_missing.pdf: a broken xref table is reconstructed", async () => {
    expect(text(await extract("xref_command_missing.pdf"))).toBe("Reduced test-case");
  });

  it("a truncated download is pdf_corrupt with what to do", async () => {
    const bytes = read("tracemonkey.pdf").slice(0, 400_000);
    await expect(extractPdf({ bytes, name: "cut.pdf" })).rejects.toMatchObject({ code: "pdf_corrupt", status: 422, message: expect.stringMatching(/Download or export it again/) });
  });

  it("a document time bound keeps the pages read and names the ones left", async () => {
    // The bound runs on the test's clock, 100 ms to a page: the document's 1.5 s are up when
    // page 15 is done. Page 16 was already asked for (the reader reads ahead), its time ran out
    // with the document's; it and the pages after it are named, whatever the machine's speed.
    const clock = manualClock();
    const reason = "not read: the document reached its 1.5 s reading limit";
    const document = await extractPdf({ bytes: read("freeculture.pdf"), name: "freeculture.pdf", limits: { documentTimeoutMs: 1_500 }, clock, onProgress: () => clock.advance(100) });
    const outOfTime = document.skipped.filter((unit) => unit.reason === reason);
    expect(outOfTime).toHaveLength(352 - 15);
    expect(outOfTime.at(-1)?.label).toBe("p. 352");
    expect(document.units.length + document.skipped.length - outOfTime.length).toBe(15);
    expect(document.units.length).toBeGreaterThan(5);
  }, 60_000);

  it("reports progress page by page", async () => {
    const seen: number[] = [];
    await extractPdf({ bytes: read("vertical.pdf"), name: "vertical.pdf", onProgress: (progress) => seen.push(progress.done) });
    expect(seen).toEqual([1, 2, 3]);
  });

  it("stops when the caller aborts while a page is being read", async () => {
    const controller = new AbortController();
    const clock = manualClock();
    const pending = extractPdf({ bytes: read("bomb_giant.pdf"), name: "bomb.pdf", signal: controller.signal, clock });
    await clock.whenWaiting((ms) => ms === DEFAULT_PDF_LIMITS.pageTimeoutMs);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });
});
