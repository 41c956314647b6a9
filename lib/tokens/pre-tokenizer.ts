import { REFERENCE_LETTERS, REFERENCE_NUMBERS, REFERENCE_WHITESPACE } from "./reference-unicode";

/**
 * Qwen3's pre-tokenizer regex, rewritten for JavaScript so it splits text exactly like the
 * reference (Oniguruma in HF tokenizers). The original is:
 *
 *   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 *
 * Three rewrites, each of which changes splits (pre-tokenizer.test.ts compares pieces):
 * - Node 20's V8 cannot compile the `(?i:…)` modifier group, so the contractions are expanded
 *   into case variants. Oniguruma folds case with Unicode rules, so `s` also matches U+017F
 *   (LATIN SMALL LETTER LONG S); no other letter of the group has a non-ASCII fold.
 * - JavaScript's `\s` includes U+FEFF and lacks U+0085; Oniguruma's is the reverse. The class
 *   is spelled out as Oniguruma's ([\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029
 *   \u202f\u205f\u3000]), and `\S` as its complement.
 * - `\p{L}` and `\p{N}` follow the engine's Unicode version (17 in Node 20.20, older in the
 *   reference), so characters added since would split differently; the classes are the
 *   reference's own, probed by scripts/build-qwen3-ranks.ts into reference-unicode.ts.
 */
const WS = REFERENCE_WHITESPACE;
const L = REFERENCE_LETTERS;
const N = REFERENCE_NUMBERS;

const CONTRACTIONS = "'(?:[sS\\u017f]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])";

export const QWEN3_PRE_TOKENIZER_SOURCE = [
  CONTRACTIONS,
  `[^\\r\\n${L}${N}]?[${L}]+`,
  `[${N}]`,
  ` ?[^${WS}${L}${N}]+[\\r\\n]*`,
  `[${WS}]*[\\r\\n]+`,
  `[${WS}]+(?![^${WS}])`,
  `[${WS}]+`,
].join("|");

/** The pattern as written in tokenizer.json; the converter checks the file still says this. */
export const QWEN3_PRE_TOKENIZER_ORIGINAL =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** A fresh global regex per caller (`lastIndex` is state). */
export function preTokenizerPattern(): RegExp {
  return new RegExp(QWEN3_PRE_TOKENIZER_SOURCE, "gu");
}
