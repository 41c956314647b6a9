import { ADDED_TOKEN_IDS, addedTokenPattern } from "./added-tokens";
import type { Qwen3Tokenizer } from "./encoder";
import { nfcOffsetMap } from "./nfc-offsets";
import { referenceNfc } from "./normalize";
import { preTokenizerPattern } from "./pre-tokenizer";

/**
 * The longest prefix of `text` with at most `maxTokens` tokens, cut where a token ends and
 * never inside a UTF-8 character.
 *
 * It reads a window of the text's head (grown until the budget runs out inside it), walks it
 * in token order and stops at the first piece that does not fit: cutting 2,000 tokens off a
 * 10 MB text costs about the 2,000 tokens. A cut inside a piece can re-tokenize differently on
 * its own (BPE is not prefix-stable), so each candidate is counted before it is returned; the
 * piece's start is the fallback, and the result always fits.
 */
export function truncateWithTokenizer(tokenizer: Qwen3Tokenizer, text: string, maxTokens: number): string {
  if (maxTokens <= 0 || text.length === 0) return "";
  const max = Math.floor(maxTokens);
  let candidates: number[];
  for (let span = Math.max(4096, 8 * max); ; span *= 2) {
    const end = windowEnd(text, span);
    const outcome = cutCandidates(tokenizer, text.slice(0, end), max, end === text.length);
    if (outcome === "fits" && end === text.length) return text;
    if (Array.isArray(outcome)) {
      candidates = outcome;
      break;
    }
  }
  let smallest = text.length;
  for (const cut of candidates) {
    smallest = Math.min(smallest, cut);
    const prefix = text.slice(0, cut);
    if (tokenizer.count(prefix) <= max) return prefix;
  }
  // Not seen in testing; shrinking strictly still guarantees an answer that fits.
  return smallest === 0 ? "" : truncateWithTokenizer(tokenizer, text.slice(0, smallest), max);
}

/** The longest added token ("<|object_ref_start|>") is 20 characters. */
const LONGEST_ADDED_TOKEN = 20;

/** Where a window of about `span` characters may end: not inside a surrogate pair or a possible added token. */
function windowEnd(text: string, span: number): number {
  if (span >= text.length) return text.length;
  let end = span;
  const bracket = text.lastIndexOf("<", end - 1);
  if (bracket > 0 && end - bracket < LONGEST_ADDED_TOKEN) end = bracket;
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}

/**
 * Cuts to try in `window` (the head of the text, or all of it when `whole`), longest first;
 * "fits" when the whole window fits; "unsure" when the budget ran out in the window's last
 * piece, which the rest of the text might extend (then the caller grows the window).
 */
function cutCandidates(tokenizer: Qwen3Tokenizer, window: string, maxTokens: number, whole: boolean): number[] | "fits" | "unsure" {
  let used = 0;
  let safeCut = 0; // the end of the last whole piece or special token that fit
  const special = addedTokenPattern();
  let segmentStart = 0;
  for (;;) {
    const match = special.exec(window);
    const segmentEnd = match === null ? window.length : match.index;
    if (segmentEnd > segmentStart) {
      const segment = window.slice(segmentStart, segmentEnd);
      const normalized = referenceNfc(segment);
      const toOriginal = nfcOffsetMap(segment, normalized);
      const pieces = preTokenizerPattern();
      for (let piece = pieces.exec(normalized); piece !== null; piece = pieces.exec(normalized)) {
        const tokens = headTokens(tokenizer, piece[0], maxTokens - used);
        if (used + tokens.length <= maxTokens) {
          used += tokens.length;
          const end = toOriginal(piece.index + piece[0].length);
          if (end >= 0) safeCut = segmentStart + end;
          continue;
        }
        const isLastPiece = match === null && piece.index + piece[0].length === normalized.length;
        if (!whole && isLastPiece && piece[0].length <= WINDOW_FROM_LENGTH) return "unsure";
        const inside = cutInsidePiece(tokenizer, piece[0], tokens, maxTokens - used);
        const original = inside > 0 ? toOriginal(piece.index + inside) : -1;
        return original > 0 && segmentStart + original > safeCut ? [segmentStart + original, safeCut] : [safeCut];
      }
    }
    if (match === null) return "fits";
    if (ADDED_TOKEN_IDS.has(match[0]) && used + 1 > maxTokens) return [safeCut];
    used += 1;
    segmentStart = match.index + match[0].length;
    safeCut = segmentStart;
  }
}

/** Pieces longer than this many UTF-16 units are tokenized through a window first. */
const WINDOW_FROM_LENGTH = 4096;

/**
 * The tokens of `piece`, or — when the piece is long and its head alone already holds more
 * than `room` tokens — the tokens of a head of it. A 200,000-character run without a space is
 * one piece: cutting 2,000 tokens off it again and again (lib/prompt splits that way) must not
 * merge the whole run each time. BPE is local, so the head's first tokens are the piece's
 * first tokens in practice, and truncateWithTokenizer counts the cut it picks anyway.
 */
function headTokens(tokenizer: Qwen3Tokenizer, piece: string, room: number): Int32Array {
  if (piece.length <= WINDOW_FROM_LENGTH) return tokenizer.pieceTokens(piece);
  // Most scripts take at least one character per token, so this window usually holds enough.
  for (let window = room + 1024; window < piece.length; window *= 2) {
    const code = piece.charCodeAt(window - 1);
    const end = code >= 0xd800 && code <= 0xdbff ? window - 1 : window; // never split a surrogate pair
    const tokens = tokenizer.pieceTokens(piece.slice(0, end));
    if (tokens.length > room) return tokens;
  }
  return tokenizer.pieceTokens(piece);
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
