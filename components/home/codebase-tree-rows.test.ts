import { describe, expect, it } from "vitest";
import { fileRows, folderRows, formatShare, sortRows } from "./codebase-tree-rows";

const tree = [
  { path: "", depth: 0, files: 3, tokens: 900, lines: 90 },
  { path: "src", depth: 1, files: 2, tokens: 700, lines: 40 },
  { path: "docs", depth: 1, files: 1, tokens: 200, lines: 50 },
];

describe("codebase tree rows", () => {
  it("sorts folders by tokens descending, and by lines or path on request", () => {
    const rows = folderRows(tree);
    expect(sortRows(rows, "tokens", "descending").map((row) => row.path)).toEqual(["", "src", "docs"]);
    expect(sortRows(rows, "lines", "ascending").map((row) => row.path)).toEqual(["src", "docs", ""]);
    expect(sortRows(rows, "path", "descending").map((row) => row.path)).toEqual(["src", "docs", ""]);
  });

  it("keeps only file units and breaks token ties by path", () => {
    const rows = fileRows([
      { ordinal: 2, kind: "file", label: "src/b.ts", tokens: 10 },
      { ordinal: 1, kind: "file", label: "src/a.ts", tokens: 10 },
      { ordinal: 3, kind: "section", label: "not a file", tokens: 99 },
    ]);
    expect(sortRows(rows, "share", "descending")).toEqual([
      { path: "src/a.ts", files: null, lines: null, tokens: 10 },
      { path: "src/b.ts", files: null, lines: null, tokens: 10 },
    ]);
  });

  it("formats the share of the window", () => {
    expect(formatShare(12_800, 128_000)).toBe("10.0%");
    expect(formatShare(1, 128_000)).toBe("<0.1%");
    expect(formatShare(0, 128_000)).toBe("0.0%");
    expect(formatShare(5, 0)).toBe("—");
  });
});
