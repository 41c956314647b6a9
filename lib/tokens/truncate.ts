import { ADDED_TOKEN_IDS, addedTokenPattern } from "./added-tokens";
import type { Qwen3Tokenizer } from "./encoder";
import { nfcOffsetMap } from "./nfc-offsets";
import { referenceNfc } from "./normalize";
import { preTokenizerPattern } from "./pre-tokenizer";

/**
 * The longest prefix of `text` with at most `maxTokens` tokens, cut where a token ends and
 * never inside a UTF-8 character.
 *
 * It walks the text in token order and stops at the first piece that does not fit, so cutting
 * the head off a long text costs the head, not the whole text. A cut inside a piece can
 * re-tokenize differently on its own (BPE is not prefix-stable), so each candidate is counted
 * before it is returned; the piece's start is the fallback, and the result always fits.
 */
export function truncateWithTokenizer(tokenizer: Qwen3Tokenizer, text: string, maxTokens: number): string {
  if (maxTokens <= 0 || text.length === 0) return "";
  const candidates = cutCandidates(tokenizer, text, Math.floor(maxTokens));
  if (candidates === null) return text;
  let smallest = text.length;
  for (const cut of candidates) {
    smallest = Math.min(smallest, cut);
    const prefix = text.slice(0, cut);
    if (tokenizer.count(prefix) <= maxTokens) return prefix;
  }
  // Not seen in testing; shrinking strictly still guarantees an answer that fits.
  return smallest === 0 ? "" : truncateWithTokenizer(tokenizer, text.slice(0, smallest), maxTokens);
}

/** Cuts to try, longest first, or null when the whole text fits. */
function cutCandidates(tokenizer: Qwen3Tokenizer, text: string, maxTokens: number): number[] | null {
  let used = 0;
  let safeCut = 0; // the end of the last whole piece or special token that fit
  const special = addedTokenPattern();
  let segmentStart = 0;
  for (;;) {
    const match = special.exec(text);
    const segmentEnd = match === null ? text.length : match.index;
    if (segmentEnd > segmentStart) {
      const segment = text.slice(segmentStart, segmentEnd);
      const normalized = referenceNfc(segment);
      const toOriginal = nfcOffsetMap(segment, normalized);
      const pieces = preTokenizerPattern();
      for (let piece = pieces.exec(normalized); piece !== null; piece = pieces.exec(normalized)) {
        const tokens = tokenizer.pieceTokens(piece[0]);
        if (used + tokens.length <= maxTokens) {
          used += tokens.length;
          const end = toOriginal(piece.index + piece[0].length);
          if (end >= 0) safeCut = segmentStart + end;
          continue;
        }
        const inside = cutInsidePiece(tokenizer, piece[0], tokens, maxTokens - used);
        const original = inside > 0 ? toOriginal(piece.index + inside) : -1;
        return original > 0 && segmentStart + original > safeCut ? [segmentStart + original, safeCut] : [safeCut];
      }
    }
    if (match === null) return null;
    if (ADDED_TOKEN_IDS.has(match[0]) && used + 1 > maxTokens) return [safeCut];
    used += 1;
    segmentStart = match.index + match[0].length;
    safeCut = segmentStart;
  }
}

/**
 * The longest UTF-16 prefix of `piece` made of its first `room` tokens or fewer that ends on a
 * character boundary (a CJK character's 3 bytes are often split across 2 tokens), or 0.
 */
function cutInsidePiece(tokenizer: Qwen3Tokenizer, piece: string, tokens: Int32Array, room: number): number {
  let best = 0;
  let tokenEnd = 0; // bytes covered by the tokens taken so far
  let charEnd = 0; // bytes covered by the characters walked so far
  let unit = 0; // UTF-16 offset matching charEnd
  for (let j = 0; j < room && j < tokens.length; j++) {
    tokenEnd += tokenizer.tokenByteLength(tokens[j]!);
    while (charEnd < tokenEnd && unit < piece.length) {
      const code = piece.codePointAt(unit)!;
      charEnd += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      unit += code >= 0x10000 ? 2 : 1;
    }
    if (charEnd === tokenEnd) best = unit;
  }
  return best;
}
