import { describe, expect, it } from "vitest";
import { costMicroLi, formatLi, formatYuan, parseLi, parseYuanPerMillion } from "./money";

const prices = { inputMicroLiPerToken: parseYuanPerMillion("2.50"), outputMicroLiPerToken: parseYuanPerMillion("10.00") };

describe("money", () => {
  it("turns yuan per million tokens into integer micro-li per token", () => {
    expect(prices).toEqual({ inputMicroLiPerToken: 2_500, outputMicroLiPerToken: 10_000 });
    expect(parseYuanPerMillion("0.001")).toBe(1);
    expect(() => parseYuanPerMillion("2.5001")).toThrow(/at most 3 decimals/);
    expect(() => parseYuanPerMillion("-1")).toThrow();
  });

  it("prices the worked example of DESIGN.md: 2,000 in + 500 out = 10 li (¥0.01)", () => {
    const cost = costMicroLi(prices, 2_000, 500);
    expect(cost).toBe(10_000_000);
    expect(formatLi(cost)).toBe("10.0000");
    expect(formatYuan(cost)).toBe("¥0.0100");
  });

  it("formats li exactly, without floats", () => {
    expect(formatLi(2_500)).toBe("0.0025");
    expect(formatLi(1)).toBe("0.000001");
    expect(formatLi(123_456_789)).toBe("123.456789");
    expect(formatLi(0)).toBe("0.0000");
    expect(parseLi("12.5")).toBe(12_500_000);
  });
});
