import { PDFJS_PRIVATE_SOURCE } from "./pdfjs-private";

/**
 * The code run inside the pdf.js worker thread, as a string for `new Worker(source, { eval: true })`.
 *
 * Why a string: pdf.js in Node parses on the calling thread, and a hostile page can block it for
 * minutes (bomb_giant.pdf never returns from getTextContent with pdfjs-dist 5.4.530). Running it
 * in a worker_thread lets the caller terminate it on a hard timeout. A string needs no file on
 * disk, so the same code runs under tsx, vitest and inside the Next server bundle, and no
 * transpiler can rewrite it. It stays deliberately small: open, answer page requests with raw
 * text items, close. All layout work happens on the calling side, in typed, tested code.
 *
 * Protocol (see worker-messages.ts): workerData = { libraryUrl, workerUrl, cacheLimits, cMapDir,
 * standardFontDir, data, password }. The worker posts "opened" or "open-failed", then answers each
 * { type: "page" } request with "page" or "page-failed", one at a time in the order asked (the
 * caller may queue several so the thread never waits for it), and exits on { type: "close" }.
 * What it reaches of pdf.js' private interfaces is in pdfjs-private.ts.
 *
 * Speed (figures in docs/benchmarks/pdf.md): pdf.js' legacy build ships core-js, which replaces
 * the engine's own Array.prototype.push (and JSON.parse, Function.prototype.toString) on Node 20
 * with a JavaScript polyfill that fails a spec corner case (push past 2^32 - 1 items). Every
 * push in the parser then runs the slow polyfill. Putting the native functions back after pdf.js
 * has loaded (only functions the engine already had; what it lacks stays polyfilled) is much
 * faster. The parser half (pdf.worker.mjs) is imported here, not lazily by getDocument, so its
 * polyfills are installed before the natives are restored. Text items go back packed (strings +
 * one Float64Array) instead of one object per item.
 */
export const PDF_WORKER_SOURCE = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");

function describe(error) {
  if (error && typeof error === "object") {
    return { name: String(error.name || "Error"), code: typeof error.code === "number" ? error.code : null, message: String(error.message || error) };
  }
  return { name: "Error", code: null, message: String(error) };
}

// RFC 4013 SASLprep, enough for passwords: AES-256 (R6) PDFs store the prepared form, and
// pdfjs-dist 5.4.530 does not prepare it (a password such as "S\u00aaSL\u00adprep" fails as typed).
function saslprep(text) {
  return text
    .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, " ")
    .replace(/[\u00AD\u034F\u1806\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, "")
    .normalize("NFKC");
}

