/** The encodings a text upload is read in; the name is kept in the document's meta. */
export type TextEncodingName = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "gb18030" | "windows-1252";

export type DecodeResult = { ok: true; text: string; encoding: TextEncodingName; warning?: string } | { ok: false; reason: string };

/**
 * Turns uploaded bytes into text, detecting the encoding: a byte-order mark first (UTF-8,
 * UTF-16 LE/BE), then strict UTF-8, then GB18030 for Chinese files saved by Windows tools, then
 * Windows-1252 as the last resort (with a warning). NUL bytes mean binary, except for UTF-16
 * without a BOM, recognised by its pattern of zero bytes. The BOM is not part of the text.
 * (A codebase's files are read by `decodeSourceFile`, which never guesses: UTF-8 or a BOM.)
 */
export function decodeDetectingEncoding(bytes: Uint8Array): DecodeResult {
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) return { ok: false, reason: "UTF-32 text (save it as UTF-8)" };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return checked(new TextDecoder("utf-8").decode(bytes), "utf-8-bom");
  if (startsWith(bytes, [0xff, 0xfe])) return checked(new TextDecoder("utf-16le").decode(bytes), "utf-16le");
  if (startsWith(bytes, [0xfe, 0xff])) return checked(new TextDecoder("utf-16be").decode(bytes), "utf-16be");
  if (bytes.includes(0)) {
    const utf16 = bomlessUtf16(bytes);
    if (utf16) return checked(new TextDecoder(utf16).decode(bytes), utf16);
    return { ok: false, reason: "binary data (it contains NUL bytes)" };
  }
  const utf8 = tryDecode("utf-8", bytes);
  if (utf8 !== undefined) return checked(utf8, "utf-8");
  const gb18030 = tryDecode("gb18030", bytes);
  if (gb18030 !== undefined && mostlyCjk(gb18030)) return checked(gb18030, "gb18030");
  return checked(new TextDecoder("windows-1252").decode(bytes), "windows-1252", "The file is neither UTF-8 nor GB18030; it was read as Windows-1252 (Western European). Save it as UTF-8 if characters look wrong.");
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function tryDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** UTF-16 without a BOM: in ASCII-heavy text every other byte is zero, on one side only. */
function bomlessUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (bytes.length % 2 !== 0) return undefined;
  const sample = bytes.subarray(0, Math.min(bytes.length, 8192));
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < sample.length; index += 1) {
    if (sample[index] !== 0) continue;
    if (index % 2 === 0) evenZeros += 1;
    else oddZeros += 1;
  }
  const pairs = sample.length / 2;
  if (oddZeros > 0.4 * pairs && evenZeros < 0.02 * pairs) return "utf-16le";
  if (evenZeros > 0.4 * pairs && oddZeros < 0.02 * pairs) return "utf-16be";
  return undefined;
}

/** GB18030 accepts many byte pairs; real Chinese text decodes to CJK, mojibake does not. */
function mostlyCjk(text: string): boolean {
  let nonAscii = 0;
  let cjk = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) continue;
    nonAscii += 1;
    if ((code >= 0x2e80 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef) || (code >= 0x20000 && code <= 0x3134f)) cjk += 1;
  }
  return nonAscii > 0 && cjk >= 0.7 * nonAscii;
}

/** Decoded text that is mostly control characters or U+FFFD is binary after all. */
function checked(text: string, encoding: TextEncodingName, warning?: string): DecodeResult {
  const sample = text.slice(0, 65_536);
  let bad = 0;
  for (const char of sample) {
    if (/[\u0000-\u0008\u000E-\u001A\u001C-\u001F\uFFFD]/.test(char)) bad += 1;
  }
  if (sample.length > 0 && bad > 0.1 * sample.length) return { ok: false, reason: "binary data (it is mostly control characters)" };
  return warning === undefined ? { ok: true, text, encoding } : { ok: true, text, encoding, warning };
}
