import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tarOf } from "../../../dev/codebase/build-test-archives";
import { codebaseLimits } from "./limits";
import { collectTar } from "./read-tar";

const limits = codebaseLimits({ archiveMaxUnpackedBytes: 64 * 1024 * 1024, archiveMaxEntries: 1_000, uploadMaxBytes: 64 * 1024 * 1024 });

describe("collectTar", () => {
  it("streams a .tar.gz, strips the wrapper folder and keeps excluded folders out of memory", async () => {
    const archive = await tarOf([
      { name: "package/", type: "directory" },
      { name: "package/src/index.ts", content: "export {};\n" },
      { name: "package/node_modules/x/index.js", content: "1" },
      { name: "package/dist/index.js", content: "built" },
    ]);
    const result = await collectTar(archive, true, limits);
    expect(result.entries.map((entry) => entry.path)).toEqual(["src/index.ts"]);
    expect(result.skipped).toEqual([
      { label: "node_modules/x/index.js", reason: expect.stringMatching(/^dependency folder/), folder: "node_modules" },
      { label: "dist/index.js", reason: expect.stringMatching(/^build output folder/), folder: "dist" },
    ]);
  });

  it("keeps a wrapper folder whose own name looks excluded (a repository called `build`)", async () => {
    const archive = await tarOf([{ name: "build/src/a.ts", content: "a" }, { name: "build/README.md", content: "r" }], false);
    const result = await collectTar(archive, false, limits);
    expect(result.entries.map((entry) => entry.path).sort()).toEqual(["README.md", "src/a.ts"]);
  });

  it("reports symbolic links, hard links and devices, never following them", async () => {
    const archive = await tarOf([
      { name: "repo/link-to-passwd", type: "symlink", linkname: "/etc/passwd" },
      { name: "repo/hard", type: "link", linkname: "repo/a.ts" },
      { name: "repo/tty", type: "character-device" },
      { name: "repo/a.ts", content: "a" },
    ]);
    const result = await collectTar(archive, true, limits);
    expect(result.entries.map((entry) => entry.path)).toEqual(["a.ts"]);
    expect(result.skipped).toEqual([
      { label: "link-to-passwd", reason: "symbolic link (to /etc/passwd): not followed" },
      { label: "hard", reason: "hard link (to repo/a.ts): not followed" },
      { label: "tty", reason: "special entry (character-device): not read" },
    ]);
  });

  it("skips traversal and absolute names", async () => {
    const archive = await tarOf([{ name: "../evil.sh", content: "x" }, { name: "/etc/passwd", content: "x" }, { name: "ok.txt", content: "ok" }]);
    const result = await collectTar(archive, true, limits);
    expect(result.entries.map((entry) => entry.path)).toEqual(["ok.txt"]);
    expect(result.skipped.map((skip) => skip.reason)).toEqual([expect.stringMatching(/`\.\.` segment/), expect.stringMatching(/absolute path/)]);
  });

  it("stops a gzip bomb at the unpacked limit with 413", async () => {
    const archive = await tarOf([{ name: "zeros.txt", content: new Uint8Array(8 * 1024 * 1024) }]);
    expect(archive.byteLength).toBeLessThan(64 * 1024);
    await expect(collectTar(archive, true, { ...limits, maxUnpackedBytes: 2 * 1024 * 1024 })).rejects.toMatchObject({ status: 413, code: "archive_too_large_unpacked" });
  });

  it("refuses more entries than the limit", async () => {
    const archive = await tarOf(Array.from({ length: 20 }, (_, index) => ({ name: `f${index}.txt`, content: "x" })));
    await expect(collectTar(archive, true, { ...limits, maxEntries: 5 })).rejects.toMatchObject({ status: 413, code: "archive_too_many_entries" });
  });

  it("skips oversized entries without buffering them", async () => {
    const archive = await tarOf([{ name: "big.sql", content: "x".repeat(5_000) }, { name: "a.ts", content: "a" }]);
    const result = await collectTar(archive, true, { ...limits, maxFileBytes: 1_000 });
    expect(result.entries.map((entry) => entry.path)).toEqual(["a.ts"]);
    expect(result.skipped[0]?.reason).toMatch(/per-file limit/);
  });

  it("answers 422 for a gzip that holds no tar", async () => {
    const notTar = new Uint8Array(gzipSync(Buffer.from("just some text, not a tar archive at all".repeat(40))));
    await expect(collectTar(notTar, true, limits)).rejects.toMatchObject({ status: 422, code: "archive_corrupt" });
  });
});
