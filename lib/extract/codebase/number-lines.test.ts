import { describe, expect, it } from "vitest";
import { numberLines, stripLineNumbers } from "./number-lines";

describe("numberLines", () => {
  it("prefixes every line with its number and a tab, blank lines included", () => {
    expect(numberLines("a\n\n  b\n")).toBe("1\ta\n2\t\n3\t  b");
    expect(numberLines("one line")).toBe("1\tone line");
  });

  it("round-trips through stripLineNumbers", () => {
    const text = "const x = 1;\n\n\tindented\n12\tlooks numbered";
    expect(stripLineNumbers(numberLines(text))).toBe(text);
  });
});
