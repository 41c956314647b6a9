import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { patchCentralRecord, zipOf } from "../../../dev/codebase/build-test-archives";
import { codebaseLimits } from "./limits";
import { PathPolicy } from "./path-policy";
import { collectZip } from "./read-zip";

const limits = codebaseLimits({ archiveMaxUnpackedBytes: 64 * 1024 * 1024, archiveMaxEntries: 1_000, uploadMaxBytes: 64 * 1024 * 1024 });
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

function collect(zip: Uint8Array, overrides = {}) {
  return collectZip(zip, { ...limits, ...overrides }, new PathPolicy());
}

describe("collectZip", () => {
  it("reads entries, strips the single top-level folder and never inflates excluded folders", async () => {
    const zip = zipOf({
      "repo-main/src/app.ts": "export const a = 1;\n",
      "repo-main/README.md": "# Repo\n",
      "repo-main/node_modules/left-pad/index.js": "module.exports = 1;\n",
      "repo-main/node_modules/left-pad/package.json": "{}",
    });
    const result = await collect(zip);
    expect(result.entries.map((entry) => entry.path).sort()).toEqual(["README.md", "src/app.ts"]);
    expect(text(result.entries.find((entry) => entry.path === "src/app.ts")?.bytes)).toBe("export const a = 1;\n");
    expect(result.skipped.filter((skip) => skip.folder === "node_modules")).toHaveLength(2);
  });

  it("skips traversal, absolute, drive-letter and backslash names with a reason", async () => {
    const zip = zipOf({ "../evil.sh": "rm -rf /", "/etc/passwd": "root:x", "C:\\x.txt": "x", "a\\..\\..\\evil2": "y", "ok.txt": "fine" });
    const result = await collect(zip);
    expect(result.entries.map((entry) => entry.path)).toEqual(["ok.txt"]);
    const reasons = Object.fromEntries(result.skipped.map((skip) => [skip.label, skip.reason]));
    expect(reasons["../evil.sh"]).toMatch(/`\.\.` segment/);
    expect(reasons["/etc/passwd"]).toMatch(/absolute path/);
    expect(reasons["C:\\x.txt"]).toMatch(/drive/);
    expect(reasons["a\\..\\..\\evil2"]).toMatch(/`\.\.` segment/);
  });

  it("applies .gitignore files found in the archive before inflating the rest", async () => {
    const zip = zipOf({
      ".gitignore": "*.log\n/generated/\n",
      "src/.gitignore": "local-*.ts\n",
      "src/a.ts": "a",
      "src/local-secret.ts": "b",
      "app.log": "noise",
      "generated/out.ts": "x",
      "src/generated/kept.ts": "anchored pattern only matches at the root",
    });
    const result = await collect(zip);
    expect(result.entries.map((entry) => entry.path).sort()).toEqual([".gitignore", "src/.gitignore", "src/a.ts", "src/generated/kept.ts"]);
    const reasons = Object.fromEntries(result.skipped.map((skip) => [skip.label, skip.reason]));
    expect(reasons["src/local-secret.ts"]).toBe("ignored by src/.gitignore (`local-*.ts`)");
    expect(reasons["app.log"]).toBe("ignored by .gitignore (`*.log`)");
  });

  it("refuses an archive declaring more entries than the limit, before reading them", async () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`f${index}.txt`, "x"]));
    await expect(collect(zipOf(files), { maxEntries: 10 })).rejects.toThrow(/30 entries, over the limit of 10/);
    try {
      await collect(zipOf(files), { maxEntries: 10 });
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(413);
    }
  });

  it("refuses an archive whose declared sizes exceed the unpacked limit (a zip bomb)", async () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const zip = zipOf({ "a.txt": zeros, "b.txt": zeros, "c.txt": zeros });
    expect(zip.byteLength).toBeLessThan(64 * 1024);
    await expect(collect(zip, { maxUnpackedBytes: 10 * 1024 * 1024 })).rejects.toThrow(expect.objectContaining({ status: 413, code: "archive_too_large_unpacked" }));
  });

  it("skips an entry whose compression ratio is a bomb's, without inflating it", async () => {
    const zip = zipOf({ "bomb.txt": new Uint8Array(8 * 1024 * 1024).fill(65), "ok.txt": "fine" });
    const result = await collect(zip, { maxFileBytes: 16 * 1024 * 1024 });
    expect(result.entries.map((entry) => entry.path)).toEqual(["ok.txt"]);
    expect(result.skipped[0]?.reason).toMatch(/^compression ratio [\d,]+:1 on 8 MB \(zip bomb pattern\)/);
  });

  it("drops an entry that inflates past the size it declares", async () => {
    const zip = patchCentralRecord(zipOf({ "liar.txt": "a".repeat(10_000) }), "liar.txt", (view, offset) => view.setUint32(offset + 24, 100, true));
    const result = await collect(zip);
    expect(result.entries).toEqual([]);
    expect(result.skipped[0]?.reason).toMatch(/does not inflate to the 100 bytes it declares/);
  });

  it("skips entries whose data overlaps another's", async () => {
    const zip = zipOf({ "a.txt": "first", "b.txt": "second" });
    const first = { offset: 0 };
    patchCentralRecord(zip, "a.txt", (view, offset) => (first.offset = view.getUint32(offset + 42, true)));
    const overlapping = patchCentralRecord(zip, "b.txt", (view, offset) => view.setUint32(offset + 42, first.offset + 1, true));
    const result = await collect(overlapping);
    expect(result.entries.map((entry) => entry.path)).toEqual(["a.txt"]);
    expect(result.skipped[0]?.reason).toMatch(/overlaps another entry/);
  });

  it("reports symbolic links, encrypted entries and oversized files instead of reading them", async () => {
    const zip = zipOf({
      "link": { data: "/etc/passwd", attributes: { os: 3, attrs: (0o120777 << 16) >>> 0 } },
      "secret.txt": "hidden",
      "big.txt": "x".repeat(2_000),
      "ok.txt": "fine",
    });
    const encrypted = patchCentralRecord(zip, "secret.txt", (view, offset) => view.setUint16(offset + 8, view.getUint16(offset + 8, true) | 1, true));
    const result = await collect(encrypted, { maxFileBytes: 1_000 });
    expect(result.entries.map((entry) => entry.path)).toEqual(["ok.txt"]);
    const reasons = Object.fromEntries(result.skipped.map((skip) => [skip.label, skip.reason]));
    expect(reasons.link).toBe("symbolic link: not followed");
    expect(reasons["secret.txt"]).toMatch(/encrypted/);
    expect(reasons["big.txt"]).toMatch(/over the 1,000 bytes per-file limit/);
  });

  it("says what to do with something that is not a zip", async () => {
    await expect(collect(new TextEncoder().encode("PK\u0003\u0004 but nothing else of a zip"))).rejects.toThrow(expect.objectContaining({ status: 422, code: "archive_corrupt" }));
  });
});
