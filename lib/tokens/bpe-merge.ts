import { mergedToken, type BpeTable } from "./bpe-table";

/**
 * Byte-pair merging of one pre-tokenized piece, exactly as HF tokenizers' `Word::merge_all`
 * does it: repeatedly merge the adjacent pair whose merge has the lowest rank, leftmost first
 * on ties. A merge's rank is the id it makes, so "lowest rank" is "lowest merged id".
 *
 * Short pieces (almost all of them) use a plain scan: quadratic, but with no set-up cost.
 * Long ones use a binary heap over (rank, position) plus a linked list of symbols, n log n: a
 * quadratic scan (js-tiktoken's) takes seconds on one long piece without spaces, such as a
 * paragraph of CJK text (bench/tokens.ts measures both; docs/benchmarks/README.md).
 */

/** Above this many bytes a piece goes to the heap: around it the scan and the heap cost the same on random Latin and CJK pieces, and the heap pulls ahead as pieces grow (docs/benchmarks/README.md). */
const SCAN_MAX_BYTES = 48;
const NO_MERGE = 0x7fffffff;
/** Heap keys are rank * 2^32 + position: exact in a double while both stay below 2^21 and 2^32. */
const POSITION_SPAN = 4294967296;

const rankScratch = new Int32Array(SCAN_MAX_BYTES);
let nextScratch = new Int32Array(0);
let prevScratch = new Int32Array(0);
let pairRankScratch = new Int32Array(0);
let heapScratch = new Float64Array(0);

/**
 * Merges `symbols[0 .. length)` (the token ids of a piece's bytes) in place and returns the
 * resulting tokens as a view of `symbols`: copy it before the next call.
 */
export function mergePiece(table: BpeTable, symbols: Int32Array, length: number): Int32Array {
  if (length < 2) return symbols.subarray(0, length);
  return length <= SCAN_MAX_BYTES ? scanMerge(table, symbols, length) : heapMerge(table, symbols, length);
}

function scanMerge(table: BpeTable, symbols: Int32Array, length: number): Int32Array {
  const ranks = rankScratch;
  let n = length;
  for (let i = 0; i < n - 1; i++) {
    const merged = mergedToken(table, symbols[i]!, symbols[i + 1]!);
    ranks[i] = merged < 0 ? NO_MERGE : merged;
  }
  for (;;) {
    let best = NO_MERGE;
    let at = -1;
    for (let i = 0; i < n - 1; i++) {
      // Strict `<` keeps the leftmost pair on a tie, like the reference's heap order.
      if (ranks[i]! < best) {
        best = ranks[i]!;
        at = i;
      }
    }
    if (at < 0) break;
    symbols[at] = best;
    symbols.copyWithin(at + 1, at + 2, n);
    ranks.copyWithin(at + 1, at + 2, n - 1);
    n--;
    if (at > 0) {
      const merged = mergedToken(table, symbols[at - 1]!, best);
      ranks[at - 1] = merged < 0 ? NO_MERGE : merged;
    }
    if (at < n - 1) {
      const merged = mergedToken(table, best, symbols[at + 1]!);
      ranks[at] = merged < 0 ? NO_MERGE : merged;
    }
  }
  return symbols.subarray(0, n);
}

function heapMerge(table: BpeTable, symbols: Int32Array, length: number): Int32Array {
  if (nextScratch.length < length) {
    nextScratch = new Int32Array(length);
    prevScratch = new Int32Array(length);
    pairRankScratch = new Int32Array(length);
    // At most length - 1 initial pairs plus two new pairs per merge (at most length - 1 merges).
    heapScratch = new Float64Array(3 * length);
  }
  const next = nextScratch;
  const prev = prevScratch;
  const pairRank = pairRankScratch; // rank of the pair starting at i, so stale entries are spotted without a lookup
  const heap = heapScratch;
  let size = 0;

  for (let i = 0; i < length; i++) {
    next[i] = i + 1 < length ? i + 1 : -1;
    prev[i] = i - 1;
    const merged = i + 1 < length ? mergedToken(table, symbols[i]!, symbols[i + 1]!) : -1;
    pairRank[i] = merged;
    if (merged >= 0) heap[size++] = merged * POSITION_SPAN + i;
  }
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(heap, size, i);

  while (size > 0) {
    const top = heap[0]!;
    size--;
    if (size > 0) {
      heap[0] = heap[size]!;
      siftDown(heap, size, 0);
    }
    const rank = Math.floor(top / POSITION_SPAN);
    const at = top - rank * POSITION_SPAN;
    if (pairRank[at] !== rank || symbols[at] === -1) continue; // stale: the pair changed since it was queued

    const right = next[at]!;
    const afterRight = next[right]!;
    symbols[at] = rank;
    symbols[right] = -1;
    pairRank[right] = -1;
    next[at] = afterRight;
    if (afterRight !== -1) prev[afterRight] = at;

    const before = prev[at]!;
    if (before !== -1) {
      const merged = mergedToken(table, symbols[before]!, rank);
      pairRank[before] = merged;
      if (merged >= 0) size = push(heap, size, merged * POSITION_SPAN + before);
    }
    if (afterRight !== -1) {
      const merged = mergedToken(table, rank, symbols[afterRight]!);
      pairRank[at] = merged;
      if (merged >= 0) size = push(heap, size, merged * POSITION_SPAN + at);
    } else {
      pairRank[at] = -1;
    }
  }

  let n = 0;
  for (let i = 0; i !== -1; i = next[i]!) symbols[n++] = symbols[i]!;
  return symbols.subarray(0, n);
}

function siftDown(heap: Float64Array, size: number, from: number): void {
  const value = heap[from]!;
  let i = from;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
    if (heap[child]! >= value) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = value;
}

function push(heap: Float64Array, size: number, value: number): number {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= value) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = value;
  return size + 1;
}
