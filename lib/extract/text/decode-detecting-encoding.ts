/** The encodings a text upload is read in; the name is kept in the document's meta. */
export type TextEncodingName = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "gb18030" | "big5" | "shift_jis" | "euc-kr" | "windows-1252";

export type DecodeResult = { ok: true; text: string; encoding: TextEncodingName; warning?: string } | { ok: false; reason: string };

/**
 * Turns uploaded bytes into text, detecting the encoding: a byte-order mark first (UTF-8,
 * UTF-16 LE/BE), then strict UTF-8, then the East Asian legacy encodings Windows tools save
 * (GB18030, Big5, Shift-JIS, EUC-KR: the one whose text reads most like its language, see
 * eastAsianLegacy), then Windows-1252 as the last resort (with a warning). NUL bytes mean binary, except for UTF-16
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
  const legacy = eastAsianLegacy(bytes);
  if (legacy) return checked(legacy.text, legacy.encoding);
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

/**
 * The commonest characters of each language's running text (the top 150 hanzi, the kana, the
 * commonest Hangul syllables: a third or more of running text in each): the
 * measure of which decoding is the real one. Most byte pairs are valid in several of these
 * encodings (Shift-JIS kana and EUC-KR Hangul decode as GB18030 hanzi, and GB18030 hanzi as
 * Hangul), but only the right decoding is full of its language's commonest characters.
 */
const COMMON: Record<"gb18030" | "big5" | "shift_jis" | "euc-kr", string> = {
  gb18030:
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政",
  big5:
    "的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文體政",
  shift_jis:
    "のにはをたがでてとしれさあいうるかこなまもすらっりくつけんよきやめせわおどえろだじそみちほずぐばびぶべぼぱぴぷぺぽゃゅょぁぃぅぇぉアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンーッャュョガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ日本人年大一国中十出会子見自時分上行生事者手前方地内同言間思家私気入東",
  "euc-kr":
    "이다는의에가하고을를한지기서로으사게도어나리대수적일것있시정자그인해들면상아주말우전니보와국만장부요제경라학여제위과동생않내성소문사용중세회리원거도관무부법결민공방세체들부분미없신지계발연분각통개교실저선마화후행금세회때국조합문명방전의정현세기결년그렇서작할수업월관생했습니음것입니다였다했다되는된하는하지한다있는",
};

/** The legacy encoding whose decoding is fullest of its language's commonest characters, if any reads like a language at all. */
function eastAsianLegacy(bytes: Uint8Array): { text: string; encoding: "gb18030" | "big5" | "shift_jis" | "euc-kr" } | undefined {
  let best: { text: string; encoding: "gb18030" | "big5" | "shift_jis" | "euc-kr"; score: number } | undefined;
  // In this order: on a tie (text common to several), GB18030 as before, then Big5.
  for (const encoding of ["gb18030", "big5", "shift_jis", "euc-kr"] as const) {
    const text = tryDecode(encoding, bytes);
    if (text === undefined) continue;
    const common = new Set(COMMON[encoding]);
    let nonAscii = 0;
    let hits = 0;
    for (const char of text) {
      if ((char.codePointAt(0) ?? 0) < 0x80) continue;
      nonAscii += 1;
      if (common.has(char)) hits += 1;
    }
    const score = nonAscii === 0 ? 0 : hits / nonAscii;
    if (!best || score > best.score) best = { text, encoding, score };
  }
  // Below this, nothing reads like running text in any of them (a list of rare names, say).
  return best && best.score >= 0.15 ? { text: best.text, encoding: best.encoding } : undefined;
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
