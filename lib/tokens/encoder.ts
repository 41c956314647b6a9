import { ADDED_TOKEN_IDS, FIRST_ADDED_TOKEN_ID, QWEN3_ADDED_TOKENS, addedTokenPattern } from "./added-tokens";
import { mergePiece } from "./bpe-merge";
import { referenceNfc } from "./normalize";
import { buildBpeTable } from "./bpe-table";
import { asciiPieceEnd } from "./ascii-pieces";
import { PieceCounts } from "./piece-counts";
import { preTokenizerPattern } from "./pre-tokenizer";
import type { Qwen3Ranks } from "./rank-file";

/**
 * The Qwen3 tokenizer core: plain computation over rank data, no I/O, so the browser can run
 * it on the same data the server reads from disk.
 *
 * The pipeline is the reference's (HF tokenizers with Qwen3's tokenizer.json):
 * 1. split the raw text on added-token strings (each becomes its one id, never an error);
 * 2. NFC-normalize each piece between them — not the whole text first: normalizing across a
 *    special token's boundary can change the characters next to it;
 * 3. split with the pre-tokenizer regex;
 * 4. byte-level BPE on each piece's UTF-8 bytes.
 */
export interface Qwen3Tokenizer {
  encode(text: string): number[];
  /** Same as encode(text).length without building the array. */
  count(text: string): number;
  decode(ids: readonly number[]): string;
  /** The UTF-8 bytes of `ids`, which may end inside a character (decode would show U+FFFD). */
  decodeBytes(ids: readonly number[]): Uint8Array;
  /** Tokens of one pre-tokenized, already-normalized piece (a shared cache: do not mutate). */
  pieceTokens(piece: string): Int32Array;
  /** How many UTF-8 bytes token `id` decodes to. */
  tokenByteLength(id: number): number;
}

/** Pieces longer than this (in UTF-16 units) are not cached: they are rare and would bloat it. */
const CACHE_MAX_PIECE_LENGTH = 64;
/** The cache is dropped when it reaches this many pieces: a bound on its heap (docs/benchmarks/README.md), and a large document rarely has more distinct pieces. */
const CACHE_MAX_ENTRIES = 100_000;

