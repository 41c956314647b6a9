import { describe, expect, it } from "vitest";
import { gitBlobId, parseUnifiedDiff, unapplyDiff } from "./unified-diff";

const before = "one\ntwo\nthree\nfour\nfive\nsix\nseven";
const after = "one\ntwo\n3\nfour\nfive\nsix\nseven\neight";

// As `git diff` writes it (git's blob ids abbreviated to 7), for the two texts above.
const diff = [
  "diff --git a/x/file.js b/x/file.js",
  `index ${gitBlobId(before).slice(0, 7)}..${gitBlobId(after).slice(0, 7)} 100644`,
  "--- a/x/file.js",
  "+++ b/x/file.js",
  "@@ -1,4 +1,4 @@",
  " one",
  " two",
  "-three",
  "+3",
  " four",
  "@@ -5,3 +5,4 @@",
  " five",
  " six",
  "-seven",
  "\\ No newline at end of file",
  "+seven",
  "+eight",
  "\\ No newline at end of file",
  "",
].join("\n");

describe("unapplyDiff", () => {
  it("gives back the file before the diff", () => {
    const [file] = parseUnifiedDiff(diff);
    expect(file?.path).toBe("x/file.js");
    expect(file && unapplyDiff(after, file)).toBe(before);
  });

  it("throws for a file the diff did not make, and when a hunk is not where the diff says", () => {
    const [file] = parseUnifiedDiff(diff);
    if (!file) throw new Error("no file in the diff");
    expect(() => unapplyDiff(after.replace("six", "6"), file)).toThrow(/is not the patched file/);
    const moved = { ...file, newBlob: gitBlobId(`zero\n${after}`).slice(0, 7) };
    expect(() => unapplyDiff(`zero\n${after}`, moved)).toThrow(/hunk at line 5 does not match/);
  });

  it("git's blob id", () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobId("hello\n")).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });
});
