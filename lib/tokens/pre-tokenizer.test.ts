import { beforeAll, describe, expect, it } from "vitest";
import { QWEN3_PRE_TOKENIZER_FAST_SOURCE, QWEN3_PRE_TOKENIZER_SOURCE, preTokenizerPattern } from "./pre-tokenizer";
import { referenceNfc } from "./normalize";
import { loadReferenceTokenizer, type ReferenceTokenizer } from "./reference-tokenizer";
import { GENERATED_WITH_UNICODE, REFERENCE_NFC_OPAQUE } from "./reference-unicode";
import { buildCorpus, seededRandom } from "./test-corpus";

/**
 * The regex is where JavaScript and Oniguruma differ (the `\s` class, `(?i:…)`), and many
 * wrong splits still give the same ids by luck, so pieces are compared directly with the
 * reference's own pre-tokenizer.
 */
let reference: ReferenceTokenizer;
beforeAll(() => {
  reference = loadReferenceTokenizer();
});

function ourPieces(text: string): string[] {
  return [...text.matchAll(preTokenizerPattern())].map((match) => match[0]);
}

/** Every string of 1–`maxLength` symbols over `alphabet`. */
function allStrings(alphabet: string[], maxLength: number): string[] {
  let level = [""];
  const out: string[] = [];
  for (let length = 1; length <= maxLength; length++) {
    level = level.flatMap((prefix) => alphabet.map((symbol) => prefix + symbol));
    out.push(...level);
  }
  return out;
}

function mismatches(texts: string[]): string[] {
  const found: string[] = [];
  for (const text of texts) {
    const expected = reference.pieces(text);
    const actual = ourPieces(text);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      found.push(`${JSON.stringify(text)}: ours ${JSON.stringify(actual)} ref ${JSON.stringify(expected)}`);
    }
  }
  return found;
}

describe("pre-tokenizer regex", () => {
  it("splits the corpus exactly like the reference", () => {
    // The reference receives lone surrogates as U+FFFD (so do our UTF-8 bytes, later).
    const texts = buildCorpus().map((c) => c.text.replace(/[\ud800-\udfff]/gu, "\ufffd"));
    const found = mismatches(texts);
    expect(found, found.slice(0, 20).join("\n")).toEqual([]);
  });

  // Characters whose class differs between JavaScript and Oniguruma, or that case folding touches.
  const suspects = ["\u0085", "\ufeff", "\u00a0", "\u3000", "\u2028", "\u200b", "\u180e", "\u1680", "\r", "\t", "\v", "\f", "\u017f", "\u212a", "S", "\u00df"];
  it.each(suspects.map((c) => [JSON.stringify(c), c] as const))("splits every short string around %s like the reference", (_name, suspect) => {
    const found = mismatches(allStrings([" ", "a", "\n", "!", "1", "'", suspect], 4));
    expect(found, found.slice(0, 20).join("\n")).toEqual([]);
  });
});

describe("the fast build of the regex (engine classes adjusted by the generated differences)", () => {
  it("was generated on this Node's Unicode version: rerun scripts/build-qwen3-ranks.ts after a Node upgrade", () => {
    expect(process.versions.unicode).toBe(GENERATED_WITH_UNICODE);
  });

  it("splits like the spelled-out build around every code point", () => {
    const fast = new RegExp(QWEN3_PRE_TOKENIZER_FAST_SOURCE, "gv");
    const exact = new RegExp(QWEN3_PRE_TOKENIZER_SOURCE, "gu");
    for (let start = 0; start <= 0x10ffff; start += 0x10000) {
      let probes = "";
      for (let code = start; code < start + 0x10000; code++) {
        if (code >= 0xd800 && code <= 0xdfff) continue;
        const x = String.fromCodePoint(code);
        probes += `a${x}${x}a1${x}1 ${x}\n`;
      }
      const fastPieces = probes.match(fast)!;
      const exactPieces = probes.match(exact)!;
      expect(fastPieces.length).toBe(exactPieces.length);
      const differing = fastPieces.findIndex((piece, i) => piece !== exactPieces[i]);
      expect(differing, `plane starting U+${start.toString(16)}: ${JSON.stringify(fastPieces.slice(differing - 2, differing + 2))}`).toBe(-1);
    }
  });
});

describe("NFC", () => {
  it("normalizes the corpus like the reference", () => {
    for (const { text } of buildCorpus()) {
      const wellFormed = text.replace(/[\ud800-\udfff]/gu, "\ufffd");
      expect(referenceNfc(wellFormed), JSON.stringify(wellFormed)).toBe(reference.nfc(wellFormed));
    }
  });

  it("leaves alone what the reference's older tables do not know, around every such character", () => {
    const opaque = [...REFERENCE_NFC_OPAQUE.matchAll(/\\u\{([0-9a-f]+)\}(?:-\\u\{([0-9a-f]+)\})?/g)].flatMap((m) => {
      const low = parseInt(m[1]!, 16);
      const high = m[2] === undefined ? low : parseInt(m[2], 16);
      return Array.from({ length: high - low + 1 }, (_, i) => String.fromCodePoint(low + i));
    });
    expect(opaque.length).toBeGreaterThan(50);
    const random = seededRandom(5);
    const marks = ["\u0301", "\u0316", "\u0334", "\u0307", "\u05b0", "a", "e", "\u1100", "\u1161"];
    const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)]!;
    for (let i = 0; i < 3000; i++) {
      let text = "";
      for (let j = 0; j < 6; j++) text += random() < 0.4 ? pick(opaque) : pick(marks);
      expect(referenceNfc(text), JSON.stringify(text)).toBe(reference.nfc(text));
    }
  });
});
