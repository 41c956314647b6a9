import { describe, expect, it } from "vitest";
import { safeEntryPath } from "./safe-path";
import { commonRoot, stripRoot } from "./strip-root";

describe("safeEntryPath", () => {
  it.each([
    ["src/app.ts", "src/app.ts"],
    ["./src//app.ts", "src/app.ts"],
    ["repo\\src\\app.ts", "repo/src/app.ts"],
    ["dir/", "dir"],
  ])("accepts %s as %s", (name, path) => {
    expect(safeEntryPath(name)).toEqual({ ok: true, path });
  });

  it.each([
    ["../evil", /`\.\.` segment/],
    ["a/../../evil", /`\.\.` segment/],
    ["a\\..\\..\\evil", /`\.\.` segment/],
    ["/etc/passwd", /absolute path/],
    ["\\\\server\\share\\x", /absolute path/],
    ["C:\\Windows\\x", /drive path/],
    ["c:relative", /drive path/],
    ["a\u0000b", /NUL byte/],
    ["a/".repeat(200) + "x", /over 128 folders deep/],
    ["x".repeat(5_000), /over 4,096 characters/],
  ])("refuses %s", (name, reason) => {
    const result = safeEntryPath(name);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe("commonRoot", () => {
  it("finds the one wrapper folder shared by every path", () => {
    expect(commonRoot(["repo-main/a.ts", "repo-main/src/b.ts"])).toBe("repo-main");
    expect(stripRoot("repo-main/src/b.ts", "repo-main")).toBe("src/b.ts");
  });

  it("finds none when a file sits at the top or folders differ", () => {
    expect(commonRoot(["repo-main/a.ts", "README.md"])).toBeNull();
    expect(commonRoot(["a/x.ts", "b/y.ts"])).toBeNull();
    expect(commonRoot([])).toBeNull();
  });
});
