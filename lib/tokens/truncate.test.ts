import { describe, expect, it } from "vitest";
import { countTokens, encode, qwen3Tokenizer, truncateToTokens } from "./index";
import { buildCorpus, SAMPLES, worstCases } from "../../dev/tokens/test-corpus";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The definition, computed the slow way: the longest decode of the first k tokens (k ≤ max)
 * that is whole UTF-8 and re-encodes to at most max tokens.
 */
function bruteForce(text: string, maxTokens: number): string {
  const ids = encode(text);
  if (ids.length <= maxTokens) return text;
  for (let k = maxTokens; k > 0; k--) {
    let prefix: string;
    try {
      prefix = strictUtf8.decode(qwen3Tokenizer().decodeBytes(ids.slice(0, k)));
    } catch {
      continue; // ends inside a character
    }
    if (countTokens(prefix) <= maxTokens) return prefix;
  }
  return "";
}

/** Texts where the slow definition applies as is: NFC already, no special token, no lone surrogate. */
function isPlain(text: string): boolean {
  return text === text.normalize("NFC") && !/<[|/a-z]/.test(text) && !/[\ud800-\udfff]/u.test(text);
}

describe("truncateToTokens", () => {
  it("returns the whole text when it fits, and nothing for a budget of 0", () => {
    expect(truncateToTokens(SAMPLES.english!, 10_000)).toBe(SAMPLES.english);
    expect(truncateToTokens(SAMPLES.english!, 0)).toBe("");
    expect(truncateToTokens("", 5)).toBe("");
  });

  it("returns a prefix that fits, ends on a character, and is the longest the token boundaries allow", () => {
    let compared = 0;
    for (const { name, text } of buildCorpus().filter((_, i) => i % 2 === 0)) {
      const total = countTokens(text);
      for (const max of new Set([1, 2, 3, Math.floor(total / 2), total - 1])) {
        if (max <= 0) continue;
        const cut = truncateToTokens(text, max);
        expect(text.startsWith(cut), name).toBe(true);
        expect(countTokens(cut), `${name} max ${max}`).toBeLessThanOrEqual(max);
        expect(/[\ud800-\udbff]$/.test(cut), name).toBe(false);
        if (isPlain(text)) {
          expect(cut, `${name} max ${max}: ${JSON.stringify(text)}`).toBe(bruteForce(text, max));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it("cuts long texts and worst cases without splitting a character", () => {
    for (const { name, text } of worstCases()) {
      const cut = truncateToTokens(text, 1000);
      expect(text.startsWith(cut), name).toBe(true);
      const count = countTokens(cut);
      expect(count, name).toBeLessThanOrEqual(1000);
      expect(count, name).toBeGreaterThan(990);
    }
  });

  it("cuts a non-NFC text at a point of the original text", () => {
    const text = "Vie\u0323\u0302t Nam e\u0301 ".repeat(50);
    for (const max of [5, 17, 40, 99]) {
      const cut = truncateToTokens(text, max);
      expect(text.startsWith(cut)).toBe(true);
      expect(countTokens(cut)).toBeLessThanOrEqual(max);
      expect(countTokens(cut)).toBeGreaterThan(max - 4);
    }
  });

  it("counts a special token as one and never cuts inside it", () => {
    const text = "Hello<|im_start|>world";
    expect(truncateToTokens(text, 1)).toBe("Hello");
    expect(truncateToTokens(text, 2)).toBe("Hello<|im_start|>");
    expect(truncateToTokens(text, 3)).toBe(text);
  });
});
