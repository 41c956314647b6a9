import type { ReferenceTokenizer } from "./reference-tokenizer";

/**
 * Asks the reference tokenizer which characters it treats as letters, numbers and whitespace,
 * and which characters its NFC does not know, by probing every code point. Run by
 * scripts/build-qwen3-ranks.ts; the result is lib/tokens/reference-unicode.ts.
 *
 * Why: the reference's regex engine (Oniguruma) and NFC tables (an old unicode-normalization
 * fork) are older Unicode versions than Node's ICU (Unicode 17 in Node 20.20). Characters added
 * since are letters to `\p{L}` but punctuation to the reference, and `String.normalize`
 * composes and reorders marks the reference leaves alone. Explicit classes make the split
 * independent of the JavaScript engine's Unicode version, browser included.
 */
export interface ReferenceUnicodeClasses {
  letters: [number, number][];
  numbers: [number, number][];
  whitespace: [number, number][];
  /** `\p{L}` / `\p{N}` of the engine that ran the probe, minus / plus these, equal the reference's. */
  engineOnlyLetters: [number, number][];
  referenceOnlyLetters: [number, number][];
  engineOnlyNumbers: [number, number][];
  referenceOnlyNumbers: [number, number][];
  /** `process.versions.unicode` of that engine: the differences above hold for it. */
  engineUnicodeVersion: string;
  /** Characters the reference's NFC treats as unknown (a starter that never combines) while ICU does not. */
  nfcOpaque: [number, number][];
}

const BATCH = 4000;

function isProbeable(code: number): boolean {
  return !(code >= 0xd800 && code <= 0xdfff) && code !== 0x0a && code !== 0x0d;
}

function toRanges(codes: number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const code of codes) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  return ranges;
}

export function deriveUnicodeClasses(reference: ReferenceTokenizer): ReferenceUnicodeClasses {
  const codes: number[] = [];
  for (let code = 0; code <= 0x10ffff; code++) if (isProbeable(code)) codes.push(code);

  // "aXXa\n" splits four distinguishable ways:
  //   letter "aXXa" | number "a","X","X","a" | whitespace "a","X","Xa" | other "a","XX","a".
  const letters: number[] = [];
  const numbers: number[] = [];
  const whitespace: number[] = [0x0a, 0x0d];
  for (let i = 0; i < codes.length; i += BATCH) {
    const batch = codes.slice(i, i + BATCH);
    const pieces = reference.pieces(batch.map((code) => `a${String.fromCodePoint(code)}${String.fromCodePoint(code)}a\n`).join(""));
    let at = 0;
    for (const code of batch) {
      const x = String.fromCodePoint(code);
      const next = (expected: string[]) => JSON.stringify(pieces.slice(at, at + expected.length)) === JSON.stringify(expected);
      if (next([`a${x}${x}a`, "\n"])) {
        letters.push(code);
        at += 2;
      } else if (next(["a", x, x, "a", "\n"])) {
        numbers.push(code);
        at += 5;
      } else if (next(["a", x, `${x}a`, "\n"])) {
        whitespace.push(code);
        at += 4;
      } else if (next(["a", `${x}${x}`, "a", "\n"])) {
        at += 4;
      } else {
        throw new Error(`Cannot classify U+${code.toString(16)} from the reference's pieces ${JSON.stringify(pieces.slice(at, at + 5))}`);
      }
    }
  }

  const letterSet = new Set(letters);
  const numberSet = new Set(numbers);
  const engineLetter = /\p{L}/u;
  const engineNumber = /\p{N}/u;
  const differences = (set: Set<number>, engine: RegExp, engineHas: boolean) =>
    toRanges(codes.filter((code) => engine.test(String.fromCodePoint(code)) === engineHas && set.has(code) !== engineHas));

  return {
    letters: toRanges(letters),
    numbers: toRanges(numbers),
    engineOnlyLetters: differences(letterSet, engineLetter, true),
    referenceOnlyLetters: differences(letterSet, engineLetter, false),
    engineOnlyNumbers: differences(numberSet, engineNumber, true),
    referenceOnlyNumbers: differences(numberSet, engineNumber, false),
    engineUnicodeVersion: process.versions.unicode ?? "unknown",
    whitespace: toRanges(whitespace.sort((a, b) => a - b)),
    nfcOpaque: toRanges(nfcOpaqueCodes(reference, codes)),
  };
}

/**
 * Code points ICU gives normalization behaviour the reference lacks. Stability rules say an
 * assigned character's decomposition and combining class never change, so every difference
 * comes from a character the reference's tables do not have: to them it is a starter that
 * neither decomposes nor composes. Cutting the text around such a character and normalizing
 * the parts on their own reproduces exactly that.
 */
function nfcOpaqueCodes(reference: ReferenceTokenizer, codes: number[]): number[] {
  const opaque = new Set<number>();
  const nonAscii = codes.filter((code) => code >= 0x80);
  for (let i = 0; i < nonAscii.length; i += BATCH) {
    const batch = nonAscii.slice(i, i + BATCH);
    // X after U+0301 (class 230) moves iff 0 < class(X) < 230; U+0334 (class 1) after X moves iff class(X) > 1.
    // Probes are joined with "\n": NFC never acts across an ASCII character, so one call per batch.
    const probes = batch.flatMap((code) => {
      const x = String.fromCodePoint(code);
      return [x, `\u0301${x}`, `${x}\u0334`];
    });
    const ours = probes.map((probe) => probe.normalize("NFC"));
    const theirs = reference.nfc(probes.join("\n")).split("\n");
    batch.forEach((code, k) => {
      const moves = [0, 1, 2].some((j) => ours[3 * k + j] !== probes[3 * k + j]);
      if (moves && [0, 1, 2].some((j) => ours[3 * k + j] !== theirs[3 * k + j])) opaque.add(code);
    });
  }

  // Compositions ICU knows and the reference does not: the characters of the decomposition
  // that take part in no composition the reference does know are the unknown ones.
  const composing = new Set<number>();
  const unknownCompositions: string[] = [];
  for (const code of nonAscii) {
    const decomposed = String.fromCodePoint(code).normalize("NFD");
    if (decomposed.length === 0 || decomposed === String.fromCodePoint(code)) continue;
    if (reference.nfc(decomposed) === decomposed.normalize("NFC")) {
      for (const part of decomposed) composing.add(part.codePointAt(0)!);
    } else {
      unknownCompositions.push(decomposed);
    }
  }
  for (const decomposed of unknownCompositions) {
    for (const part of decomposed) {
      const code = part.codePointAt(0)!;
      if (!composing.has(code)) opaque.add(code);
    }
  }
  return [...opaque].sort((a, b) => a - b);
}

/** A regex character-class body (no brackets) for `u`-flag patterns. */
export function classBody(ranges: readonly (readonly [number, number])[]): string {
  const escape = (code: number) => `\\u{${code.toString(16)}}`;
  return ranges.map(([low, high]) => (low === high ? escape(low) : `${escape(low)}-${escape(high)}`)).join("");
}
