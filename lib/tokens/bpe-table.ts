import type { Qwen3Ranks } from "./rank-file";

/**
 * The lookup tables the encoder needs, built from the rank data: byte → token,
 * (left, right) → merged token, and (on first use, for decoding) every token's bytes.
 */
export interface BpeTable {
  /** Token id of each byte value. */
  tokenOfByte: Int32Array;
  /**
   * Open-addressing hash of merge pairs, 4 ints per slot (left, right, merged, unused) so a
   * probe touches one cache line; an empty slot has left = -1.
   */
  pairs: Int32Array;
  pairShift: number;
  pairMask: number;
  /** Number of BPE tokens (ids 0 .. vocabSize-1). */
  vocabSize: number;
  /** Bytes of every token, built on first call (decoding only: counting never needs them). */
  tokenBytes(): { bytes: Uint8Array; start: Int32Array };
}

/** log2 of the slot count: 2^19 slots for 151,387 merges keeps probe chains short (load 0.29). */
const PAIR_BITS = 19;

export function buildBpeTable(ranks: Qwen3Ranks): BpeTable {
  const { merges, byteOfToken } = ranks;
  const mergeCount = merges.length / 2;
  const vocabSize = 256 + mergeCount;

  const tokenOfByte = new Int32Array(256).fill(-1);
  for (let id = 0; id < 256; id++) tokenOfByte[byteOfToken[id]!] = id;

  const pairBits = Math.max(PAIR_BITS, Math.ceil(Math.log2(mergeCount * 3)));
  const pairShift = 32 - pairBits;
  const pairMask = (1 << pairBits) - 1;
  const pairs = new Int32Array(4 << pairBits).fill(-1);
  for (let i = 0; i < mergeCount; i++) {
    const left = merges[2 * i]!;
    const right = merges[2 * i + 1]!;
    let slot = Math.imul(left ^ Math.imul(right, 0x85ebca6b), 0x9e3779b1) >>> pairShift;
    while (pairs[slot << 2] !== -1) slot = (slot + 1) & pairMask;
    const at = slot << 2;
    pairs[at] = left;
    pairs[at + 1] = right;
    pairs[at + 2] = 256 + i;
  }

  let decoded: { bytes: Uint8Array; start: Int32Array } | undefined;
  const tokenBytes = () => (decoded ??= buildTokenBytes(ranks, vocabSize));
  return { tokenOfByte, pairs, pairShift, pairMask, vocabSize, tokenBytes };
}

function buildTokenBytes({ merges, byteOfToken }: Qwen3Ranks, vocabSize: number): { bytes: Uint8Array; start: Int32Array } {
  const start = new Int32Array(vocabSize + 1);
  for (let id = 0; id < 256; id++) start[id + 1] = id + 1;
  for (let id = 256; id < vocabSize; id++) {
    const left = merges[2 * (id - 256)]!;
    const right = merges[2 * (id - 256) + 1]!;
    if (left >= id || right >= id) throw new Error(`Merge ${id - 256} uses a token made after it`);
    start[id + 1] = start[id]! + (start[left + 1]! - start[left]!) + (start[right + 1]! - start[right]!);
  }
  const bytes = new Uint8Array(start[vocabSize]!);
  bytes.set(byteOfToken, 0);
  for (let id = 256; id < vocabSize; id++) {
    const left = merges[2 * (id - 256)]!;
    const right = merges[2 * (id - 256) + 1]!;
    let at = start[id]!;
    for (let k = start[left]!, end = start[left + 1]!; k < end; k++) bytes[at++] = bytes[k]!;
    for (let k = start[right]!, end = start[right + 1]!; k < end; k++) bytes[at++] = bytes[k]!;
  }
  return { bytes, start };
}

/** The token `left` and `right` merge into, or -1. */
export function mergedToken(table: BpeTable, left: number, right: number): number {
  const { pairs, pairMask } = table;
  let slot = Math.imul(left ^ Math.imul(right, 0x85ebca6b), 0x9e3779b1) >>> table.pairShift;
  for (;;) {
    const at = slot << 2;
    const l = pairs[at]!;
    if (l === left && pairs[at + 1] === right) return pairs[at + 2]!;
    if (l === -1) return -1;
    slot = (slot + 1) & pairMask;
  }
}
