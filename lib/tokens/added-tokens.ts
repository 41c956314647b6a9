/**
 * Qwen3's 26 added tokens (ids 151643–151668), exactly as tokenizer.json lists them.
 * The reference tokenizer matches every one of them in raw text before normalization (all are
 * `normalized: false`, none strips), including the ones marked `special: false` such as
 * `<think>`: the server turns the string into the one id, so a count must too.
 * `scripts/build-qwen3-ranks.ts` fails if tokenizer.json ever disagrees with this list.
 */
export const QWEN3_ADDED_TOKENS: readonly { readonly id: number; readonly content: string }[] = [
  { id: 151643, content: "<|endoftext|>" },
  { id: 151644, content: "<|im_start|>" },
  { id: 151645, content: "<|im_end|>" },
  { id: 151646, content: "<|object_ref_start|>" },
  { id: 151647, content: "<|object_ref_end|>" },
  { id: 151648, content: "<|box_start|>" },
  { id: 151649, content: "<|box_end|>" },
  { id: 151650, content: "<|quad_start|>" },
  { id: 151651, content: "<|quad_end|>" },
  { id: 151652, content: "<|vision_start|>" },
  { id: 151653, content: "<|vision_end|>" },
  { id: 151654, content: "<|vision_pad|>" },
  { id: 151655, content: "<|image_pad|>" },
  { id: 151656, content: "<|video_pad|>" },
  { id: 151657, content: "<tool_call>" },
  { id: 151658, content: "</tool_call>" },
  { id: 151659, content: "<|fim_prefix|>" },
  { id: 151660, content: "<|fim_middle|>" },
  { id: 151661, content: "<|fim_suffix|>" },
  { id: 151662, content: "<|fim_pad|>" },
  { id: 151663, content: "<|repo_name|>" },
  { id: 151664, content: "<|file_sep|>" },
  { id: 151665, content: "<tool_response>" },
  { id: 151666, content: "</tool_response>" },
  { id: 151667, content: "<think>" },
  { id: 151668, content: "</think>" },
];

/** The first added-token id; every id below it is a byte-level BPE token. */
export const FIRST_ADDED_TOKEN_ID = 151643;

export const IM_START_ID = 151644;
export const IM_END_ID = 151645;
export const THINK_START_ID = 151667;
export const THINK_END_ID = 151668;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * One alternation of every added token, longest first, so a match is leftmost-longest like the
 * reference's Aho-Corasick matcher. A fresh RegExp per caller: the `g` flag makes it stateful.
 */
export function addedTokenPattern(): RegExp {
  const alternatives = [...QWEN3_ADDED_TOKENS]
    .sort((a, b) => b.content.length - a.content.length)
    .map((token) => escapeRegExp(token.content));
  return new RegExp(alternatives.join("|"), "g");
}

/** content → id, for the matches of `addedTokenPattern`. */
export const ADDED_TOKEN_IDS: ReadonlyMap<string, number> = new Map(
  QWEN3_ADDED_TOKENS.map((token) => [token.content, token.id]),
);
