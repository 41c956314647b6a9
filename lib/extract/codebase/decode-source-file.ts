/**
 * Bytes → text as a developer's editor would show it: UTF-8 (BOM dropped), or UTF-16 when a BOM
 * says so; a NUL byte in the first 8 KB means binary. Line endings become LF so line numbers
 * count the same on every platform. Anything else is skipped with a reason, never guessed at:
 * a wrong guess would put mojibake in front of the model. (Uploaded documents are read by
 * `decodeDetectingEncoding` in lib/extract/text, which does guess: GB18030, then Windows-1252.)
 */
export type DecodedSourceFile = { ok: true; text: string } | { ok: false; reason: string };

const SNIFF_BYTES = 8 * 1024;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function decodeSourceFile(bytes: Uint8Array): DecodedSourceFile {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xff && b1 === 0xfe) return decodeWith("utf-16le", bytes.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return decodeWith("utf-16be", bytes.subarray(2));
  const body = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? bytes.subarray(3) : bytes;
  if (body.subarray(0, SNIFF_BYTES).includes(0)) return { ok: false, reason: "binary file (NUL bytes in its first 8 KB)" };
  try {
    return { ok: true, text: normalizeLineEndings(utf8.decode(body)) };
  } catch {
    return { ok: false, reason: "not valid UTF-8 (a legacy encoding such as Latin-1, Shift-JIS or GBK?): convert it to UTF-8 to include it" };
  }
}

function decodeWith(encoding: "utf-16le" | "utf-16be", body: Uint8Array): DecodedSourceFile {
  try {
    return { ok: true, text: normalizeLineEndings(new TextDecoder(encoding, { fatal: true }).decode(body)) };
  } catch {
    return { ok: false, reason: `not valid ${encoding.toUpperCase()} despite its byte-order mark: damaged or binary` };
  }
}

function normalizeLineEndings(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}
