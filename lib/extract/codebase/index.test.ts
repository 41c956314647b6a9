import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countTokens } from "../../tokens";
import { tarOf, zipOf } from "../../../dev/codebase/build-test-archives";
import { countFiles, countManyDefault, defaultCountDeps } from "./count-files";
import { sharedCountPool } from "./count-pool";
import { codebaseLimits, extractCodebaseArchive, extractCodebaseDirectory, extractCodebaseFiles, rankFilesForReview, readCodebaseMeta, renderFactsMarkdown, renderRepoMap, stripLineNumbers } from "./index";
import { defaultIngestDeps } from "./pipeline";
import { TokenCache } from "./token-cache";

const limits = codebaseLimits({ archiveMaxUnpackedBytes: 64 * 1024 * 1024, archiveMaxEntries: 5_000, uploadMaxBytes: 64 * 1024 * 1024 });

/** A small repository with a bit of everything the ingest has to handle. */
const repo: Record<string, string | Uint8Array> = {
  "README.md": "# Shop\n\nA tiny shop.\n",
  "package.json": JSON.stringify({ name: "shop", version: "1.0.0", main: "dist/index.js", scripts: { start: "node dist/index.js" }, dependencies: { express: "^4.19.2", zod: "^3.23.0" }, devDependencies: { vitest: "^2.0.0" } }, null, 2),
  "package-lock.json": "{}",
  ".gitignore": "*.log\ncoverage-local/\n",
  "src/index.ts": "import { cart } from './cart';\n// TODO: read the port from the environment\nexport const port = 3000;\nconsole.log(cart);\n",
  "src/cart.ts": "export const cart = [];\n// FIXME: prices are floats\nexport function total(items: number[]) {\n  return items.reduce((a, b) => a + b, 0); // HACK\n}\n",
  "src/.gitignore": "scratch.ts\n",
  "src/scratch.ts": "ignored by the nested .gitignore",
  "src/cart.test.ts": "import { total } from './cart';\ntest('total', () => expect(total([1, 2])).toBe(3));\n",
  "public/app.min.js": "!function(){}();",
  "public/logo.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]),
  "debug.log": "noise",
  "node_modules/express/index.js": "module.exports = {};",
};

