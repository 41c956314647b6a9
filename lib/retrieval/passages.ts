import { splitRanges } from "../prompt/split";

/**
 * Retrieval ranks passages, not whole units: a 40-page chapter or a 3,000-line file would
 * otherwise win on length alone, and the answer to a question usually sits in a few paragraphs.
 * What is sent is still whole units when they fit (see lib/prompt/retrieval-plan.ts).
 */

/**
 * Target size of a passage, in Qwen3 tokens: about a paragraph (75 English words, 100–150 Chinese
 * characters); a PDF page is three to five passages. Measured by bench/retrieval.ts on a tight
 * budget: smaller passages rank the right page higher, most of all in Chinese (paraphrased
 * questions sent 0.90 of the time at 100 tokens, 0.76 at 200, 0.58 at 400 or whole pages), and
 * questions about a whole paragraph do no worse. 50 gains a little more for twice the rows.
 */
export const PASSAGE_TOKENS = 100;

export interface PassageRange {
  /** Character range of the unit's text: [start, end). */
  start: number;
  end: number;
}

/**
 * A unit's passages: the whole unit when it is small, else ranges of at most `maxTokens` tokens cut
 * at paragraph, then sentence boundaries (the planner's own splitter), covering the text once.
 */
export function passageRanges(text: string, tokens: number, maxTokens = PASSAGE_TOKENS): PassageRange[] {
  if (text.length === 0) return [];
  if (tokens <= maxTokens * 1.5) return [{ start: 0, end: text.length }];
  return splitRanges(text, maxTokens).map(([start, end]) => ({ start, end }));
}
