/**
 * Exact Qwen3 (qwen3-32b) token counts, server-side entry. The rank data is read from disk on
 * first use and kept; everything else is in the I/O-free core (encoder.ts), which the browser
 * can run on the same data.
 */
import { renderQwen3ChatPrompt, type ChatMessageForCount, type ChatPromptOptions } from "./chat-prompt";
import { createQwen3Tokenizer, type Qwen3Tokenizer } from "./encoder";
import { loadQwen3Ranks } from "./load-ranks";
import { truncateWithTokenizer } from "./truncate";

export { CHAT_OVERHEAD_TOKENS, renderQwen3ChatPrompt, type ChatMessageForCount, type ChatPromptOptions } from "./chat-prompt";
export { neutralizeSpecialTokens } from "./neutralize";

let tokenizer: Qwen3Tokenizer | undefined;

/** The shared tokenizer, built on first use: reading and indexing the ranks is its cold start (bench/tokens.ts). */
export function qwen3Tokenizer(): Qwen3Tokenizer {
  tokenizer ??= createQwen3Tokenizer(loadQwen3Ranks());
  return tokenizer;
}

/** Exact tokens of raw text; special-token strings count as the one special token, as on the server. */
export function countTokens(text: string): number {
  return qwen3Tokenizer().count(text);
}

export function encode(text: string): number[] {
  return qwen3Tokenizer().encode(text);
}

export function decode(ids: number[]): string {
  return qwen3Tokenizer().decode(ids);
}

/** Exact prompt tokens of a chat request, template included (see chat-prompt.ts). */
export function countChatPrompt(messages: ChatMessageForCount[], options?: ChatPromptOptions): number {
  return qwen3Tokenizer().count(renderQwen3ChatPrompt(messages, options));
}

/** The longest prefix of `text` with at most `maxTokens` tokens, cut on a token boundary without splitting a UTF-8 character. */
export function truncateToTokens(text: string, maxTokens: number): string {
  return truncateWithTokenizer(qwen3Tokenizer(), text, maxTokens);
}
