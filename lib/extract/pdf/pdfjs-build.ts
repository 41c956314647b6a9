import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { pdfjsPaths } from "./pdfjs-paths";
import { parseUnifiedDiff, unapplyDiff } from "./unified-diff";

/**
 * Which pdf.js parser a reader thread runs. pdfjs-dist's parser half is patched at install
 * (patches/pdfjs-dist+<version>.patch, applied by patch-package in `postinstall`; see
 * docs/pdfjs.md): "patched" is that file, read with the caches' usual bounds; "patched, tiny
 * caches" the same file with bounds so small that every fixture evicts (tests); "as shipped" a
 * copy with the patch taken back out (tests and bench, to check the patch changes no text).
 */
export type PdfjsBuild = "patched" | "as shipped" | "patched, tiny caches";

export interface CacheLimits {
  /**
   * Objects of the file kept parsed at once (the least recently used are parsed again when
   * needed); raised to twice the largest object stream met, since reading one object of a stream
   * parses and caches all of them (a smaller bound would parse the stream again for each object).
   */
  objects: number;
  /** Page objects kept at once (a reader has at most two pages asked ahead). */
  pages: number;
}

/** The bounds the patch falls back to when none are given; kept equal to the patch's. */
export const DEFAULT_CACHE_LIMITS: CacheLimits = { objects: 2_000, pages: 8 };
/** Limits so small that every fixture evicts: the tests read with them to check eviction changes nothing. */
export const TINY_CACHE_LIMITS: CacheLimits = { objects: 16, pages: 1 };

export interface PdfjsParser {
  /** file: URL of the parser half the reader thread imports. */
  workerUrl: string;
  /** Bounds for the patched caches (the patch reads them from `globalThis.longdocPdfjsCacheLimits`). */
  cacheLimits: CacheLimits;
}

export function pdfjsParser(build: PdfjsBuild): PdfjsParser {
  if (build === "as shipped") return { workerUrl: shippedWorkerUrl(), cacheLimits: DEFAULT_CACHE_LIMITS };
  return { workerUrl: pdfjsPaths().workerUrl, cacheLimits: build === "patched" ? DEFAULT_CACHE_LIMITS : TINY_CACHE_LIMITS };
}

/** The patch file for the installed pdfjs-dist, from the project's patches/ folder. */
export function pdfjsPatchFile(): string {
  // <project>/node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs
  const packageDir = path.resolve(fileURLToPath(pdfjsPaths().workerUrl), "..", "..", "..");
  const { version } = z.object({ version: z.string() }).parse(JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")));
  return path.join(packageDir, "..", "..", "patches", `pdfjs-dist+${version}.patch`);
}

let shipped: string | undefined;

/**
 * pdf.js' parser as shipped: the patch taken back out of the installed file, into a private
 * temporary folder (removed at exit). Throws when the installed file is not exactly the patched
 * one or the result is not exactly the original (both checked by the git blob ids in the patch).
 */
export function shippedWorkerUrl(): string {
  if (shipped !== undefined && fs.existsSync(fileURLToPath(shipped))) return shipped;
  const installed = fileURLToPath(pdfjsPaths().workerUrl);
  const diff = parseUnifiedDiff(fs.readFileSync(pdfjsPatchFile(), "utf8")).find((file) => file.path === "node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs");
  if (!diff) throw new Error(`${pdfjsPatchFile()} does not patch legacy/build/pdf.worker.mjs`);
  const original = unapplyDiff(fs.readFileSync(installed, "utf8"), diff);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-pdfjs-shipped-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "pdf.worker.mjs");
  fs.writeFileSync(file, original);
  shipped = pathToFileURL(file).href;
  return shipped;
}
