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
 * Protocol (see worker-messages.ts): workerData = { libraryUrl, cMapDir, standardFontDir, data,
 * password }. The worker posts "opened" or "open-failed", then answers each { type: "page" }
 * request with "page" or "page-failed", and exits on { type: "close" }.
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

function open(pdfjs, password) {
  return pdfjs.getDocument({
    // A copy each time: pdf.js transfers (detaches) the buffer it is given.
    data: workerData.data.slice(),
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

async function main() {
  const pdfjs = await import(workerData.libraryUrl);
  let doc;
  try {
    try {
      doc = await open(pdfjs, workerData.password);
    } catch (error) {
      const password = workerData.password;
      const incorrect = error && error.name === "PasswordException" && error.code === 2;
      if (!incorrect || typeof password !== "string" || saslprep(password) === password) throw error;
      doc = await open(pdfjs, saslprep(password));
    }
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

  parentPort.on("message", async (request) => {
    if (request.type === "close") {
      try {
        await doc.destroy();
      } finally {
        parentPort.close();
      }
      return;
    }
    const pageNumber = request.pageNumber;
    try {
      const page = await doc.getPage(pageNumber);
      const content = await page.getTextContent();
      const items = [];
      for (const item of content.items) {
        if (typeof item.str !== "string") continue;
        if (item.str.trim() === "") {
          // A drawn space only tells "a word ends here": kept on the run before it, not placed.
          const last = items[items.length - 1];
          if (last && item.str.length > 0 && !/\s$/.test(last.str)) last.str += " ";
          continue;
        }
        const style = content.styles[item.fontName];
        items.push({
          str: item.str,
          transform: Array.from(item.transform, Number),
          width: Number(item.width) || 0,
          height: Number(item.height) || 0,
          vertical: Boolean(style && style.vertical),
        });
      }
      const view = Array.from(page.view, Number);
      page.cleanup();
      parentPort.postMessage({ type: "page", page: { pageNumber, view, items } });
    } catch (error) {
      parentPort.postMessage({ type: "page-failed", pageNumber, error: describe(error) });
    }
  });
}

main().catch((error) => {
  parentPort.postMessage({ type: "open-failed", error: describe(error) });
});
`;
