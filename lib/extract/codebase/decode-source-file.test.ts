import { describe, expect, it } from "vitest";
import { decodeDetectingEncoding } from "../text/decode-detecting-encoding";
import { decodeSourceFile } from "./decode-source-file";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("decodeSourceFile", () => {
  it("reads UTF-8 with its BOM dropped and line endings made LF", () => {
    expect(decodeSourceFile(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8("a\r\nb\rc\n")]))).toEqual({ ok: true, text: "a\nb\nc\n" });
  });

  it("reads UTF-16 only when a byte-order mark says so", () => {
    const le = Uint8Array.from([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00, 0x0d, 0x00, 0x0a, 0x00]);
    expect(decodeSourceFile(le)).toEqual({ ok: true, text: "hi\n" });
    expect(decodeSourceFile(le.subarray(2))).toEqual({ ok: false, reason: expect.stringMatching(/^binary file/) });
  });

  it("skips a legacy encoding that an uploaded document would be guessed in", () => {
    const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]);
    expect(decodeDetectingEncoding(latin1)).toMatchObject({ ok: true, text: "café\n", encoding: "windows-1252" });
    expect(decodeSourceFile(latin1)).toEqual({ ok: false, reason: expect.stringMatching(/^not valid UTF-8/) });
  });
});
