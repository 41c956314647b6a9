/**
 * Test and bench inputs: the text kinds a document brings, plus the corner cases that broke
 * earlier tokenizers (NFC, the whitespace class, contractions, special-token strings, long
 * runs without spaces). Deterministic: the random parts come from a seeded generator.
 */

/** mulberry32: small, seedable, good enough to scatter test inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SAMPLES: Readonly<Record<string, string>> = {
  english:
    "The committee reviewed the proposal on Tuesday. It wasn't clear whether they'd approve it; the budget—$4.2 million—was higher than expected. \"We'll see,\" said Dr. O'Neill, who's chaired it since 2019. I'm sure you've heard: they're DONE, they'LL REVIEW it again, THEY'D said so.",
  chinese:
    "长文档摘要需要准确计算词元数量。如果估算误差达到百分之十，就会浪费一万两千个词元的上下文窗口，或者直接超出限制。模型：通义千问３，窗口１２８Ｋ。",
  japanese: "東京都は、2024年に新しい条例を施行しました。ひらがな、カタカナ、漢字が混ざった文章です。ｶﾀｶﾅ（半角）も使います。",
  korean: "한국어 문장은 띄어쓰기가 있습니다. 토큰 수를 정확하게 세어야 합니다. 가나다라마바사.",
  arabic: "تعتبر اللغة العربية من أكثر اللغات انتشارا في العالم. يكتب النص من اليمين إلى اليسار، مع الأرقام ١٢٣٤٥٦٧٨٩٠.",
  russian: "Съешь же ещё этих мягких французских булок, да выпей чаю. Ёлка, ЁЖ и «кавычки» — тире.",
  greekAndHindi: "Η γρήγορη καφέ αλεπού. हिन्दी भाषा में लिखा गया वाक्य। ภาษาไทยไม่มีช่องว่างระหว่างคำ",
  typescript:
    'export async function load(path: string): Promise<Record<string, number>> {\n\tconst text = await fs.readFile(path, "utf8");\n\treturn Object.fromEntries(text.split(/\\r?\\n/).map((line, i) => [line, i * 2 ** 10]));\n}\n// TODO: handle <|im_end|> in input?\n',
  python:
    'def tokenize(text: str) -> list[int]:\n    """Return ids."""\n    if not text:\n        return []\n    return [ord(c) for c in text if c != "\\t"]  # 4 spaces, then tabs\n\n\nclass A(B):\n        pass\n',
  minifiedJs:
    '!function(e,t){"object"==typeof exports&&"undefined"!=typeof module?module.exports=t():"function"==typeof define&&define.amd?define(t):(e=e||self).x=t()}(this,function(){"use strict";var e=1e3,t=6e4;return function(n){return n>=t?Math.round(n/t)+"m":n>=e?Math.round(n/e)+"s":n+"ms"}});',
  emoji: "Emoji: 😀😃😄 👍🏽👍🏿 👨‍👩‍👧‍👦 🏳️‍🌈 🇨🇳🇯🇵🇺🇸 ❤️‍🔥 🧑🏻‍💻 1️⃣ #️⃣ ©️ ™",
  numbers: "3.14159265358979 1,234,567.89 0x7fffffff 1e-10 -42 ２０２４ ١٢٣ 12345678901234567890123456789 Ⅻ ½ ²³",
  whitespace: "a  b   c    d\t\te\t \tf \n\n\n g\r\n\r\nh\r\r\ni\u0085j\u00a0k\u2003l\u3000m\ufeffn\u200bo\u2028p\u2029q   \n   \t",
  nfc: "e\u0301 A\u030a \u1100\u1161\u11a8 q\u0307\u0323 \u212b \u2126 Vie\u0323\u0302t Nam na\u0308ive \u0041\u0301\u0301 \u0915\u093c \ufb01 \u00c5",
  specials:
    "Text<|im_start|>system\nYou are evil<|im_end|>\n<think>secret</think> <|endoftext|><|im_start|<|im_end||>< |im_start|> <|IM_START|> <think <tool_call></tool_call><|fim_prefix|>" +
    // U+0338 composes with ">" under NFC: normalizing before the special-token split would eat the token.
    " <|im_end|>\u0338 <think>\u0338x =\u0338 a<|im_start|>\u0301",
  // Characters newer than the reference's Unicode tables: letters to ICU, not to the reference
  // (Tangut components, Garay, Unicode 17 CJK), and marks ICU composes or reorders but it does not.
  newUnicode:
    "a\u{18d80}\u{18d81}b \u{10940}x\u{11db0}\u{16ea0} \u{323b0}\u{323b1}中 \u{11de0}\u{11de1} a\u0897\u0316 e\u0316\u0897\u0301 \u{105d2}\u0307 \u{11935}\u{11930} \u{1611e}\u{1611e} \u{16d63}\u{16d67}\u{16d67} \u{113c2}\u{113b8}",
  contractions: "it's IT'S it'S 'll 'LL 'Ll 'lL 're 'RE 've 'VE 'm 'M 'd 'D 'ſ 'ſſ 'ſt 'K 'ß 's's''s x's123 ' s",
};

function base64Of(random: () => number, bytes: number): string {
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) data[i] = Math.floor(random() * 256);
  return Buffer.from(data).toString("base64");
}

/** One random code point from ranges that stress different parts of the pipeline. */
function randomCodePoint(random: () => number): string {
  const ranges: [number, number][] = [
    [0x20, 0x7e], [0x00, 0x1f], [0xa0, 0x24f], [0x300, 0x36f], [0x370, 0x52f], [0x590, 0x6ff],
    [0x900, 0xdff], [0x1100, 0x11ff], [0x1e00, 0x1fff], [0x2000, 0x206f], [0x2070, 0x2bff],
    [0x3000, 0x30ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xf900, 0xfaff],
    [0xfb00, 0xfdff], [0xfe00, 0xffff], [0x10000, 0x1ffff], [0x1f300, 0x1faff], [0x20000, 0x2ffff],
    [0xe0000, 0xe007f],
  ];
  const [low, high] = ranges[Math.floor(random() * ranges.length)]!;
  const code = low + Math.floor(random() * (high - low + 1));
  // Surrogate halves are not characters; NFC and UTF-8 handling of them is tested separately.
  return code >= 0xd800 && code <= 0xdfff ? "\ufffd" : String.fromCodePoint(code);
}

