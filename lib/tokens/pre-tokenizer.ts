import {
  ENGINE_ONLY_LETTERS,
  ENGINE_ONLY_NUMBERS,
  GENERATED_WITH_UNICODE,
  REFERENCE_LETTERS,
  REFERENCE_NUMBERS,
  REFERENCE_ONLY_LETTERS,
  REFERENCE_ONLY_NUMBERS,
  REFERENCE_WHITESPACE,
} from "./reference-unicode";

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
 *   reference), so characters added since would split differently. The reference's own
 *   classes were probed by scripts/build-qwen3-ranks.ts into reference-unicode.ts.
 *
 * Two builds of the same pattern: spelled-out classes are exact on any engine but make V8's
 * regex several times slower than its built-in property classes (the regex is most of the cost
 * of counting; docs/benchmarks/README.md), so the fast build is `\p{L}` minus (plus) the few characters this engine's Unicode
 * classifies differently — exact on the Node version that generated the table (a test checks
 * every code point), the spelled-out build everywhere else Node runs.
 */
interface ClassText {
  /** The class on its own, brackets included. */
  alone: string;
  /** The class as a part of another class: a body in `u` mode, a nested class in `v` mode. */
  inside: string;
}

function source(letters: ClassText, numbers: ClassText): string {
  const ws = REFERENCE_WHITESPACE;
  return [
    "'(?:[sS\\u017f]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])",
    `[^\\r\\n${letters.inside}${numbers.inside}]?${letters.alone}+`,
    numbers.alone,
    ` ?[^${ws}${letters.inside}${numbers.inside}]+[\\r\\n]*`,
    `[${ws}]*[\\r\\n]+`,
    `[${ws}]+(?![^${ws}])`,
    `[${ws}]+`,
  ].join("|");
}

/** A `v`-flag class: the engine's property class adjusted to the reference's. */
function adjusted(property: string, engineOnly: string, referenceOnly: string): ClassText {
  const base = engineOnly === "" ? property : `[${property}--[${engineOnly}]]`;
  const alone = referenceOnly === "" ? `[${base}]` : `[${base}[${referenceOnly}]]`;
  return { alone, inside: alone };
}

const spelledOut = (body: string): ClassText => ({ alone: `[${body}]`, inside: body });

/** The letter and number classes of both builds (the test compares them code point by code point). */
export const PRE_TOKENIZER_CLASSES = {
  exact: { letters: spelledOut(REFERENCE_LETTERS), numbers: spelledOut(REFERENCE_NUMBERS) },
  fast: {
    letters: adjusted("\\p{L}", ENGINE_ONLY_LETTERS, REFERENCE_ONLY_LETTERS),
    numbers: adjusted("\\p{N}", ENGINE_ONLY_NUMBERS, REFERENCE_ONLY_NUMBERS),
  },
};

/** Exact on any engine (flags "gu"). */
export const QWEN3_PRE_TOKENIZER_SOURCE = source(PRE_TOKENIZER_CLASSES.exact.letters, PRE_TOKENIZER_CLASSES.exact.numbers);

/** Exact where `process.versions.unicode` is GENERATED_WITH_UNICODE (flags "gv"). */
export const QWEN3_PRE_TOKENIZER_FAST_SOURCE = source(PRE_TOKENIZER_CLASSES.fast.letters, PRE_TOKENIZER_CLASSES.fast.numbers);

/** Browsers have no `process`: they get the fast build, exact up to their own Unicode version's changes. */
const engineUnicode = typeof process === "undefined" ? undefined : process.versions.unicode;
const useFast = engineUnicode === undefined || engineUnicode === GENERATED_WITH_UNICODE;

/** The pattern as written in tokenizer.json; the converter checks the file still says this. */
export const QWEN3_PRE_TOKENIZER_ORIGINAL =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** A fresh global regex per caller (`lastIndex` is state). */
export function preTokenizerPattern(): RegExp {
  return useFast ? new RegExp(QWEN3_PRE_TOKENIZER_FAST_SOURCE, "gv") : new RegExp(QWEN3_PRE_TOKENIZER_SOURCE, "gu");
}
