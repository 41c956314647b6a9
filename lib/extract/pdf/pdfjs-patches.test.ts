import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_PDF_LIMITS } from "./limits";
import { DEFAULT_CACHE_LIMITS, type PdfjsBuild, pdfjsPatchFile, shippedWorkerUrl } from "./pdfjs-build";
import { pdfjsPaths } from "./pdfjs-paths";
import { readPdfPages } from "./read-pages";
import { gitBlobId, parseUnifiedDiff, unapplyDiff } from "./unified-diff";

const FIXTURES = path.join(process.cwd(), "e2e", "fixtures", "pdf");
const SASLPREP_PASSWORD = "S\u00aaSL\u00adprep";
const WORKER_IN_PATCH = "node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs";

const installedWorker = () => fs.readFileSync(fileURLToPath(pdfjsPaths().workerUrl), "utf8");
const workerDiff = () => {
  const diff = parseUnifiedDiff(fs.readFileSync(pdfjsPatchFile(), "utf8")).find((file) => file.path === WORKER_IN_PATCH);
  if (!diff) throw new Error(`${pdfjsPatchFile()} does not patch ${WORKER_IN_PATCH}`);
  return diff;
};

describe("pdf.js patched at install (patches/pdfjs-dist+<version>.patch)", () => {
  it("patches only the parser half, and the installed parser is exactly the patched file", () => {
    const diffs = parseUnifiedDiff(fs.readFileSync(pdfjsPatchFile(), "utf8"));
    expect(diffs.map((diff) => diff.path)).toEqual([WORKER_IN_PATCH]);
    // The patch's git blob id of the file after it: the installed file, byte for byte.
    expect(gitBlobId(installedWorker()).startsWith(workerDiff().newBlob)).toBe(true);
    expect(installedWorker()).toContain("class LongdocObjectCache extends Map");
  });

  it("the patch's own cache bounds, used when none are given, are DEFAULT_CACHE_LIMITS", () => {
    expect(installedWorker()).toContain(`new LongdocObjectCache((globalThis.longdocPdfjsCacheLimits?.objects ?? ${DEFAULT_CACHE_LIMITS.objects}),`);
    expect(installedWorker()).toContain(`this.#pagePromises.size > (globalThis.longdocPdfjsCacheLimits?.pages ?? ${DEFAULT_CACHE_LIMITS.pages})`);
  });

  it("npm ci applies it and fails when it cannot (postinstall: patch-package --error-on-fail)", () => {
    const manifest = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")));
    expect(manifest.scripts.postinstall).toBe("patch-package --error-on-fail");
  });

  it("as shipped: the patch taken back out gives pdfjs-dist's own file, checked by its git blob id", () => {
    const shipped = fs.readFileSync(fileURLToPath(shippedWorkerUrl()), "utf8");
    expect(gitBlobId(shipped).startsWith(workerDiff().oldBlob)).toBe(true);
    expect(shipped).not.toContain("LongdocObjectCache");
    expect(shipped).toContain("    this._cacheMap = new Map();\n");
  });

  it("taking the patch out of a file it did not make throws instead of guessing", () => {
    const changed = installedWorker().replace("class LongdocObjectCache extends Map", "class LongdocObjectCache extends Map ");
    expect(() => unapplyDiff(changed, workerDiff())).toThrow(/is not the patched file the diff makes/);
  });
});

/**
 * What `npm ci` runs after installing (postinstall), in a copy of the project's layout with
 * pdfjs-dist as shipped: the patch applies; with one patched passage changed (as an upgrade of
 * pdfjs-dist would), patch-package exits non-zero, so `npm ci` fails.
 */
describe("patch-package with --error-on-fail", () => {
  const patchPackage = path.join(process.cwd(), "node_modules", "patch-package", "index.js");

  function project(worker: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-patch-"));
    const build = path.join(root, "node_modules", "pdfjs-dist", "legacy", "build");
    fs.mkdirSync(build, { recursive: true });
    fs.mkdirSync(path.join(root, "patches"));
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "patch-check", version: "1.0.0", private: true, dependencies: { "pdfjs-dist": "*" } }));
    fs.copyFileSync(path.join(pdfjsPaths().cMapDir, "..", "package.json"), path.join(root, "node_modules", "pdfjs-dist", "package.json"));
    fs.copyFileSync(pdfjsPatchFile(), path.join(root, "patches", path.basename(pdfjsPatchFile())));
    fs.writeFileSync(path.join(build, "pdf.worker.mjs"), worker);
    return root;
  }

  const run = (root: string) => spawnSync(process.execPath, [patchPackage, "--error-on-fail"], { cwd: root, encoding: "utf8", env: { ...process.env, CI: "" } });

  it("applies the patch to pdfjs-dist as shipped: the result is the installed file", () => {
    const root = project(fs.readFileSync(fileURLToPath(shippedWorkerUrl()), "utf8"));
    try {
      const result = run(root);
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(fs.readFileSync(path.join(root, "node_modules", "pdfjs-dist", "legacy", "build", "pdf.worker.mjs"), "utf8")).toBe(installedWorker());
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);

  it("exits non-zero when a patched passage is not there", () => {
    const shipped = fs.readFileSync(fileURLToPath(shippedWorkerUrl()), "utf8");
    const upgraded = shipped.replace("    this._cacheMap = new Map();\n", "    this._cacheMap = new Map(); // changed upstream\n");
    expect(upgraded).not.toBe(shipped);
    const root = project(upgraded);
    try {
      const result = run(root);
      expect(result.status).toBe(1);
      expect(result.stdout + result.stderr).toMatch(/Failed to apply patch for package pdfjs-dist/);
      expect(fs.readFileSync(path.join(root, "node_modules", "pdfjs-dist", "legacy", "build", "pdf.worker.mjs"), "utf8")).toBe(upgraded);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

/**
 * The patch changes speed and memory only: every fixture (pdf.js' own hostile and CJK, vertical,
 * Type3, ligature and two-column files) reads to the same raw items, positions bit for bit, and
 * the same failures, with pdf.js patched (with its caches' usual bounds, and with tiny ones) and
 * as shipped. bomb_giant.pdf is left out: its page never finishes with either, and each try grows
 * memory until the reader is killed.
 */
describe("patched pdf.js reads exactly what pdf.js as shipped reads", () => {
  const names = fs.readdirSync(FIXTURES).filter((name) => name.endsWith(".pdf") && name !== "bomb_giant.pdf");

  async function read(name: string, pdfjs: PdfjsBuild): Promise<unknown> {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
    const password = name === "saslprep-r6.pdf" ? SASLPREP_PASSWORD : name === "issue3371.pdf" ? "ELXRTQWS" : undefined;
    try {
      return await readPdfPages({ bytes, password, limits: DEFAULT_PDF_LIMITS, pdfjs });
    } catch (error) {
      return { failed: String(error) };
    }
  }

  // "patched, tiny caches" keeps 16 objects and 1 page: every fixture evicts, again and again.
  it.each(names)("%s", async (name) => {
    const shipped = await read(name, "as shipped");
    expect(await read(name, "patched")).toEqual(shipped);
    expect(await read(name, "patched, tiny caches")).toEqual(shipped);
  }, 120_000);

  it("covers the files with text", () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });
});
