import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeDetectingEncoding } from "./decode-detecting-encoding";

const SAMPLE = "Hello, 世界 — café\nSecond line";

function utf16(text: string, endian: "le" | "be", bom: boolean): Uint8Array {
  const bytes: number[] = bom ? (endian === "le" ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (endian === "le") bytes.push(unit & 0xff, unit >> 8);
    else bytes.push(unit >> 8, unit & 0xff);
  }
  return Uint8Array.from(bytes);
}

describe("decodeDetectingEncoding", () => {
  it("reads UTF-8", () => {
    expect(decodeDetectingEncoding(new TextEncoder().encode(SAMPLE))).toEqual({ ok: true, text: SAMPLE, encoding: "utf-8" });
  });

  it("reads UTF-8 with a BOM and drops the BOM", () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(SAMPLE)]);
    expect(decodeDetectingEncoding(bytes)).toEqual({ ok: true, text: SAMPLE, encoding: "utf-8-bom" });
  });

  it("reads UTF-16 LE and BE with a BOM", () => {
    expect(decodeDetectingEncoding(utf16(SAMPLE, "le", true))).toEqual({ ok: true, text: SAMPLE, encoding: "utf-16le" });
    expect(decodeDetectingEncoding(utf16(SAMPLE, "be", true))).toEqual({ ok: true, text: SAMPLE, encoding: "utf-16be" });
  });

  it("recognises UTF-16 without a BOM by its zero bytes", () => {
    const text = "Plain ASCII text saved as UTF-16 by an old editor.\n".repeat(4);
    expect(decodeDetectingEncoding(utf16(text, "le", false))).toMatchObject({ ok: true, text, encoding: "utf-16le" });
    expect(decodeDetectingEncoding(utf16(text, "be", false))).toMatchObject({ ok: true, text, encoding: "utf-16be" });
  });

  it("reads GB18030 (GBK) Chinese that is not valid UTF-8", () => {
    // "中文文档：第一章 概述" in GBK, as saved by Windows tools.
    const gbk = Uint8Array.from([0xd6, 0xd0, 0xce, 0xc4, 0xce, 0xc4, 0xb5, 0xb5, 0xa3, 0xba, 0xb5, 0xda, 0xd2, 0xbb, 0xd5, 0xc2, 0x20, 0xb8, 0xc5, 0xca, 0xf6]);
    expect(decodeDetectingEncoding(gbk)).toEqual({ ok: true, text: "中文文档：第一章 概述", encoding: "gb18030" });
  });

  it("falls back to Windows-1252 with a warning", () => {
    const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65, 0x0a]);
    expect(decodeDetectingEncoding(latin1)).toMatchObject({ ok: true, text: "café naïve\n", encoding: "windows-1252", warning: expect.stringMatching(/Windows-1252/) });
  });

  it("calls NUL bytes binary", () => {
    expect(decodeDetectingEncoding(Uint8Array.from([0x7f, 0x45, 0x00, 0x01, 0x02, 0x00, 0x00, 0x10, 0x20]))).toEqual({ ok: false, reason: expect.stringMatching(/binary/) });
  });

  it("calls text that is mostly control characters binary", () => {
    const bytes = Uint8Array.from({ length: 200 }, (_, index) => (index % 3 === 0 ? 0x41 : 0x01 + (index % 20)));
    expect(decodeDetectingEncoding(bytes)).toMatchObject({ ok: false });
  });

  it("refuses UTF-32", () => {
    expect(decodeDetectingEncoding(Uint8Array.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]))).toMatchObject({ ok: false, reason: expect.stringMatching(/UTF-32/) });
  });
});

describe("East Asian legacy encodings", () => {
  const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, "fixtures", name)));
  it.each([
    ["ja-shift_jis.txt", "shift_jis", "吾輩は猫である。"],
    ["ko-euc-kr.txt", "euc-kr", "대한민국은 민주공화국이다."],
    ["zh-hant-big5.txt", "big5", "這是一個關於時間的故事。"],
    ["zh-hans-gb18030.txt", "gb18030", "这是一个关于时间的故事。"],
  ])("%s is read as %s, not as GB18030 mojibake", (name, encoding, start) => {
    const decoded = decodeDetectingEncoding(fixture(name));
    expect(decoded).toMatchObject({ ok: true, encoding });
    expect(decoded.ok && decoded.text.startsWith(start)).toBe(true);
  });
});
