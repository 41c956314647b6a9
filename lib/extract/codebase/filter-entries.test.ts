import { describe, expect, it } from "vitest";
import { filterEntries } from "./filter-entries";
import { codebaseLimits } from "./limits";
import { PathPolicy } from "./path-policy";
import { summarizeSkips } from "./summarize-skips";
import type { RawEntry } from "./types";

const limits = codebaseLimits({ archiveMaxUnpackedBytes: 64 * 1024 * 1024, archiveMaxEntries: 1_000, uploadMaxBytes: 64 * 1024 * 1024 });
const entry = (path: string, content: string | Uint8Array): RawEntry => ({ path, bytes: typeof content === "string" ? new TextEncoder().encode(content) : content });

function run(entries: RawEntry[], overrides = {}) {
  const { files, skipped } = filterEntries(entries, new PathPolicy(), { ...limits, ...overrides });
  return { kept: files.map((file) => file.path), reasons: Object.fromEntries(skipped.map((skip) => [skip.label, skip.reason])), files, skipped };
}

describe("filterEntries: .gitignore at every level", () => {
  it("follows git: patterns relative to their folder, deeper files override, negation, folder-only patterns", () => {
    const { kept, reasons } = run([
      entry(".gitignore", "*.log\n/tmp/\nbuild-*/\n!keep.log\n"),
      entry("packages/web/.gitignore", "*.gen.ts\n!important.log\n/local.ts\n"),
      entry("app.log", "x"),
      entry("keep.log", "kept by a negation"),
      entry("tmp/a.ts", "root-anchored folder"),
      entry("src/tmp/a.ts", "not the root tmp"),
      entry("build-2024/out.ts", "folder pattern"),
      entry("packages/web/api.gen.ts", "generated"),
      entry("packages/web/important.log", "re-included by the deeper file"),
      entry("packages/web/local.ts", "anchored to packages/web"),
      entry("packages/web/src/local.ts", "not anchored here"),
      entry("packages/api/x.gen.ts", "the web .gitignore does not apply here"),
    ]);
    expect(kept).toEqual([".gitignore", "keep.log", "packages/api/x.gen.ts", "packages/web/.gitignore", "packages/web/important.log", "packages/web/src/local.ts", "src/tmp/a.ts"]);
    expect(reasons["app.log"]).toBe("ignored by .gitignore (`*.log`)");
    expect(reasons["tmp/a.ts"]).toBe("ignored by .gitignore (`/tmp/`)");
    expect(reasons["build-2024/out.ts"]).toBe("ignored by .gitignore (`build-*/`)");
    expect(reasons["packages/web/api.gen.ts"]).toBe("ignored by packages/web/.gitignore (`*.gen.ts`)");
    expect(reasons["packages/web/local.ts"]).toBe("ignored by packages/web/.gitignore (`/local.ts`)");
  });

  it("does not apply a .gitignore over 256 KB, and says so", () => {
    const policy = new PathPolicy();
    const { files } = filterEntries([entry(".gitignore", `*.ts\n${"# a comment line\n".repeat(20_000)}`), entry("a.ts", "a")], policy, limits);
    expect(files.map((file) => file.path)).toEqual([".gitignore", "a.ts"]);
    expect(policy.warnings).toEqual([".gitignore is over 256 KB and was not applied: the files it would ignore were reviewed."]);
  });

  it("cannot re-include a file inside an ignored folder, as git cannot", () => {
    const { kept } = run([entry(".gitignore", "logs/\n!logs/keep.txt\n"), entry("logs/keep.txt", "x")]);
    expect(kept).toEqual([".gitignore"]);
  });
});

describe("filterEntries: what a developer would not review", () => {
  it("skips dependency and build folders once per folder, lockfiles, secrets and binaries", () => {
    const { kept, skipped } = run([
      entry("src/a.ts", "a"),
      entry("node_modules/x/index.js", "x"),
      entry("node_modules/y/index.js", "y"),
      entry("packages/ui/dist/index.js", "built"),
      entry("package-lock.json", "{}"),
      entry("yarn.lock", "#"),
      entry("Cargo.lock", "#"),
      entry("go.sum", "x"),
      entry(".env", "API_KEY=sk-123"),
      entry(".env.example", "API_KEY="),
      entry("logo.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47])),
      entry("data.bin2", new Uint8Array([0x41, 0x00, 0x42])),
    ]);
    expect(kept).toEqual([".env.example", "src/a.ts"]);
    expect(summarizeSkips(skipped)).toEqual([
      { label: ".env", reason: "environment file (may hold secrets): never sent to the model" },
      { label: "Cargo.lock", reason: expect.stringMatching(/^lockfile/) },
      { label: "data.bin2", reason: "binary file (NUL bytes in its first 8 KB)" },
      { label: "go.sum", reason: expect.stringMatching(/^lockfile/) },
      { label: "logo.png", reason: "binary file (.png)" },
      { label: "node_modules/", reason: "dependency folder (node_modules): third-party code, not reviewed (2 files)" },
      { label: "package-lock.json", reason: expect.stringMatching(/^lockfile/) },
      { label: "packages/ui/dist/", reason: "build output folder (dist): generated, not reviewed (1 file)" },
      { label: "yarn.lock", reason: expect.stringMatching(/^lockfile/) },
    ]);
  });

  it("skips minified bundles by name and by shape, but keeps a normal file with one long line", () => {
    const minified = `!function(){${"var a=1;".repeat(1_000)}}();`;
    const normal = `${"const x = 1;\n".repeat(300)}const svgPath = "${"M0 0L1 1".repeat(800)}";\n`;
    const { kept, reasons } = run([entry("vendor.min.js", "x"), entry("public/bundle.js", minified), entry("src/icons.ts", normal)]);
    expect(kept).toEqual(["src/icons.ts"]);
    expect(reasons["vendor.min.js"]).toBe("minified bundle: generated, not reviewable");
    expect(reasons["public/bundle.js"]).toBe("minified or generated (a 8,016-character line): not reviewable source");
  });

  it("decodes UTF-8 with a BOM, UTF-16 with a BOM, normalizes CRLF, and skips what it cannot decode", () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from("hé\r\nyo").flatMap((char) => [char.charCodeAt(0), 0])]);
    const { files, reasons } = run([
      entry("bom.ts", new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("const a = 1;\r\n")])),
      entry("wide.txt", utf16),
      entry("latin1.txt", new Uint8Array([0x63, 0x61, 0x66, 0xe9])),
      entry("empty.ts", "  \n"),
    ]);
    expect(files.map((file) => [file.path, file.text, file.lines])).toEqual([
      ["bom.ts", "const a = 1;\n", 1],
      ["wide.txt", "hé\nyo", 2],
    ]);
    expect(reasons["latin1.txt"]).toMatch(/^not valid UTF-8/);
    expect(reasons["empty.ts"]).toBe("empty file");
  });

  it("skips files over the per-file limit and duplicate paths", () => {
    const { kept, reasons } = run([entry("big.json", "x".repeat(2_048)), entry("a.ts", "first"), entry("a.ts", "second")], { maxFileBytes: 1_024 });
    expect(kept).toEqual(["a.ts"]);
    expect(reasons["big.json"]).toBe("2 KB, over the 1 KB per-file limit: likely data or generated; raise the limit to include it");
    expect(reasons["a.ts"]).toBe("duplicate path: the first copy was kept");
  });
});