// pdf.js takes over (detaches) the buffer it is given: a copy when a second try may follow.
function open(pdfjs, password, retryLater) {
  return pdfjs.getDocument({
    data: retryLater ? workerData.data.slice() : workerData.data,
    password,
    cMapUrl: workerData.cMapDir,
    cMapPacked: true,
    standardFontDataUrl: workerData.standardFontDir,
    // Text only: no font loading into a DOM, no eval'd glyph code, no network, errors only.
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
}

// Built-ins the polyfills may replace; own properties of these are put back after loading.
const NATIVE_HOLDERS = [Array.prototype, Array, Object, Object.prototype, Function.prototype, String.prototype, JSON, Math, Promise, Promise.prototype, Map.prototype, Set.prototype, RegExp.prototype, ArrayBuffer.prototype, Object.getPrototypeOf(Uint8Array.prototype), Uint8Array.prototype];

async function loadPdfjs() {
  const saved = NATIVE_HOLDERS.map((holder) => new Map(Reflect.ownKeys(holder).map((key) => [key, Object.getOwnPropertyDescriptor(holder, key)])));
  // Read by the patched parser's caches (patches/pdfjs-dist+5.4.530.patch) when it makes a document.
  globalThis.longdocPdfjsCacheLimits = workerData.cacheLimits;
  const pdfjs = await import(workerData.libraryUrl);
  useParser(await import(workerData.workerUrl));
  NATIVE_HOLDERS.forEach((holder, index) => {
    for (const [key, descriptor] of saved[index]) {
      const now = Object.getOwnPropertyDescriptor(holder, key);
      if (now && descriptor && (now.value !== descriptor.value || now.get !== descriptor.get || now.set !== descriptor.set)) Object.defineProperty(holder, key, descriptor);
    }
  });
  installPlainDataClone();
  return pdfjs;
}

// pdf.js' two halves share this thread and talk through a port that structuredClone()s every
// message (each page's text arrives that way). Node 20's structuredClone goes through a
// MessageChannel per call, a large share of a long document's reading time. Messages are plain
// data (objects, arrays, typed arrays, strings, numbers), so they are copied here in JavaScript,
// several times faster; anything else, anything nested very deep (a cycle), and calls with a
// transfer list go to the native clone. Same text out, checked page by page
// (docs/benchmarks/pdf.md).
function installPlainDataClone() {
  const nativeClone = globalThis.structuredClone;
  const MAX_DEPTH = 64;
  function copy(value, depth) {
    if (typeof value !== "object" || value === null) return value;
    if (depth > MAX_DEPTH) return nativeClone(value);
    if (Array.isArray(value)) {
      const out = new Array(value.length);
      for (let i = 0; i < value.length; i += 1) out[i] = copy(value[i], depth + 1);
      return out;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const out = proto === null ? Object.create(null) : {};
      for (const key of Object.keys(value)) out[key] = copy(value[key], depth + 1);
      return out;
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return value.slice();
    return nativeClone(value);
  }
  globalThis.structuredClone = (value, options) => (options && options.transfer && options.transfer.length > 0 ? nativeClone(value, options) : copy(value, 0));
}

${PDFJS_PRIVATE_SOURCE}
async function readPage(doc, pageNumber) {
  const { view, content } = await pageText(doc, pageNumber);
  const strings = [];
  const kept = [];
  for (const item of content.items) {
    if (typeof item.str !== "string") continue;
    if (item.str.trim() === "") {
      // A drawn space only tells "a word ends here": kept on the run before it, not placed.
      const last = strings.length - 1;
      if (last >= 0 && item.str.length > 0 && !/\s$/.test(strings[last])) strings[last] += " ";
      continue;
    }
    strings.push(item.str);
    kept.push(item);
  }
  // Per item: the text matrix (6), width, height, and 1 for vertical writing (see worker-messages.ts).
  const numbers = new Float64Array(kept.length * 9);
  kept.forEach((item, index) => {
    const at = index * 9;
    for (let k = 0; k < 6; k += 1) numbers[at + k] = Number(item.transform[k]);
    numbers[at + 6] = Number(item.width) || 0;
    numbers[at + 7] = Number(item.height) || 0;
    const style = content.styles[item.fontName];
    numbers[at + 8] = style && style.vertical ? 1 : 0;
  });
  return { pageNumber, view, strings, numbers };
}

async function main() {
  const pdfjs = await loadPdfjs();
  // The password as typed, then its SASLprep form if that differs (AES-256 files store that form).
  const password = workerData.password;
  const prepared = typeof password === "string" && saslprep(password) !== password ? saslprep(password) : undefined;
  let doc;
  try {
    try {
      doc = await open(pdfjs, workerData.password, prepared !== undefined);
    } catch (error) {
      const incorrect = error && error.name === "PasswordException" && error.code === 2;
      if (!incorrect || prepared === undefined) throw error;
      doc = await open(pdfjs, prepared, false);
    }
    // The bytes now belong to pdf.js; a copy kept for a retry that did not happen is let go.
    workerData.data = null;
  } catch (error) {
    parentPort.postMessage({ type: "open-failed", error: describe(error) });
    return;
  }
  let pageLabels = null;
  try {
    pageLabels = await doc.getPageLabels();
  } catch {
    pageLabels = null;
  }
  parentPort.postMessage({ type: "opened", pageCount: doc.numPages, pageLabels });

  // Requests are answered strictly in order, one at a time, so the caller's clock for a page
  // starts when the previous answer arrives.
  const queue = [];
  let busy = false;
  async function drain() {
    if (busy) return;
    busy = true;
    while (queue.length > 0) {
      const request = queue.shift();
      if (request.type === "close") {
        try {
          await doc.destroy();
        } finally {
          parentPort.close();
        }
        return;
      }
      try {
        const page = await readPage(doc, request.pageNumber);
        parentPort.postMessage({ type: "page", page }, [page.numbers.buffer]);
      } catch (error) {
        parentPort.postMessage({ type: "page-failed", pageNumber: request.pageNumber, error: describe(error) });
      }
    }
    busy = false;
  }
  parentPort.on("message", (request) => {
    queue.push(request);
    void drain();
  });
}

main().catch((error) => {
  parentPort.postMessage({ type: "open-failed", error: describe(error) });
});
`;
