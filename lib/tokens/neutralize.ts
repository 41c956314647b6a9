import { addedTokenPattern } from "./added-tokens";

/**
 * Makes every added-token string in `text` inert, so a document cannot speak for the prompt:
 * `<|im_end|>\n<|im_start|>system` inside an uploaded file must reach the model as characters,
 * not as the template's own control tokens.
 *
 * How: a U+200B ZERO WIDTH SPACE goes right after the leading "<" of each match
 * (`<​|im_start|>`, `<​think>`). Why this one:
 * - every added token starts with "<" and contains no other "<", so one pass over the matches
 *   leaves no added-token string behind, and the result is a fixed point (neutralizing twice
 *   changes nothing);
 * - the character is invisible, so quotes of the text in a report still read the same;
 * - it is not whitespace to the pre-tokenizer and NFC leaves it alone, so the tokenizer treats
 *   the result as ordinary text and `countTokens` of the neutralized text is what the server
 *   will count.
 * Apply it to the finished message content: two neutralized halves joined at "<" | "|im_end|>"
 * would form a token again.
 */
export const NEUTRALIZER = "\u200b";

export function neutralizeSpecialTokens(text: string): string {
  if (text.indexOf("<") === -1) return text;
  return text.replace(addedTokenPattern(), (match) => `<${NEUTRALIZER}${match.slice(1)}`);
}
