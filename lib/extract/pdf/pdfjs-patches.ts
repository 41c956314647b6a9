import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Speed and memory fixes to pdf.js' parser half (`legacy/build/pdf.worker.mjs` of pdfjs-dist
 * 5.4.530), made to a copy of its source; pdfjs-dist itself is never changed. The copy is written
 * once to `node_modules/.cache/longdoc/` (named by its sha256; a private temporary directory if
 * that cannot be written) and the reader threads import it from there. Not from a `data:` URL:
 * measured here, a reader thread that imports the parser from one is 117 MB after the import
 * instead of 62 MB from a file. The parser imports nothing, so it runs the same from any folder.
 *
 * Each patch replaces exact passages. If pdfjs-dist is upgraded and a passage is no longer there,
 * that patch is left out (a warning says so, once) and PDFs read as before, only slower or
 * larger: no patch changes what is read. `pdfjs-patches.test.ts` checks that every patch applies
 * to the installed pdfjs-dist and that patched and unpatched readers give the same text.
 *
 * Measured on refman.pdf (2,415 pages, one reader, whole extraction in a fresh process, same
 * text digest with and without): 9.9–11.3 s and 316–320 MiB peak unpatched; 6.4–7.4 s and
 * 269–277 MiB with all patches and the reader's own page requests (see worker-source.ts).
 */
export interface SourcePatch {
  name: string;
  /** What it fixes and what it measured. */
  why: string;
  /** Each `find` must occur exactly once in the source; all are replaced, or none. */
  edits: ReadonlyArray<{ find: string; replace: string }>;
}

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

export const DEFAULT_CACHE_LIMITS: CacheLimits = { objects: 2_000, pages: 8 };
/** Limits so small that every fixture evicts: the tests read with them to check eviction changes nothing. */
export const TINY_CACHE_LIMITS: CacheLimits = { objects: 16, pages: 1 };

