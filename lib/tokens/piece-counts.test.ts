import { describe, expect, it } from "vitest";
import { PieceCounts } from "./piece-counts";

describe("PieceCounts", () => {
  it("finds a piece by its characters wherever it stands, and only that piece", () => {
    const counts = new PieceCounts(16);
    const text = "const x = constant;";
    expect(counts.get(text, 0, 5)).toBe(-1);
    counts.add(text, 0, 5, 1);
    expect(counts.get("  const", 2, 7)).toBe(1);
    expect(counts.get(text, 10, 18)).toBe(-1); // "constant": same start, longer
    expect(counts.get("cons", 0, 4)).toBe(-1);
    expect(counts.get("Const", 0, 5)).toBe(-1);
  });

  // 64 entries: cleared again and again. 4,096 entries and 3,000 pieces of up to 60 units: no
  // clear, and the character store grows past its first 65,536 units.
  it.each([
    [64, 150],
    [4_096, 3_000],
  ])("agrees with a Map (at most %i entries, %i distinct pieces)", (maxEntries, distinct) => {
    const counts = new PieceCounts(maxEntries);
    const reference = new Map<string, number>();
    let seed = 7;
    const random = () => ((seed = Math.imul(seed, 48271) % 2147483647) & 0x7fffffff) / 2147483647;
    const alphabet = ["a", "b", "é", "\u4e2d", "\ud83d\ude00", " ", "\t", "1"];
    const pool = Array.from({ length: distinct }, (_, index) => {
      let piece = String(index);
      while (piece.length < 1 + Math.floor(random() * 60)) piece += alphabet[Math.floor(random() * alphabet.length)];
      return piece;
    });
    let checked = 0;
    for (let round = 0; round < 20_000; round++) {
      const piece = pool[Math.floor(random() * pool.length)] ?? "";
      const padded = `${"x".repeat(round % 5)}${piece}!`;
      const start = round % 5;
      const end = start + piece.length;
      const found = counts.get(padded, start, end);
      if (found >= 0) {
        expect(found).toBe(reference.get(piece));
        checked++;
      } else {
        const value = piece.length * 3 + (piece.charCodeAt(0) % 7);
        if (counts.entries >= maxEntries) reference.clear();
        counts.add(padded, start, end, value);
        reference.set(piece, value);
      }
      expect(counts.entries).toBeLessThanOrEqual(maxEntries);
    }
    expect(checked).toBeGreaterThan(1_000);
  });
});