describe("extractCodebaseArchive on a small synthetic repository", () => {
  it("gives numbered units with exact tokens, skipped files with reasons, a tree and facts", async () => {
    const prefixed = Object.fromEntries(Object.entries(repo).map(([name, content]) => [`shop-main/${name}`, content]));
    const doc = await extractCodebaseArchive({ bytes: zipOf(prefixed), filename: "shop-main.zip", limits });

    expect(doc.name).toBe("shop-main");
    expect(doc.kind).toBe("codebase");
    expect(doc.units.map((unit) => unit.label)).toEqual([".gitignore", "README.md", "package.json", "src/.gitignore", "src/cart.test.ts", "src/cart.ts", "src/index.ts"]);
    const index = doc.units.find((unit) => unit.label === "src/index.ts");
    expect(index?.text.split("\n")[1]).toBe("2\t// TODO: read the port from the environment");
    for (const unit of doc.units) expect(unit.tokens).toBe(countTokens(unit.text));
    expect(doc.totalTokens).toBe(doc.units.reduce((sum, unit) => sum + unit.tokens, 0));
    expect(doc.skipped.map((skip) => skip.label)).toEqual(["debug.log", "node_modules/", "package-lock.json", "public/app.min.js", "public/logo.png", "src/scratch.ts"]);

    const meta = readCodebaseMeta(doc.meta);
    if (!meta) throw new Error("meta has no facts and tree");
    expect(meta.tree[0]).toEqual({ path: "", depth: 0, files: 7, tokens: doc.totalTokens, lines: meta.facts.files.lines });
    expect(meta.tree.find((folder) => folder.path === "src")).toMatchObject({ files: 4 });
    const { facts } = meta;
    expect(facts.files).toMatchObject({ included: 7, skipped: 6, tokens: doc.totalTokens });
    expect(facts.manifests[0]?.dependencies).toEqual([
      { name: "express", version: "^4.19.2", scope: "runtime" },
      { name: "zod", version: "^3.23.0", scope: "runtime" },
      { name: "vitest", version: "^2.0.0", scope: "dev" },
    ]);
    expect(facts.markers.counts).toEqual({ TODO: 1, FIXME: 1, HACK: 1 });
    expect(facts.markers.locations[0]).toEqual({ path: "src/cart.ts", line: 2, kind: "FIXME", text: "// FIXME: prices are floats" });
    expect(facts.tests).toEqual({ testFiles: 1, testLines: 2, sourceFiles: 2, sourceLines: 9 });
    expect(facts.entryPoints).toEqual([
      { path: "package.json", kind: "package.json main", detail: "dist/index.js" },
      { path: "package.json", kind: "npm run start", detail: "node dist/index.js" },
      { path: "src/index.ts", kind: "root module" },
    ]);
    expect(facts.languages.find((language) => language.language === "TypeScript")).toMatchObject({ kind: "code", files: 3, lines: 11 });

    const markdown = renderFactsMarkdown(facts);
    expect(markdown).toContain("- **Tests:** 1 test files (2 lines) for 2 source files (9 lines): 22 test lines per 100 source lines.");
    expect(markdown).toContain("  - runtime: express ^4.19.2, zod ^3.23.0");
    expect(markdown).toContain("- `src/cart.ts:2` `// FIXME: prices are floats`");
    const map = renderRepoMap(meta.tree, facts);
    expect(map).toContain(`./ 7 · ${meta.facts.files.lines} · ${doc.totalTokens.toLocaleString("en-US")}`);
    expect(map).toContain("  src/ 4 ·");

    expect(rankFilesForReview(doc).map((rank) => `${rank.priority} ${rank.label}`)).toEqual([
      "100 README.md",
      "95 package.json",
      "90 src/index.ts",
      "64 src/cart.ts",
      "45 .gitignore",
      "45 src/.gitignore",
      "25 src/cart.test.ts",
    ]);
  });

  it("reads the same repository the same way from a .tar.gz, uploaded files and a folder", async () => {
    const fromZip = await extractCodebaseArchive({ bytes: zipOf(repo), filename: "shop.zip", limits });
    const fromTar = await extractCodebaseArchive({ bytes: await tarOf(Object.entries(repo).map(([name, content]) => ({ name: `shop/${name}`, content }))), filename: "shop.tgz", limits });
    const fromFiles = await extractCodebaseFiles(
      Object.entries(repo).map(([name, content]) => ({ path: `shop/${name}`, bytes: typeof content === "string" ? new TextEncoder().encode(content) : content })),
      "shop",
      limits,
    );
    const shape = (doc: typeof fromZip) => ({ units: doc.units.map((unit) => [unit.label, unit.tokens]), skipped: doc.skipped.map((skip) => skip.label) });
    expect(shape(fromTar)).toEqual(shape(fromZip));
    expect(shape(fromFiles)).toEqual(shape(fromZip));
    expect(fromTar.meta.source).toBe("tar.gz");
  });

  it("returns a document with no units and a warning when nothing is reviewable", async () => {
    const doc = await extractCodebaseArchive({ bytes: zipOf({ "logo.png": new Uint8Array([1, 2, 3]), "yarn.lock": "#" }), filename: "assets.zip", limits });
    expect(doc.units).toEqual([]);
    expect(doc.meta.warnings).toEqual(["No reviewable text files were found: all 2 entries were skipped (see the list of skipped files for why)."]);
  });

  it("refuses what is not an archive (415) and uploads over the limit (413), saying what to do", async () => {
    await expect(extractCodebaseArchive({ bytes: new TextEncoder().encode("hello"), filename: "notes.txt", limits })).rejects.toMatchObject({ status: 415, code: "unsupported_archive", message: expect.stringContaining("git archive") });
    await expect(extractCodebaseArchive({ bytes: zipOf({ "a.ts": "x".repeat(4_000) }), filename: "a.zip", limits: { ...limits, maxArchiveBytes: 100 } })).rejects.toMatchObject({ status: 413, code: "upload_too_large" });
  });
});

describe("extractCodebaseDirectory", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "longdoc-codebase-"));
    for (const [name, content] of Object.entries(repo)) {
      await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await fs.writeFile(path.join(dir, name), content);
    }
    await fs.symlink("/etc", path.join(dir, "src", "etc-link"));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("walks the folder without opening excluded folders or following links", async () => {
    const doc = await extractCodebaseDirectory(dir, limits);
    const fromZip = await extractCodebaseArchive({ bytes: zipOf(repo), filename: "shop.zip", limits });
    expect(doc.units.map((unit) => [unit.label, unit.tokens])).toEqual(fromZip.units.map((unit) => [unit.label, unit.tokens]));
    expect(doc.skipped).toContainEqual({ label: "src/etc-link", reason: "symbolic link: not followed" });
    expect(doc.skipped).toContainEqual({ label: "node_modules/", reason: "dependency folder (node_modules): third-party code, not reviewed" });
  });

  it("says what to pass when the path is not a folder", async () => {
    await expect(extractCodebaseDirectory(path.join(dir, "README.md"), limits)).rejects.toMatchObject({ status: 400, code: "not_a_directory" });
  });
});

