import { describe, expect, it } from "vitest";
import { countTokens } from "../../tokens";
import { extractText } from "./index";

const encode = (text: string) => new TextEncoder().encode(text);

describe("extractText", () => {
  it("reads Markdown by headings and records the encoding", async () => {
    const document = await extractText({ bytes: encode("# Title\r\nIntro.\r\n\r\n## Part\r\nBody.\r\n"), name: "notes.md" });
    expect(document.kind).toBe("text");
    expect(document.units.map((unit) => [unit.kind, unit.label, unit.text])).toEqual([
      ["section", "Title", "# Title\nIntro.\n\n"],
      ["section", "Title > Part", "## Part\nBody.\n"],
    ]);
    expect(document.totalTokens).toBe(document.units.reduce((sum, unit) => sum + unit.tokens, 0));
    for (const unit of document.units) expect(unit.tokens).toBe(countTokens(unit.text));
    expect(document.meta).toMatchObject({ encoding: "utf-8", format: "markdown", lineCount: 5 });
  });

  it("reads a plain file by line ranges, even with # comments", async () => {
    const document = await extractText({ bytes: encode("# a comment\nvalue = 1\n\n# another\nvalue = 2\n"), name: "settings.conf" });
    expect(document.meta.format).toBe("plain");
    expect(document.units.map((unit) => unit.label)).toEqual(["lines 1–5"]);
  });

  it("treats an extension-less README with headings as Markdown", async () => {
    const document = await extractText({ bytes: encode("# Project\nAbout.\n\n## Build\nmake\n"), name: "README" });
    expect(document.units.map((unit) => unit.label)).toEqual(["Project", "Project > Build"]);
  });

  it("refuses binary content with 415 and what is accepted", async () => {
    await expect(extractText({ bytes: Uint8Array.from([0x41, 0x00, 0x42, 0x00, 0x00, 0x00, 0x43]), name: "data.bin" })).rejects.toThrow(expect.objectContaining({ status: 415, code: "unsupported_format", message: expect.stringMatching(/Accepted: PDF/) }));
  });

  it("refuses an empty file with 422", async () => {
    await expect(extractText({ bytes: encode(" \n\n"), name: "empty.txt" })).rejects.toThrow(expect.objectContaining({ status: 422, code: "empty_file" }));
  });
});
