/**
 * Text → the space-separated terms FTS5 indexes. SQLite's unicode61 tokenizer splits on spaces and
 * punctuation, which is right for Latin, Cyrillic, Greek, Hangul…, but a run of Chinese or Japanese
 * (no spaces) would be one giant token that no question matches. Those runs are cut into words by
 * `Intl.Segmenter` (ICU's dictionaries, full ICU in Node 20), the same way for the indexed text and
 * for the question, so both sides meet on the same words.
 *
 * Only the runs in scripts written without spaces go through the segmenter: it is the slow part
 * (docs/benchmarks/README.md), and everything else unicode61 already splits correctly.
 */

/** Scripts written without spaces between words. */
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc\u3005]+/gu;

/** camelCase and PascalCase identifiers: their parts are indexed beside the whole word. */
const CAMEL = /\b[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+[A-Za-z0-9]*\b/g;

/** Line numbers the codebase extractor prefixes to every line (`12\tcode`): noise for retrieval. */
const LINE_NUMBER = /^\d+\t/gm;

let segmenter: Intl.Segmenter | undefined;

function words(run: string): string[] {
  // "zh" selects ICU's CJK dictionary, which also covers Japanese kanji/kana runs.
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  const out: string[] = [];
  for (const part of segmenter.segment(run)) if (part.isWordLike) out.push(part.segment);
  return out;
}

export interface TermsOptions {
  /** Drop the `12\t` line-number prefixes of codebase units. */
  numberedLines?: boolean;
}

/** The text with unspaced-script runs cut into words and camelCase parts added, for FTS5 unicode61. */
export function indexTerms(text: string, options: TermsOptions = {}): string {
  const source = options.numberedLines ? text.replace(LINE_NUMBER, "") : text;
  return source
    .replace(UNSPACED_RUN, (run) => ` ${words(run).join(" ")} `)
    .replace(CAMEL, (identifier) => `${identifier} ${identifier.replace(/([a-z0-9])([A-Z])/g, "$1 $2")}`);
}

/**
 * The distinct terms of a question, lowercased, in order of first appearance: the words FTS5 will
 * look up. Punctuation-only pieces are dropped.
 */
export function queryTerms(question: string): string[] {
  const seen = new Set<string>();
  for (const piece of indexTerms(question).split(/[^\p{L}\p{N}\p{M}]+/u)) {
    const term = piece.toLowerCase();
    if (term !== "") seen.add(term);
  }
  return [...seen];
}
