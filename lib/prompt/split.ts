import { countTokens, truncateToTokens } from "../tokens";

type Range = [number, number];

/**
 * Splits a text larger than a chunk into character ranges of at most `maxTokens` tokens each,
 * at paragraph boundaries, else at sentence ends, else (one enormous sentence) on a token
 * boundary. Ranges cover the text exactly once, in order.
 */
export function splitRanges(text: string, maxTokens: number): Range[] {
  return pack(text, boundaries(text, /\n\s*\n/g), maxTokens, (from, to) =>
    pack(text, boundaries(text, /[.!?。！？；;]+["'”’)\]]*\s+|[。！？]/g, from, to), maxTokens, (start, end) => hardCut(text, start, end, maxTokens)),
  );
}

/**
 * Groups consecutive pieces into ranges of at most `maxTokens`; a piece larger than that is
 * handed to `oversize` to be cut finer.
 */
function pack(text: string, pieces: Range[], maxTokens: number, oversize: (from: number, to: number) => Range[]): Range[] {
  const ranges: Range[] = [];
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (!first || !last) return ranges;
  let start = first[0];
  let tokens = 0;
  for (const [pieceStart, pieceEnd] of pieces) {
    const pieceTokens = countTokens(text.slice(pieceStart, pieceEnd));
    if (pieceTokens > maxTokens) {
      if (pieceStart > start) ranges.push([start, pieceStart]);
      ranges.push(...oversize(pieceStart, pieceEnd));
      start = pieceEnd;
      tokens = 0;
      continue;
    }
    if (tokens + pieceTokens > maxTokens && pieceStart > start) {
      ranges.push([start, pieceStart]);
      start = pieceStart;
      tokens = 0;
    }
    tokens += pieceTokens;
  }
  if (start < last[1]) ranges.push([start, last[1]]);
  return ranges;
}

/** [start, end) ranges of `text` cut after each match of `separator` (separators stay with the piece before). */
function boundaries(text: string, separator: RegExp, from = 0, to = text.length): Range[] {
  const out: Range[] = [];
  const slice = text.slice(from, to);
  let start = 0;
  for (const match of slice.matchAll(separator)) {
    const end = (match.index ?? 0) + match[0].length;
    if (end > start) out.push([from + start, from + end]);
    start = end;
  }
  if (start < slice.length) out.push([from + start, to]);
  return out;
}

function hardCut(text: string, from: number, to: number, maxTokens: number): Range[] {
  const ranges: Range[] = [];
  let start = from;
  while (start < to) {
    const head = truncateToTokens(text.slice(start, to), maxTokens);
    // Never loop on an empty cut: take at least one code point.
    const length = head.length > 0 ? head.length : String.fromCodePoint(text.codePointAt(start) ?? 32).length;
    ranges.push([start, start + length]);
    start += length;
  }
  return ranges;
}