export function workerPatches(limits: CacheLimits = DEFAULT_CACHE_LIMITS): SourcePatch[] {
  const { objects: OBJECT_CACHE_LIMIT, pages: PAGE_CACHE_LIMIT } = limits;
  return [
  {
    name: "bounded object cache",
    why:
      "XRef keeps every object it ever parsed, and parsing one object of an object stream caches all of them: on refman.pdf that is every dictionary of the file by the last page (a heap diff between pages 200 and 1,200: +24 MB, 20,178 Dict objects). A least-recently-used bound keeps the shared objects (fonts, resources, the page tree) and lets read pages go. Objects made by pdf.js itself (numbered past the file's own) are never dropped.",
    edits: [
      { find: "    this._cacheMap = new Map();\n", replace: `    this._cacheMap = new LongdocObjectCache(${OBJECT_CACHE_LIMIT}, num => num >= this.entries.length);\n` },
      {
        find: "    const nums = new Array(n);\n    const offsets = new Array(n);\n",
        replace: "    const nums = new Array(n);\n    const offsets = new Array(n);\n    if (this._cacheMap instanceof LongdocObjectCache) {\n      this._cacheMap.fitStream(n);\n    }\n",
      },
      {
        find: "export { WorkerMessageHandler };",
        replace: String.raw`class LongdocObjectCache extends Map {
  constructor(limit, pinned) {
    super();
    this.limit = limit;
    this.pinned = pinned;
  }
  get(key) {
    const value = super.get(key);
    if (value !== undefined) {
      super.delete(key);
      super.set(key, value);
    }
    return value;
  }
  fitStream(count) {
    this.limit = Math.max(this.limit, 2 * count);
  }
  set(key, value) {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.limit) {
      for (const oldest of super.keys()) {
        if (!this.pinned(oldest)) {
          super.delete(oldest);
          break;
        }
      }
    }
    return this;
  }
}
export { WorkerMessageHandler };`,
      },
    ],
  },
  {
    name: "bounded page cache",
    why: "PDFDocument keeps a Page object for every page ever asked for (in a private map), each holding its dictionaries: 341 → 319 MiB peak on refman.pdf when only the last few are kept.",
    edits: [
      {
        find: "    this.#pagePromises.set(pageIndex, promise);\n    return promise;\n  }\n  async checkFirstPage",
        replace: `    this.#pagePromises.set(pageIndex, promise);\n    if (this.#pagePromises.size > ${PAGE_CACHE_LIMIT}) {\n      this.#pagePromises.delete(this.#pagePromises.keys().next().value);\n    }\n    return promise;\n  }\n  async checkFirstPage`,
      },
    ],
  },
  {
    name: "text position without temporary matrices",
    why: "getTextContent works out the text position twice per glyph as ctm × (textMatrix × [size·scale 0 0 size 0 rise]), building three arrays each time; Util.transform alone was 2.0 s of the 11.6 s profile of refman.pdf. The same products, term for term (so the same doubles), into one array: 10.7–11.7 s → 8.4–8.7 s.",
    edits: [
      {
        find: `      const tsm = [textState.fontSize * textState.textHScale, 0, 0, textState.fontSize, 0, textState.textRise];
      if (font.isType3Font && (textState.fontSize <= 1 || font.isCharBBox) && !isArrayEqual(textState.fontMatrix, FONT_IDENTITY_MATRIX)) {
        const glyphHeight = font.bbox[3] - font.bbox[1];
        if (glyphHeight > 0) {
          tsm[3] *= glyphHeight * textState.fontMatrix[3];
        }
      }
      return Util.transform(textState.ctm, Util.transform(textState.textMatrix, tsm));`,
        replace: `      const t0 = textState.fontSize * textState.textHScale;
      let t3 = textState.fontSize;
      const t5 = textState.textRise;
      if (font.isType3Font && (textState.fontSize <= 1 || font.isCharBBox) && !isArrayEqual(textState.fontMatrix, FONT_IDENTITY_MATRIX)) {
        const glyphHeight = font.bbox[3] - font.bbox[1];
        if (glyphHeight > 0) {
          t3 *= glyphHeight * textState.fontMatrix[3];
        }
      }
      const m = textState.textMatrix;
      const a0 = m[0] * t0 + m[2] * 0, a1 = m[1] * t0 + m[3] * 0, a2 = m[0] * 0 + m[2] * t3, a3 = m[1] * 0 + m[3] * t3, a4 = m[0] * 0 + m[2] * t5 + m[4], a5 = m[1] * 0 + m[3] * t5 + m[5];
      const c = textState.ctm;
      return [c[0] * a0 + c[2] * a1, c[1] * a0 + c[3] * a1, c[0] * a2 + c[2] * a3, c[1] * a2 + c[3] * a3, c[0] * a4 + c[2] * a5 + c[4], c[1] * a4 + c[3] * a5 + c[5]];`,
      },
    ],
  },
  {
    name: "no per-string glyph cache",
    why: "Each font keeps the glyph array of every string ever shown with it, in an object used as a dictionary keyed by the string: lookups that hash every new string, and memory that grows with the document. The glyphs themselves stay cached per character code. On refman.pdf, two back-to-back pairs: 9.3 → 7.4 s and 6.9 → 6.6 s, 285–306 → 263–268 MiB.",
    edits: [
      { find: "  charsToGlyphs(chars) {\n    let glyphs = this._charsCache[chars];\n    if (glyphs) {\n      return glyphs;\n    }\n    glyphs = [];\n", replace: "  charsToGlyphs(chars) {\n    const glyphs = [];\n" },
      { find: "    return this._charsCache[chars] = glyphs;\n  }\n  getCharPositions", replace: "    return glyphs;\n  }\n  getCharPositions" },
    ],
  },
  ];
}

export const WORKER_PATCHES: readonly SourcePatch[] = workerPatches();

export interface PatchResult {
  source: string;
  applied: string[];
  /** Patches whose passages were not found exactly once: left out. */
  skipped: string[];
}

/** Applies each patch whose passages are all found exactly once; the others are left out whole. */
export function applyPatches(source: string, patches: readonly SourcePatch[]): PatchResult {
  let out = source;
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const patch of patches) {
    const fits = patch.edits.every(({ find }) => {
      const first = out.indexOf(find);
      return first >= 0 && out.indexOf(find, first + 1) < 0;
    });
    if (!fits) {
      skipped.push(patch.name);
      continue;
    }
    for (const { find, replace } of patch.edits) {
      const at = out.indexOf(find);
      out = out.slice(0, at) + replace + out.slice(at + find.length);
    }
    applied.push(patch.name);
  }
  return { source: out, applied, skipped };
}