describe("a repository larger than the 128K window", () => {
  it("ingests fine, with exact counts and every file covered", async () => {
    const files: Record<string, string> = {};
    for (let folder = 0; folder < 60; folder += 1) {
      const body = Array.from({ length: 120 }, (_, line) => `export function handler${folder}_${line}(request: Request): number {\n  return request.headers.get("x-${line}")?.length ?? ${line};\n}`).join("\n");
      files[`big-repo/src/module-${String(folder).padStart(2, "0")}/handlers.ts`] = `${body}\n`;
    }
    const cache = new TokenCache();
    const doc = await extractCodebaseArchive({ bytes: zipOf(files), filename: "big-repo.zip", limits }, { deps: defaultIngestDeps({ countMany: countManyDefault, cache }) });
    expect(doc.units).toHaveLength(60);
    expect(doc.skipped).toEqual([]);
    expect(doc.totalTokens).toBeGreaterThan(128_000);
    const sample = doc.units[17];
    expect(sample?.tokens).toBe(countTokens(sample?.text ?? ""));
    expect(stripLineNumbers(sample?.text ?? "")).toBe((files[`big-repo/${sample?.label}`] ?? "").replace(/\n$/, ""));

    // A re-run counts nothing: every file comes from the content-hash cache.
    const again = await extractCodebaseArchive({ bytes: zipOf(files), filename: "big-repo.zip", limits }, { deps: defaultIngestDeps({ countMany: countManyDefault, cache }) });
    expect(cache.hits).toBe(60);
    expect(again.totalTokens).toBe(doc.totalTokens);
  });
});

describe("counting", () => {
  it("tells the counter the upload's size before unpacking it, and nothing for a folder", async () => {
    const calls: Array<number | null> = [];
    const cache = new TokenCache();
    const countMany = async (texts: readonly string[]) => texts.map((text) => countTokens(text));
    const bytes = zipOf({ "r/a.ts": "const a = 1;\n" });
    let collected = false;
    const deps = defaultIngestDeps({ countMany, cache, prepare: (inputBytes) => calls.push(collected ? -1 : inputBytes) });
    const filter = deps.filter;
    const watched = { ...deps, filter: (...args: Parameters<typeof filter>) => ((collected = true), filter(...args)) };
    const doc = await extractCodebaseArchive({ bytes, filename: "r.zip", limits }, { deps: watched });
    expect(doc.units).toHaveLength(1);
    collected = false;
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), "longdoc-prepare-"));
    try {
      await fs.writeFile(path.join(folder, "a.ts"), "const a = 1;\n");
      await extractCodebaseDirectory(folder, limits, { deps: watched });
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
    expect(calls).toEqual([bytes.byteLength, null]);
  });

  it("counts a prestarted ingest exactly as in-thread", async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 300; index += 1) files[`r/src/f${index}.ts`] = `// ${"中文🎉".repeat(index % 7)}\n${`export const x${index} = "${"q".repeat(index * 40)}";\n`.repeat(30)}`;
    const bytes = zipOf(files);
    const inThread = await extractCodebaseArchive({ bytes, filename: "r.zip", limits }, { deps: defaultIngestDeps({ countMany: async (texts) => texts.map((text) => countTokens(text)), cache: new TokenCache() }) });
    const pooled = await extractCodebaseArchive({ bytes, filename: "r.zip", limits }, { deps: defaultIngestDeps({ ...defaultCountDeps(), cache: new TokenCache(), prepare: () => sharedCountPool()?.prestart() }) });
    expect(sharedCountPool()?.started).toBe(true);
    expect(pooled.units.map((unit) => unit.tokens)).toEqual(inThread.units.map((unit) => unit.tokens));
    expect(pooled.totalTokens).toBe(inThread.totalTokens);
    await sharedCountPool()?.close();
  });

  it("reports progress per file, cached files first", async () => {
    const cache = new TokenCache();
    const files = [{ path: "a.ts", text: "const a = 1;\n", lines: 1, bytes: 13 }];
    await countFiles(files, { countMany: countManyDefault, cache });
    const progress: Array<[number, number]> = [];
    await countFiles([...files, { path: "b.ts", text: "b\n", lines: 1, bytes: 2 }], { countMany: countManyDefault, cache }, (update) => progress.push([update.done, update.total]));
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});
