import { describe, expect, it } from "vitest";
import { numberLines, stripLineNumbers } from "./number-lines";

describe("numberLines", () => {
  it("prefixes every line with its number and a tab, blank lines included", () => {
    expect(numberLines("a\n\n  b\n")).toBe("1\ta\n2\t\n3\t  b");
    expect(numberLines("one line")).toBe("1\tone line");
  });

  it("numbers empty texts, lone newlines and CR LF lines the same way as ever (the cache keys and counts depend on it)", () => {
    expect(numberLines("")).toBe("1\t");
    expect(numberLines("\n")).toBe("1\t");
    expect(numberLines("\n\n")).toBe("1\t\n2\t");
    expect(numberLines("a\n\n")).toBe("1\ta\n2\t");
    expect(numberLines("a\r\nb\n")).toBe("1\ta\r\n2\tb");
    expect(numberLines("x\ny")).toBe("1\tx\n2\ty");
  });

  it("round-trips through stripLineNumbers", () => {
    const text = "const x = 1;\n\n\tindented\n12\tlooks numbered";
    expect(stripLineNumbers(numberLines(text))).toBe(text);
  });
});
