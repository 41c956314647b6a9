import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Where pdf.js and its data live on disk; the worker imports it by URL and reads the data by path. */
export interface PdfjsPaths {
  /** file: URL of `legacy/build/pdf.mjs` (the build meant for Node). */
  libraryUrl: string;
  /** file: URL of `legacy/build/pdf.worker.mjs`, the parser half, loaded into the same thread. */
  workerUrl: string;
  /** Directory of the packed CMaps, with a trailing slash. Without it CJK text comes out empty. */
  cMapDir: string;
  /** Directory of the standard font data, with a trailing slash. */
  standardFontDir: string;
}

let cached: PdfjsPaths | undefined;

/**
 * Finds the pdfjs-dist package from this module first (tsx, vitest), then from the working
 * directory: inside the Next server bundle `import.meta.url` points into `.next/`, and
 * pdfjs-dist is a serverExternalPackage that stays in the project's node_modules.
 */
export function pdfjsPaths(): PdfjsPaths {
  if (cached) return cached;
  const bases = [import.meta.url, pathToFileURL(path.join(process.cwd(), "package.json")).href];
  for (const base of bases) {
    const root = packageRoot(base);
    if (root && fs.existsSync(path.join(root, "cmaps")) && fs.existsSync(path.join(root, "legacy", "build", "pdf.mjs"))) {
      cached = {
        libraryUrl: pathToFileURL(path.join(root, "legacy", "build", "pdf.mjs")).href,
        workerUrl: pathToFileURL(path.join(root, "legacy", "build", "pdf.worker.mjs")).href,
        cMapDir: path.join(root, "cmaps") + path.sep,
        standardFontDir: path.join(root, "standard_fonts") + path.sep,
      };
      return cached;
    }
  }
  throw new Error(`pdfjs-dist was not found (looked from ${bases.join(" and ")}); run npm install in the project directory.`);
}

function packageRoot(base: string): string | undefined {
  try {
    return path.dirname(createRequire(base).resolve("pdfjs-dist/package.json"));
  } catch {
    return undefined;
  }
}
