import { beforeAll, describe, expect, it } from "vitest";
import { PRE_TOKENIZER_CLASSES, QWEN3_PRE_TOKENIZER_FAST_SOURCE, QWEN3_PRE_TOKENIZER_SOURCE, preTokenizerPattern } from "./pre-tokenizer";
import { referenceNfc } from "./normalize";
import { loadReferenceTokenizer, type ReferenceTokenizer } from "../../dev/tokens/reference-tokenizer";
import { GENERATED_WITH_UNICODE, REFERENCE_NFC_OPAQUE } from "./reference-unicode";
import { buildCorpus, seededRandom } from "../../dev/tokens/test-corpus";

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

  it("classifies every code point as the spelled-out build does", () => {
    // Same pattern text around the classes, so equal classes mean equal splits.
    expect(QWEN3_PRE_TOKENIZER_FAST_SOURCE.replaceAll(PRE_TOKENIZER_CLASSES.fast.letters.alone, "L").replaceAll(PRE_TOKENIZER_CLASSES.fast.numbers.alone, "N")).toBe(
      QWEN3_PRE_TOKENIZER_SOURCE.replaceAll(PRE_TOKENIZER_CLASSES.exact.letters.alone, "L")
        .replaceAll(PRE_TOKENIZER_CLASSES.exact.numbers.alone, "N")
        .replaceAll(PRE_TOKENIZER_CLASSES.exact.letters.inside, "L")
        .replaceAll(PRE_TOKENIZER_CLASSES.exact.numbers.inside, "N"),
    );
    for (const kind of ["letters", "numbers"] as const) {
      const fast = new RegExp(`^${PRE_TOKENIZER_CLASSES.fast[kind].alone}$`, "v");
      const exact = new RegExp(`^${PRE_TOKENIZER_CLASSES.exact[kind].alone}$`, "u");
      const differing: string[] = [];
      for (let code = 0; code <= 0x10ffff; code++) {
        const x = String.fromCodePoint(code);
        if (fast.test(x) !== exact.test(x)) differing.push(`U+${code.toString(16)}`);
      }
      expect(differing, kind).toEqual([]);
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
