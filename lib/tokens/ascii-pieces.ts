/**
 * The pre-tokenizer's split (pre-tokenizer.ts) for text that is ASCII where the split is decided,
 * without the regex. Source code is nearly all ASCII, and V8's regex with Unicode property
 * classes was the largest single cost of counting it after the piece lookup. Where a decision
 * looks at a character past U+007F (a letter run that may go on in "é", whitespace that may be
 * U+00A0, an apostrophe before "ſ"), this returns -1 and the caller runs the regex from the same
 * place, so every split is the regex's. ascii-pieces.test.ts compares both on random text.
 * What it saves on source code: docs/benchmarks/README.md (tokens).
 *
 * The regex, for reference (alternatives tried in this order, each greedy):
 *   1 '(?:[sSſ]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])
 *   2 [^\r\n\p{L}\p{N}]?\p{L}+
 *   3 \p{N}
 *   4  ?[^\s\p{L}\p{N}]+[\r\n]*
 *   5 \s*[\r\n]+
 *   6 \s+(?!\S)
 *   7 \s+
 * In ASCII, \p{L} is A–Z a–z, \p{N} is 0–9 and the reference's \s is \t \n \v \f \r and space
 * (the table below is built from the reference's classes all the same).
 */

import { REFERENCE_LETTERS, REFERENCE_NUMBERS, REFERENCE_WHITESPACE } from "./reference-unicode";

const LETTER = 1;
const DIGIT = 2;
/** Whitespace other than CR and LF. */
const SPACE = 3;
/** CR or LF. */
const NEWLINE = 4;
const OTHER = 5;

/** The kind of each ASCII character, from the reference's own classes (reference-unicode.ts). */
const KIND = new Uint8Array(128);
{
  const letter = new RegExp(`[${REFERENCE_LETTERS}]`, "u");
  const digit = new RegExp(`[${REFERENCE_NUMBERS}]`, "u");
  const space = new RegExp(`[${REFERENCE_WHITESPACE}]`, "u");
  for (let code = 0; code < 128; code++) {
    const char = String.fromCharCode(code);
    KIND[code] = letter.test(char) ? LETTER : digit.test(char) ? DIGIT : code === 0x0a || code === 0x0d ? NEWLINE : space.test(char) ? SPACE : OTHER;
  }
}

/** Kind of the character at `index`: 0 past the end, -1 past ASCII. */
function kindAt(text: string, index: number): number {
  if (index >= text.length) return 0;
  const code = text.charCodeAt(index);
  return code < 128 ? KIND[code]! : -1;
}

/** End of the letter run starting at `index`, or -1 if it reaches a character past ASCII. */
function lettersEnd(text: string, index: number): number {
  let at = index;
  for (;;) {
    const kind = kindAt(text, at);
    if (kind === LETTER) at++;
    else return kind === -1 ? -1 : at;
  }
}

const lower = (code: number) => code | 0x20;

/** Length of a contraction after the apostrophe at `index` (alternative 1), 0 if none, -1 if undecidable. */
function contraction(text: string, index: number): number {
  if (index + 1 >= text.length) return 0;
  const next = text.charCodeAt(index + 1);
  if (next >= 128) return -1; // ſ (U+017F) folds to s
  const first = lower(next);
  if (first === 0x73 || first === 0x74 || first === 0x6d || first === 0x64) return 2; // s t m d
  if (index + 2 >= text.length) return 0;
  const second = lower(text.charCodeAt(index + 2));
  if ((first === 0x72 || first === 0x76) && second === 0x65) return 3; // re ve
  if (first === 0x6c && second === 0x6c) return 3; // ll
  return 0;
}

/** End of the piece starting at `start` (start < text.length), or -1 when the regex must decide. */
export function asciiPieceEnd(text: string, start: number): number {
  const kind = kindAt(text, start);
  if (kind === -1) return -1;
  if (kind === LETTER) return lettersEnd(text, start);
  if (kind === DIGIT) return start + 1;
  const next = kindAt(text, start + 1);
  if (text.charCodeAt(start) === 0x27) {
    const length = contraction(text, start);
    if (length === -1) return -1;
    if (length > 0) return start + length;
  }
  if (kind === OTHER || kind === SPACE) {
    // 2: one character that is not CR, LF, a letter or a digit, then letters.
    if (next === -1) return -1;
    if (next === LETTER) return lettersEnd(text, start + 1);
  }
  if (kind === OTHER || (kind === SPACE && text.charCodeAt(start) === 0x20 && next === OTHER)) {
    // 4: an optional space, then characters that are not whitespace, letters or digits, then CR/LF.
    let at = kind === OTHER ? start : start + 1;
    for (;;) {
      const k = kindAt(text, at);
      if (k === OTHER) at++;
      else if (k === -1) return -1;
      else break;
    }
    for (;;) {
      const k = kindAt(text, at);
      if (k === NEWLINE) at++;
      else return k === -1 ? -1 : at;
    }
  }
  // Whitespace (5–7): the whole run, which must end in ASCII.
  let end = start;
  let lastNewline = -1;
  for (;;) {
    const k = kindAt(text, end);
    if (k === SPACE) end++;
    else if (k === NEWLINE) lastNewline = end++;
    else if (k === -1) return -1;
    else break;
  }
  if (lastNewline >= 0) return lastNewline + 1; // 5
  if (end >= text.length) return end; // 6, at the end of the text
  if (end - start >= 2) return end - 1; // 6: all but the last, which goes with what follows
  return end; // 7
}
