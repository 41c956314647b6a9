import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_PDF_LIMITS } from "./limits";
import { applyPatches, patchedWorkerUrl, TINY_CACHE_LIMITS, WORKER_PATCHES, workerPatches } from "./pdfjs-patches";
import { pdfjsPaths } from "./pdfjs-paths";
import { readPdfPages } from "./read-pages";
import type { PdfjsBuild } from "./worker-session";

const FIXTURES = path.join(process.cwd(), "e2e", "fixtures", "pdf");
const SASLPREP_PASSWORD = "S\u00aaSL\u00adprep";

describe("applyPatches", () => {
  it("every patch applies to the installed pdf.worker.mjs", () => {
    const source = fs.readFileSync(fileURLToPath(pdfjsPaths().workerUrl), "utf8");
    const result = applyPatches(source, WORKER_PATCHES);
    expect(result.skipped).toEqual([]);
    expect(result.applied).toEqual(WORKER_PATCHES.map((patch) => patch.name));
    for (const patch of WORKER_PATCHES) for (const { replace } of patch.edits) expect(result.source).toContain(replace);
  });

  it("the readers import the patched copy, written beside the packages, not pdfjs-dist's file", () => {
    const original = pdfjsPaths().workerUrl;
    const url = patchedWorkerUrl(original);
    expect(url).not.toBe(original);
    expect(url).toMatch(/^file:.*\/node_modules\/\.cache\/longdoc\/pdf\.worker\.[0-9a-f]{16}\.mjs$/);
    expect(fs.readFileSync(fileURLToPath(url), "utf8")).toBe(applyPatches(fs.readFileSync(fileURLToPath(original), "utf8"), WORKER_PATCHES).source);
    expect(patchedWorkerUrl(original)).toBe(url);
  });

  it("makes the copy again when it disappears, and replaces one that others could have written", () => {
    const original = pdfjsPaths().workerUrl;
    const url = patchedWorkerUrl(original, TINY_CACHE_LIMITS);
    const copy = fileURLToPath(url);
    const expected = applyPatches(fs.readFileSync(fileURLToPath(original), "utf8"), workerPatches(TINY_CACHE_LIMITS)).source;
    fs.rmSync(copy);
    expect(patchedWorkerUrl(original, TINY_CACHE_LIMITS)).toBe(url);
    expect(fs.readFileSync(copy, "utf8")).toBe(expected);
    // A planted file, writable by anyone: never imported as it is.
    fs.writeFileSync(copy, "globalThis.planted = true;");
    fs.chmodSync(copy, 0o666);
    expect(patchedWorkerUrl(original, TINY_CACHE_LIMITS)).toBe(url);
    expect(fs.statSync(copy).mode & 0o022).toBe(0);
    expect(fs.readFileSync(copy, "utf8")).toBe(expected);
  });

  it("leaves out, whole, a patch with a passage that is missing or found twice", () => {
    const patches = [
      { name: "fits", why: "", edits: [{ find: "a = 1;", replace: "a = 2;" }] },
      { name: "half missing", why: "", edits: [{ find: "b = 1;", replace: "b = 2;" }, { find: "gone", replace: "x" }] },
      { name: "twice", why: "", edits: [{ find: "c = 1;", replace: "c = 2;" }] },
    ];
    const result = applyPatches("a = 1; b = 1; c = 1; c = 1;", patches);
    expect(result).toEqual({ source: "a = 2; b = 1; c = 1; c = 1;", applied: ["fits"], skipped: ["half missing", "twice"] });
  });
});

/**
 * The patches change speed and memory only: every fixture (pdf.js' own hostile and CJK, vertical,
 * Type3, ligature and two-column files) reads to the same raw items, positions bit for bit, and
 * the same failures, with pdf.js patched (with its caches' usual bounds, and with tiny ones) and
 * as shipped. bomb_giant.pdf is left out: its page never
 * finishes with either, and each try grows memory by ~100 MB/s until the reader is killed.
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
