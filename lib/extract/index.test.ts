import fs from "node:fs";
import path from "node:path";
import { parseConfig } from "../config";
import { codebaseLimits } from "./codebase";
import { describe, expect, it } from "vitest";
import { makePdf } from "../../e2e/fixtures/make-pdf";
import { extractUpload } from "./index";
import { sniffUpload } from "./sniff";

const encode = (text: string) => new TextEncoder().encode(text);

describe("sniffUpload", () => {
  it("goes by content first, then by name", () => {
    expect(sniffUpload(encode("%PDF-1.7\n..."), "notes.txt")).toEqual({ kind: "pdf" });
    expect(sniffUpload(encode("junk before %PDF-1.4"), "x")).toEqual({ kind: "pdf" });
    expect(sniffUpload(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14]), "repo.zip")).toEqual({ kind: "archive", format: "zip" });
    expect(sniffUpload(Uint8Array.from([0x1f, 0x8b, 0x08]), "repo.tar.gz")).toEqual({ kind: "archive", format: "tar.gz" });
    expect(sniffUpload(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]), "report.docx")).toMatchObject({ kind: "binary", what: expect.stringMatching(/Word document/) });
    expect(sniffUpload(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), "scan.png")).toMatchObject({ kind: "binary", what: "a PNG image" });
    expect(sniffUpload(encode("<html>Not found</html>"), "paper.pdf")).toEqual({ kind: "not-pdf" });
    expect(sniffUpload(encode("plain words"), "notes")).toEqual({ kind: "text" });
  });
});

describe("extractUpload", () => {
  it("extracts a PDF even when it is named like text", async () => {
    const document = await extractUpload({ bytes: makePdf([{ texts: [{ x: 72, y: 700, text: "Inside a PDF" }] }]), filename: "misnamed.txt" });
    expect(document).toMatchObject({ kind: "pdf", units: [{ kind: "page", label: "p. 1", text: "Inside a PDF" }] });
  });

  it("extracts text and reports progress", async () => {
    const progress: unknown[] = [];
    const document = await extractUpload({ bytes: encode("hello\n"), filename: "a.txt", onProgress: (value) => progress.push(value) });
    expect(document.units).toEqual([{ kind: "section", label: "line 1", text: "hello\n", tokens: 2 }]);
    expect(progress).toEqual([{ done: 1, total: 1, unit: "file" }]);
  });

  it("passes the password to PDFs", async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(process.cwd(), "e2e", "fixtures", "pdf", "saslprep-r6.pdf")));
    await expect(extractUpload({ bytes, filename: "locked.pdf" })).rejects.toMatchObject({ code: "pdf_password", status: 422 });
    await expect(extractUpload({ bytes, filename: "locked.pdf", password: "S\u00aaSL\u00adprep" })).resolves.toMatchObject({ units: [{ text: "Hello pdf.js world" }] });
  });

  it("answers 415 for images, office files and unknown binaries, naming what is accepted", async () => {
    for (const [bytes, filename] of [
      [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "scan.png"],
      [Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), "report.docx"],
      [Uint8Array.from([1, 2, 0, 0, 3]), "blob.dat"],
    ] as const) {
      await expect(extractUpload({ bytes, filename })).rejects.toMatchObject({ status: 415, code: "unsupported_format", message: expect.stringMatching(/Accepted: PDF/) });
    }
  });

  it("reads a .zip as a codebase, and says a damaged one is damaged", async () => {
    await expect(extractUpload({ bytes: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), filename: "repo.zip", codebaseLimits: codebaseLimits(parseConfig({})) })).rejects.toMatchObject({
      status: 422,
      code: "archive_corrupt",
    });
  });

  it("answers 422 pdf_corrupt for a .pdf that is not a PDF", async () => {
    await expect(extractUpload({ bytes: encode("<html>404</html>"), filename: "paper.pdf" })).rejects.toMatchObject({ status: 422, code: "pdf_corrupt", message: expect.stringMatching(/is not a PDF/) });
  });
});
