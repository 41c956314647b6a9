import { referenceNfc } from "./normalize";

/**
 * Maps offsets in `referenceNfc(text)` back to offsets in `text`, for cutting the original
 * text at a token boundary found in the normalized one.
 *
 * NFC can only change a character together with its neighbours up to the next starter, and no
 * composition takes an ASCII character as its second half, so normalizing the runs that start
 * at an ASCII character one by one gives the same result as normalizing the whole text. Inside
 * a run that normalization changed, only the ASCII characters before its last one keep their
 * offsets (the last one may compose with the combining mark after it); other offsets inside it
 * have no original counterpart and map to -1.
 */
export type NormalizedOffsetMap = (normalizedOffset: number) => number;

export function nfcOffsetMap(text: string, normalized: string): NormalizedOffsetMap {
  if (normalized === text) return (offset) => offset;

  const normalizedStarts: number[] = [];
  const originalStarts: number[] = [];
  const unchanged: boolean[] = [];
  const stableAsciiPrefix: number[] = [];
  let normalizedAt = 0;
  let start = 0;
  while (start < text.length) {
    let end = start;
    while (end < text.length && text.charCodeAt(end) < 0x80) end++;
    const asciiLength = end - start;
    while (end < text.length && text.charCodeAt(end) >= 0x80) end++;
    const run = text.slice(start, end);
    const runNormalized = referenceNfc(run);
    normalizedStarts.push(normalizedAt);
    originalStarts.push(start);
    unchanged.push(runNormalized === run);
    stableAsciiPrefix.push(Math.max(0, asciiLength - 1));
    normalizedAt += runNormalized.length;
    start = end;
  }

  return (offset) => {
    if (offset >= normalized.length) return text.length;
    let low = 0;
    let high = normalizedStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (normalizedStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    const within = offset - normalizedStarts[low]!;
    if (within === 0 || unchanged[low]! || within <= stableAsciiPrefix[low]!) return originalStarts[low]! + within;
    return -1;
  };
}
