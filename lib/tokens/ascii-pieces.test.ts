import { describe, expect, it } from "vitest";
import { asciiPieceEnd } from "./ascii-pieces";
import { preTokenizerPattern } from "./pre-tokenizer";
import { seededRandom } from "../../dev/tokens/test-corpus";

const sticky = () => {
  const global = preTokenizerPattern();
  return new RegExp(global.source, global.flags.replace("g", "") + "y");
};

function regexPieces(text: string): string[] {
  const pattern = sticky();
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length && pattern.test(text)) {
    pieces.push(text.slice(start, pattern.lastIndex));
    start = pattern.lastIndex;
  }
  return pieces;
}

/** What encoder.ts's counting does: the ASCII split where it decides, the regex elsewhere. */
function fastPieces(text: string): { pieces: string[]; decided: number } {
  const pattern = sticky();
  const pieces: string[] = [];
  let start = 0;
  let decided = 0;
  while (start < text.length) {
    let end = asciiPieceEnd(text, start);
    if (end >= 0) decided++;
    else {
      pattern.lastIndex = start;
      if (!pattern.test(text)) break;
      end = pattern.lastIndex;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return { pieces, decided };
}

describe("asciiPieceEnd", () => {
  it.each([
    ["code", "  const x = foo(bar, 'baz') ?? 42;\n\n\tif (a<=b) {\r\n    return x's;\n  }\n"],
    ["contractions", "it's we're they've I'm we'll he'd IT'S 'RE 'Ve 'LL 'x ' '' 'l 'r 're"],
    ["whitespace runs", "a  b   c\t\td \n\n e\r\n\r\nf \u000b\u000cg   \n   \n"],
    ["ends", "x  "],
    ["punctuation", "}}\n\n)); => ... --flag=value #!/usr/bin/env node\n/* ** */ // ~`|\\"],
    ["numbers", "v1.2.3 0x7fff 1e-9 12345 a1b2"],
    ["controls", "\u0000\u0001a\u001fb\u007f c"],
  ])("splits %s exactly like the regex", (_name, text) => {
    const { pieces, decided } = fastPieces(text);
    expect(pieces).toEqual(regexPieces(text));
    expect(decided).toBe(pieces.length);
  });

  it("hands non-ASCII decisions to the regex and still splits exactly like it", () => {
    const text = "café naïve\u00a0x \u3000y 's 'ſ 中文 a\u0085b 😀! ‘quote’ ½ x²";
    const { pieces, decided } = fastPieces(text);
    expect(pieces).toEqual(regexPieces(text));
    expect(decided).toBeGreaterThan(0);
    expect(decided).toBeLessThan(pieces.length);
  });

  it("splits 20,000 random texts exactly like the regex", () => {
    const alphabet = ["a", "Z", "s", "t", "r", "e", "l", "d", "m", "v", "0", "7", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\u000b", "'", "'", "(", ")", "{", ".", "-", "_", "\u0000", "\u007f", "é", "\u00a0", "\u3000", "\u017f", "中", "\u0085", "😀", "\u2028", "²"];
    const { decided, total } = compareOnRandomTexts(alphabet, 42, 24);
    // Most splits are decided without the regex.
    expect(decided / total).toBeGreaterThan(0.5);
  });

  it("splits 20,000 random texts of all 128 ASCII characters exactly like the regex, deciding every split", () => {
    const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
    const { decided, total } = compareOnRandomTexts([...ascii, ..."   \t\n\n\r'''sStTrReEvVlLmMdD".split("")], 7, 32);
    expect(decided).toBe(total);
  });
});

/** 20,000 random texts of 1 to `maxLength` characters drawn from `alphabet`, each split like the regex; how many splits ASCII decided. */
function compareOnRandomTexts(alphabet: readonly string[], seed: number, maxLength: number): { decided: number; total: number } {
  const random = seededRandom(seed);
  let decided = 0;
  let total = 0;
  for (let round = 0; round < 20_000; round++) {
    let text = "";
    const length = 1 + Math.floor(random() * maxLength);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    const fast = fastPieces(text);
    const expected = regexPieces(text);
    if (JSON.stringify(fast.pieces) !== JSON.stringify(expected)) expect({ text, pieces: fast.pieces }).toEqual({ text, pieces: expected });
    decided += fast.decided;
    total += expected.length;
  }
  return { decided, total };
}
