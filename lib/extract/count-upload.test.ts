import { describe, expect, it } from "vitest";
import { makePdf } from "../../e2e/fixtures/make-pdf";
import { countTokens } from "../tokens";
import { countUpload } from "./count-upload";

describe("countUpload", () => {
  it("counts a text file exactly as decoded: CRLF, trailing spaces and blank lines included", async () => {
    const text = "# Title\r\n\r\nSome words   \r\n\r\n\r\n## Next\r\nmore\tthings\r\n";
    const count = await countUpload({ bytes: new TextEncoder().encode(text), filename: "doc.md" });
    expect(count.tokens).toBe(countTokens(text));
    expect(count.units.map((unit) => unit.label)).toEqual(["Title", "Title > Next"]);
  });

  it("counts the text without its byte-order mark, in any supported encoding", async () => {
    const text = "第一章\n中文与 English mixed.\n";
    const utf16 = [0xff, 0xfe];
    for (let index = 0; index < text.length; index += 1) utf16.push(text.charCodeAt(index) & 0xff, text.charCodeAt(index) >> 8);
    const count = await countUpload({ bytes: Uint8Array.from(utf16), filename: "zh.txt" });
    expect(count.tokens).toBe(countTokens(text));
    expect(count.meta.encoding).toBe("utf-16le");
  });

  it("counts a PDF as the sum of its pages", async () => {
    const count = await countUpload({ bytes: makePdf([{ texts: [{ x: 72, y: 700, text: "One page" }] }, { texts: [{ x: 72, y: 700, text: "Another page" }] }]), filename: "two.pdf" });
    expect(count.tokens).toBe(countTokens("One page") + countTokens("Another page"));
    expect(count.units).toEqual([
      { label: "p. 1", tokens: countTokens("One page") },
      { label: "p. 2", tokens: countTokens("Another page") },
    ]);
  });
});
