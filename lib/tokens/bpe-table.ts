import type { Qwen3Ranks } from "./rank-file";

/**
 * The lookup tables the encoder needs, built once from the rank data (a few ms):
 * byte → token, (left, right) → merged token, and every token's bytes for decoding.
 */
export interface BpeTable {
  /** Token id of each byte value. */
  tokenOfByte: Int32Array;
  /** Open-addressing hash of merge pairs; an empty slot has left = -1. */
  pairLeft: Int32Array;
  pairRight: Int32Array;
  pairMerged: Int32Array;
  pairMask: number;
  /** Bytes of token id t are tokenBytes[tokenStart[t] .. tokenStart[t + 1]). */
  tokenBytes: Uint8Array;
  tokenStart: Int32Array;
  /** Number of BPE tokens (ids 0 .. vocabSize-1). */
  vocabSize: number;
}

/** The pair hash; the same function fills and probes the table. */
export function pairSlot(left: number, right: number, mask: number): number {
  return (Math.imul(left ^ Math.imul(right, 0x85ebca6b), 0x9e3779b1) >>> 7) & mask;
}

export function buildBpeTable(ranks: Qwen3Ranks): BpeTable {
  const mergeCount = ranks.mergeLeft.length;
  const vocabSize = 256 + mergeCount;

  const tokenOfByte = new Int32Array(256).fill(-1);
  for (let id = 0; id < 256; id++) tokenOfByte[ranks.byteOfToken[id]!] = id;

  // Load factor below 0.3 keeps probe chains short on the hot path.
  let capacity = 1;
  while (capacity < mergeCount * 3.4) capacity <<= 1;
  const pairMask = capacity - 1;
  const pairLeft = new Int32Array(capacity).fill(-1);
  const pairRight = new Int32Array(capacity);
  const pairMerged = new Int32Array(capacity);

  const tokenLength = new Int32Array(vocabSize);
  tokenLength.fill(1, 0, 256);
  for (let i = 0; i < mergeCount; i++) {
    const left = ranks.mergeLeft[i]!;
    const right = ranks.mergeRight[i]!;
    const merged = 256 + i;
    if (left >= merged || right >= merged) throw new Error(`Merge ${i} uses a token made after it`);
    tokenLength[merged] = tokenLength[left]! + tokenLength[right]!;
    let slot = pairSlot(left, right, pairMask);
    while (pairLeft[slot] !== -1) slot = (slot + 1) & pairMask;
    pairLeft[slot] = left;
    pairRight[slot] = right;
    pairMerged[slot] = merged;
  }

  const tokenStart = new Int32Array(vocabSize + 1);
  for (let id = 0; id < vocabSize; id++) tokenStart[id + 1] = tokenStart[id]! + tokenLength[id]!;
  const tokenBytes = new Uint8Array(tokenStart[vocabSize]!);
  tokenBytes.set(ranks.byteOfToken, 0);
  for (let i = 0; i < mergeCount; i++) {
    const left = ranks.mergeLeft[i]!;
    const right = ranks.mergeRight[i]!;
    const at = tokenStart[256 + i]!;
    const leftLength = tokenLength[left]!;
    tokenBytes.copyWithin(at, tokenStart[left]!, tokenStart[left]! + leftLength);
    tokenBytes.copyWithin(at + leftLength, tokenStart[right]!, tokenStart[right]! + tokenLength[right]!);
  }

  return { tokenOfByte, pairLeft, pairRight, pairMerged, pairMask, tokenBytes, tokenStart, vocabSize };
}

/** The token `left` and `right` merge into, or -1. */
export function mergedToken(table: BpeTable, left: number, right: number): number {
  const { pairLeft, pairRight, pairMask } = table;
  let slot = pairSlot(left, right, pairMask);
  for (;;) {
    const l = pairLeft[slot]!;
    if (l === -1) return -1;
    if (l === left && pairRight[slot] === right) return table.pairMerged[slot]!;
    slot = (slot + 1) & pairMask;
  }
}
