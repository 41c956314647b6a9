import { beforeAll, describe, expect, it } from "vitest";
import { countTokens, decode, encode } from "./index";
import { loadReferenceTokenizer, type ReferenceTokenizer } from "../../dev/tokens/reference-tokenizer";
import { buildCorpus, worstCases } from "../../dev/tokens/test-corpus";

let reference: ReferenceTokenizer;
beforeAll(() => {
  reference = loadReferenceTokenizer();
});

/** First index where two id lists differ, for a readable failure. */
function firstDifference(a: number[], b: number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

describe("agreement with the reference tokenizer (HF tokenizers, same tokenizer.json)", () => {
  it("encodes every corpus case to the same ids", async () => {
    const corpus = buildCorpus();
    expect(corpus.length).toBeGreaterThan(500);
    const mismatches: string[] = [];
    for (const { name, text } of corpus) {
      const expected = await reference.encode(text);
      const actual = encode(text);
      if (actual.length !== expected.length || actual.some((id, i) => id !== expected[i])) {
        const at = firstDifference(actual, expected);
        mismatches.push(`${name}: ${JSON.stringify(text)}\n  ours ${JSON.stringify(actual.slice(at, at + 8))} ref ${JSON.stringify(expected.slice(at, at + 8))} at token ${at}`);
      } else if (countTokens(text) !== expected.length) {
        mismatches.push(`${name}: count ${countTokens(text)} ≠ ${expected.length}`);
      }
    }
    expect(mismatches, mismatches.join("\n")).toEqual([]);
  });

  it.each(worstCases().map((c) => [c.name, c.text] as const))("counts %s exactly", async (_name, text) => {
    expect(countTokens(text)).toBe((await reference.encode(text)).length);
  });

  it("decodes like the reference, including ids that cut a character", async () => {
    for (const { text } of buildCorpus().slice(0, 120)) {
      const ids = await reference.encode(text);
      for (const slice of [ids, ids.slice(0, Math.ceil(ids.length / 2)), ids.slice(1)]) {
        expect(decode(slice)).toBe(await reference.decode(slice));
      }
    }
  });
});