const patchedUrls = new Map<string, string>();

/**
 * The file URL of the patched parser (made from the file at `fileUrl`), or `fileUrl` itself when
 * no patch applies or no copy can be kept (PDFs read as before). The copy is named by the sha256
 * of the original file and of the patches, so a process that finds it in node_modules/.cache
 * uses it without reading or patching anything: patching builds several copies of a 2 MB source,
 * about 30 MB of garbage that showed in the peak memory of short PDFs. Before a found copy is
 * used, it and its folder must be this user's, not writable by others, and not links: the copy
 * is code the reader runs. A copy that disappears (a cleared cache) is made again.
 */
export function patchedWorkerUrl(fileUrl: string, limits: CacheLimits = DEFAULT_CACHE_LIMITS): string {
  const memo = `${fileUrl}\u0000${limits.objects}\u0000${limits.pages}`;
  const cached = patchedUrls.get(memo);
  if (cached === fileUrl) return cached;
  if (cached !== undefined) {
    const copy = fileURLToPath(cached);
    if (ownCopy(path.dirname(copy), path.basename(copy))) return cached;
  }
  let url = fileUrl;
  try {
    const file = fileURLToPath(fileUrl);
    const patches = workerPatches(limits);
    const original = fs.readFileSync(file);
    const name = `pdf.worker.${createHash("sha256").update(original).update(JSON.stringify(patches)).digest("hex").slice(0, 16)}.mjs`;
    const shared = path.join(path.resolve(path.dirname(file), "..", "..", ".."), ".cache", "longdoc");
    if (ownCopy(shared, name)) {
      url = pathToFileURL(path.join(shared, name)).href;
    } else {
      const result = applyPatches(original.toString("utf8"), patches);
      if (result.skipped.length > 0) {
        console.warn(`longdoc: pdf.js patches left out (their code is not in this pdfjs-dist; was it upgraded from 5.4.530?): ${result.skipped.join(", ")}. PDFs read the same, more slowly or with more memory.`);
      }
      const written = result.applied.length > 0 ? writePatched(result.source, name, shared) : undefined;
      if (written) url = pathToFileURL(written).href;
    }
  } catch (error) {
    console.warn(`longdoc: pdf.js is used unpatched (${error instanceof Error ? error.message : String(error)}).`);
  }
  patchedUrls.set(memo, url);
  return url;
}

/** Whether `dir/name` is a regular file in a real folder, both owned by this user and writable by no one else. */
function ownCopy(dir: string, name: string): boolean {
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  const owned = (stat: fs.Stats) => (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
  try {
    const folder = fs.lstatSync(dir);
    const copy = fs.lstatSync(path.join(dir, name));
    return folder.isDirectory() && owned(folder) && copy.isFile() && owned(copy);
  } catch {
    return false;
  }
}

/** Writes the patched source as `name` in `shared`, else in a private temporary folder; undefined when neither takes it. */
function writePatched(source: string, name: string, shared: string): string | undefined {
  const folders = [
    () => {
      fs.mkdirSync(shared, { recursive: true, mode: 0o755 });
      return shared;
    },
    // A fresh private folder (mode 0700) that no other user can have prepared, removed at exit.
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-pdfjs-"));
      process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
  ];
  for (const folder of folders) {
    let partial: string | undefined;
    try {
      const dir = folder();
      // Written whole under a fresh name (O_EXCL: never through a planted link), then renamed:
      // a process starting at the same time never imports half a file.
      partial = path.join(dir, `.${name}.${randomBytes(8).toString("hex")}.partial`);
      fs.writeFileSync(partial, source, { flag: "wx", mode: 0o644 });
      fs.renameSync(partial, path.join(dir, name));
      partial = undefined;
      if (ownCopy(dir, name)) return path.join(dir, name);
    } catch {
      // The next folder, or pdf.js as shipped; a half-written copy is not left behind.
      if (partial !== undefined) fs.rmSync(partial, { force: true });
    }
  }
  return undefined;
}