export function createQwen3Tokenizer(ranks: Qwen3Ranks): Qwen3Tokenizer {
  const table = buildBpeTable(ranks);
  const { tokenOfByte, vocabSize } = table;
  const addedTokenBytes = new Map(QWEN3_ADDED_TOKENS.map((token) => [token.id, new TextEncoder().encode(token.content)]));
  if (vocabSize !== FIRST_ADDED_TOKEN_ID) throw new Error(`Expected ${FIRST_ADDED_TOKEN_ID} BPE tokens, the rank data has ${vocabSize}`);

  const specialPattern = addedTokenPattern();
  // Sticky, and advanced with test(): the pieces tile the text, so each match starts where the
  // last ended, and no match array is allocated per piece (a quarter of the counting time on source code).
  const global = preTokenizerPattern();
  const piecePattern = new RegExp(global.source, global.flags.replace("g", "") + "y");
  const cache = new Map<string, number | Int32Array>();
  const counts = new PieceCounts(CACHE_MAX_ENTRIES);
  let symbols = new Int32Array(256);

  /** Byte-level BPE of one piece, without the cache. */
  function bpe(piece: string): Int32Array {
    // UTF-8 of a UTF-16 string takes at most 3 bytes per unit (a surrogate pair: 4 bytes for 2).
    if (symbols.length < piece.length * 3) symbols = new Int32Array(piece.length * 3);
    let n = 0;
    for (let i = 0; i < piece.length; i++) {
      let code = piece.charCodeAt(i);
      if (code < 0x80) {
        symbols[n++] = tokenOfByte[code]!;
        continue;
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        const low = piece.charCodeAt(i + 1);
        if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i++;
        } else {
          code = 0xfffd; // a lone surrogate is sent as U+FFFD by every UTF-8 encoder, the server's too
        }
      }
      if (code < 0x800) {
        symbols[n++] = tokenOfByte[0xc0 | (code >> 6)]!;
      } else if (code < 0x10000) {
        symbols[n++] = tokenOfByte[0xe0 | (code >> 12)]!;
        symbols[n++] = tokenOfByte[0x80 | ((code >> 6) & 0x3f)]!;
      } else {
        symbols[n++] = tokenOfByte[0xf0 | (code >> 18)]!;
        symbols[n++] = tokenOfByte[0x80 | ((code >> 12) & 0x3f)]!;
        symbols[n++] = tokenOfByte[0x80 | ((code >> 6) & 0x3f)]!;
      }
      symbols[n++] = tokenOfByte[0x80 | (code & 0x3f)]!;
    }
    return mergePiece(table, symbols, n).slice();
  }

  /**
   * Tokens of a piece through the cache. Most pieces are one token (a word with its space),
   * cached as the bare id: half the memory of a one-element array, and no array to walk.
   */
  function cachedTokens(piece: string): number | Int32Array {
    const cached = cache.get(piece);
    if (cached !== undefined) return cached;
    const tokens = bpe(piece);
    if (piece.length <= CACHE_MAX_PIECE_LENGTH) {
      if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
      cache.set(piece, tokens.length === 1 ? tokens[0]! : tokens);
    }
    return tokens;
  }

  function pieceTokens(piece: string): Int32Array {
    const tokens = cachedTokens(piece);
    return typeof tokens === "number" ? Int32Array.of(tokens) : tokens;
  }

  /** Runs the pipeline over `text`; pushes ids to `out` when given, returns the count. */
  function run(text: string, out: number[] | null): number {
    // Every added token starts with "<": most texts skip the special-token scan entirely.
    if (text.indexOf("<") === -1) return runSegment(text, out);
    let count = 0;
    let last = 0;
    specialPattern.lastIndex = 0;
    for (let match = specialPattern.exec(text); match !== null; match = specialPattern.exec(text)) {
      if (match.index > last) count += runSegment(text.slice(last, match.index), out);
      out?.push(ADDED_TOKEN_IDS.get(match[0])!);
      count++;
      last = match.index + match[0].length;
    }
    if (last < text.length) count += runSegment(text.slice(last), out);
    return count;
  }

  function runSegment(segment: string, out: number[] | null): number {
    return out === null ? countSegment(segment) : encodeSegment(segment, out);
  }

  /**
   * End of the pre-tokenizer piece that starts at `start`, or -1 if none does. ASCII decides most
   * splits without the regex (see ascii-pieces.ts); the regex decides the rest. The pattern's
   * alternatives cover every character, so pieces tile the text with no gaps.
   */
  function pieceEnd(normalized: string, start: number): number {
    const end = asciiPieceEnd(normalized, start);
    if (end >= 0) return end;
    piecePattern.lastIndex = start;
    return piecePattern.test(normalized) ? piecePattern.lastIndex : -1;
  }

  function encodeSegment(segment: string, out: number[]): number {
    const normalized = referenceNfc(segment);
    let count = 0;
    for (let start = 0, end = 0; start < normalized.length && (end = pieceEnd(normalized, start)) >= 0; start = end) {
      const tokens = cachedTokens(normalized.slice(start, end));
      if (typeof tokens === "number") {
        count++;
        out.push(tokens);
      } else {
        count += tokens.length;
        for (let i = 0; i < tokens.length; i++) out.push(tokens[i]!);
      }
    }
    return count;
  }

  /** encodeSegment without ids: short pieces' counts come from `counts`, found in place (see piece-counts.ts). */
  function countSegment(segment: string): number {
    const normalized = referenceNfc(segment);
    let count = 0;
    for (let start = 0, end = 0; start < normalized.length && (end = pieceEnd(normalized, start)) >= 0; start = end) {
      if (end - start <= CACHE_MAX_PIECE_LENGTH) {
        let tokens = counts.get(normalized, start, end);
        if (tokens < 0) {
          tokens = bpe(normalized.slice(start, end)).length;
          counts.add(normalized, start, end, tokens);
        }
        count += tokens;
      } else {
        count += bpe(normalized.slice(start, end)).length;
      }
    }
    return count;
  }

  function tokenByteLength(id: number): number {
    if (id >= 0 && id < vocabSize) {
      const { start } = table.tokenBytes();
      return start[id + 1]! - start[id]!;
    }
    const added = addedTokenBytes.get(id);
    if (added === undefined) throw new RangeError(`Not a Qwen3 token id: ${id}`);
    return added.length;
  }

  function decodeBytes(ids: readonly number[]): Uint8Array {
    const { bytes: tokenBytes, start: tokenStart } = table.tokenBytes();
    let total = 0;
    for (const id of ids) total += tokenByteLength(id);
    const out = new Uint8Array(total);
    let at = 0;
    for (const id of ids) {
      if (id < vocabSize) {
        out.set(tokenBytes.subarray(tokenStart[id]!, tokenStart[id + 1]!), at);
      } else {
        out.set(addedTokenBytes.get(id)!, at);
      }
      at += tokenByteLength(id);
    }
    return out;
  }

  // Like the reference's byte-level decoder, invalid UTF-8 (a cut character) becomes U+FFFD.
  const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
  const decode = (ids: readonly number[]): string => utf8.decode(decodeBytes(ids));

  return {
    encode: (text) => {
      const out: number[] = [];
      run(text, out);
      return out;
    },
    count: (text) => run(text, null),
    decode,
    decodeBytes,
    pieceTokens,
    tokenByteLength,
  };
}
