import { countTokens, truncateToTokens } from "../tokens";

/**
 * Splits a text larger than a chunk into character ranges of at most `maxTokens` tokens each,
 * at paragraph boundaries, else at sentence ends, else (one enormous sentence) on a token
 * boundary. Ranges cover the text exactly once, in order.
 */
export function splitRanges(text: string, maxTokens: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const pieces = boundaries(text, /\n\s*\n/g);
  let start = 0;
  let tokens = 0;
  for (const [pieceStart, pieceEnd] of pieces) {
    const pieceTokens = countTokens(text.slice(pieceStart, pieceEnd));
    if (pieceTokens > maxTokens) {
      if (pieceStart > start) ranges.push([start, pieceStart]);
      ranges.push(...splitSentences(text, pieceStart, pieceEnd, maxTokens));
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
  if (start < text.length) ranges.push([start, text.length]);
  return ranges;
}

/** [start, end) ranges of `text` cut after each match of `separator` (separators stay with the piece before). */
function boundaries(text: string, separator: RegExp, from = 0, to = text.length): Array<[number, number]> {
  const out: Array<[number, number]> = [];
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

function splitSentences(text: string, from: number, to: number, maxTokens: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = from;
  let tokens = 0;
  for (const [pieceStart, pieceEnd] of boundaries(text, /[.!?。！？；;]+["'”’)\]]*\s+|[。！？]/g, from, to)) {
    const pieceTokens = countTokens(text.slice(pieceStart, pieceEnd));
    if (pieceTokens > maxTokens) {
      if (pieceStart > start) ranges.push([start, pieceStart]);
      ranges.push(...hardCut(text, pieceStart, pieceEnd, maxTokens));
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
  if (start < to) ranges.push([start, to]);
  return ranges;
}

function hardCut(text: string, from: number, to: number, maxTokens: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
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