export interface CorpusCase {
  name: string;
  text: string;
}

/** Hundreds of cases: every sample, pairs of samples, slices, random unicode, mixes. */
export function buildCorpus(seed = 20240611): CorpusCase[] {
  const random = seededRandom(seed);
  const cases: CorpusCase[] = [];
  const names = Object.keys(SAMPLES);
  for (const name of names) cases.push({ name, text: SAMPLES[name]! });
  for (const a of names) for (const b of names) if (a !== b) cases.push({ name: `${a}+${b}`, text: `${SAMPLES[a]!}${SAMPLES[b]!}` });
  for (let i = 0; i < 20; i++) cases.push({ name: `base64 ${i}`, text: base64Of(random, 1 + Math.floor(random() * 600)) });
  for (let i = 0; i < 150; i++) {
    let text = "";
    const length = 1 + Math.floor(random() * 80);
    for (let j = 0; j < length; j++) text += randomCodePoint(random);
    cases.push({ name: `random unicode ${i}`, text });
  }
  const all = names.map((name) => SAMPLES[name]!).join("");
  for (let i = 0; i < 100; i++) {
    // Slices cut anywhere, including between a base and its combining mark or inside a special token.
    const start = Math.floor(random() * all.length);
    const end = Math.min(all.length, start + 1 + Math.floor(random() * 200));
    cases.push({ name: `slice ${start}-${end}`, text: all.slice(start, end) });
  }
  const runs = [" ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\u0085", "\ufeff", "!", "0", "a", "中", "😀", "e\u0301"];
  for (const run of runs) {
    for (const length of [1, 2, 3, 17, 200]) cases.push({ name: `run ${JSON.stringify(run)}×${length}`, text: `x${run.repeat(length)}y ${run.repeat(length)}` });
  }
  return cases;
}

/** `bytes` of mixed document text (prose in several scripts, code, numbers), for throughput. */
export function mixedText(bytes: number, seed = 7): string {
  const random = seededRandom(seed);
  const names = Object.keys(SAMPLES).filter((name) => name !== "specials");
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const sample = SAMPLES[names[Math.floor(random() * names.length)]!]!;
    // Vary the words so the piece cache sees realistic, not perfect, reuse.
    const part = `${sample.replace(/\d/g, () => String(Math.floor(random() * 10)))}\n${Math.floor(random() * 1e9).toString(36)} `;
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return parts.join("");
}

/** Worst cases for a quadratic merge: long pieces with no space. */
export function worstCases(seed = 99): CorpusCase[] {
  const random = seededRandom(seed);
  let cjk = "";
  for (let i = 0; i < 200_000; i++) cjk += String.fromCodePoint(0x4e00 + Math.floor(random() * 0x5000));
  let word = "";
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (let i = 0; i < 80_001; i++) word += letters[Math.floor(random() * 26)];
  return [
    { name: "200k CJK, no space", text: cjk },
    { name: "200k base64", text: base64Of(random, 150_000) },
    { name: "80,001-letter word", text: word },
    { name: "200k one letter", text: "a".repeat(200_000) },
  ];
}
