import { describe, expect, it } from "vitest";
import { column, makePdf, type PdfText } from "../../../e2e/fixtures/make-pdf";
import { extractPdf } from "./index";
import { pageLabeler } from "./page-labels";
import { normalize } from "./running-lines";

/** Layout rebuilt from positions, on small PDFs written for each case. */

const left = ["Left column line one of the text", "left column line two of the text", "left column line three of it all", "left column line four of the text", "left column line five of the text", "left column line six ends here."];
const right = ["Right column line one of the text", "right column line two of the text", "right column line three of it all", "right column line four of the text", "right column line five of the text", "right column line six ends here."];

const WORDS = ["alpha", "bravo", "charlie", "delta", "echo"];

/** A page body that differs from page to page in words, not only in numbers. */
function body(text: string, index: number): PdfText[] {
  const word = WORDS[index % WORDS.length] ?? "";
  return column(72, 650, [`${text} ${word} begins with a line long enough to set the right edge of the text`, `and ends with a short line about ${word}.`]);
}

describe("PDF layout", () => {
  it("reads two columns column by column, after a full-width title", async () => {
    const bytes = makePdf([{ texts: [{ x: 72, y: 720, text: "A Title That Spans Both Columns Of The Page", size: 16 }, ...column(72, 680, left), ...column(320, 680, right)] }]);
    const document = await extractPdf({ bytes, name: "columns.pdf" });
    const text = document.units[0]?.text ?? "";
    const positions = ["A Title", "Left column line one", "left column line six", "Right column line one", "right column line six"].map((needle) => text.indexOf(needle));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("removes running headers, footers and page numbers that repeat across pages", async () => {
    const pages = Array.from({ length: 4 }, (_, index) => ({
      texts: [{ x: 72, y: 750, text: "ACME Annual Report 2024", size: 9 }, ...body("Body of page", index), { x: 290, y: 40, text: `Page ${index + 1} of 4`, size: 9 }],
    }));
    const document = await extractPdf({ bytes: makePdf(pages), name: "report.pdf" });
    expect(document.units).toHaveLength(4);
    for (const unit of document.units) {
      expect(unit.text).not.toContain("ACME");
      expect(unit.text).not.toMatch(/Page \d of 4/);
      expect(unit.text).toContain("Body of page");
    }
    expect(document.meta.runningLinesRemoved).toBe(8);
  });

  it("keeps a title page whose words the running header repeats", async () => {
    const pages = [{ texts: [{ x: 200, y: 500, text: "FREE CULTURE", size: 20 }] }, ...Array.from({ length: 4 }, (_, index) => ({ texts: [{ x: 72, y: 750, text: "FREE CULTURE", size: 9 }, ...body("Chapter text", index)] }))];
    const document = await extractPdf({ bytes: makePdf(pages), name: "book.pdf" });
    expect(document.units[0]?.text).toBe("FREE CULTURE");
    expect(document.units.slice(1).every((unit) => !unit.text.includes("FREE CULTURE"))).toBe(true);
  });

  it("joins words hyphenated at a line end, keeps real hyphens inside lines", async () => {
    const lines = ["A well-known example of hyphenation in a justified para-", "graph shows how a word is broken across two of its lines,", "and this line is the last one."];
    const document = await extractPdf({ bytes: makePdf([{ texts: column(72, 700, lines) }]), name: "hyphen.pdf" });
    expect(document.units[0]?.text).toBe("A well-known example of hyphenation in a justified paragraph shows how a word is broken across two of its lines, and this line is the last one.");
  });

  it("separates paragraphs at a larger vertical gap and keeps short lines as lines", async () => {
    const texts = [...column(72, 700, ["First paragraph line that runs long enough to be full width", "ends here."]), ...column(72, 660, ["Second paragraph line that runs long enough to be full width", "and ends.", "A short line", "stays a line."])];
    const document = await extractPdf({ bytes: makePdf([{ texts }]), name: "paragraphs.pdf" });
    expect(document.units[0]?.text).toBe("First paragraph line that runs long enough to be full width ends here.\n\nSecond paragraph line that runs long enough to be full width and ends.\nA short line\nstays a line.");
  });

  it("labels pages with the PDF's page labels", async () => {
    const pages = Array.from({ length: 4 }, (_, index) => ({ texts: [{ x: 72, y: 700, text: `Content of sheet ${index + 1}` }] }));
    const bytes = makePdf(pages, { pageLabels: [{ from: 0, style: "r" }, { from: 2, style: "D" }] });
    const document = await extractPdf({ bytes, name: "labels.pdf" });
    expect(document.units.map((unit) => unit.label)).toEqual(["p. i", "p. ii", "p. 1", "p. 2"]);
    expect(document.meta.pageLabels).toBe("pdf");
  });

  it("reads a page turned by /Rotate in its text's own order", async () => {
    const document = await extractPdf({ bytes: makePdf([{ rotate: 90, texts: column(72, 700, ["First line of a turned page", "second line of it."]) }]), name: "turned.pdf" });
    expect(document.units[0]?.text).toBe("First line of a turned page second line of it.");
  });

  it("a PDF whose pages are all blank is pdf_no_text", async () => {
    await expect(extractPdf({ bytes: makePdf([{ texts: [] }, { texts: [] }]), name: "blank.pdf" })).rejects.toMatchObject({ code: "pdf_no_text", status: 422 });
  });
});

describe("page labels", () => {
  it("falls back to physical numbers and disambiguates repeated labels", () => {
    expect(pageLabeler(3, null).label(2)).toBe("p. 2");
    expect(pageLabeler(3, ["1", "2", "3"]).source).toBe("page-number");
    const repeated = pageLabeler(3, ["A-1", "A-1", "A-2"]);
    expect([1, 2, 3].map(repeated.label)).toEqual(["p. A-1 (page 1 of the file)", "p. A-1 (page 2 of the file)", "p. A-2"]);
  });
});

describe("running line keys", () => {
  it("ignore page numbers, roman numerals, case and spacing", () => {
    expect(normalize("12  FREE CULTURE")).toBe(normalize("14 Free Culture"));
    expect(normalize("xiv PREFACE")).toBe(normalize("xvi preface"));
    expect(normalize("Chapter one")).not.toBe(normalize("Chapter two"));
  });
});
