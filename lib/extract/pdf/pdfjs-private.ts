/**
 * Every use of pdf.js' private interfaces, in one place: what the reader thread reaches that
 * pdfjs-dist does not document, so an upgrade that changes them breaks `pdfjs-private.test.ts`
 * instead of slowing or breaking reading quietly. JavaScript source, included in the reader
 * thread's code (worker-source.ts), for the same reason that code is a string.
 *
 * - `useParser(parser)`: the parser half pdf.js runs in this thread. In Node, pdf.js takes it
 *   from `globalThis.pdfjsWorker` when set (PDFWorker's main-thread handler, api.js 5.4.530),
 *   else imports its own file lazily. Set by us so its polyfills are in place before the
 *   engine's native functions are put back (worker-source.ts), and so a test or the bench can run
 *   another copy (pdf.js as shipped).
 * - `parserPort(doc)`: the message port between the document and its parser,
 *   `doc._transport.messageHandler`; null when this pdf.js has none.
 * - `pageText(doc, pageNumber)`: a page's size and text content through that port, with the
 *   "GetPage" and "GetTextContent" messages getPage() and getTextContent() send (api.js
 *   5.4.530). PDFDocumentProxy.getPage() keeps a PDFPageProxy for every page read, in a
 *   private map that only doc.cleanup() empties (memory that grows with the document; figures
 *   in docs/benchmarks/pdf.md), and cleanup() drops the parsed fonts too. Without the port
 *   it reads through the public calls.
 */
export const PDFJS_PRIVATE_SOURCE = String.raw`
function useParser(parser) {
  globalThis.pdfjsWorker = parser;
}

function parserPort(doc) {
  const handler = doc._transport && doc._transport.messageHandler;
  if (!handler || typeof handler.sendWithPromise !== "function" || typeof handler.sendWithStream !== "function") return null;
  return handler;
}

async function pageText(doc, pageNumber) {
  const port = parserPort(doc);
  if (!port) {
    const page = await doc.getPage(pageNumber);
    const content = await page.getTextContent();
    const view = Array.from(page.view, Number);
    page.cleanup();
    return { view, content: { items: content.items, styles: content.styles } };
  }
  const pageIndex = pageNumber - 1;
  const info = await port.sendWithPromise("GetPage", { pageIndex });
  const stream = port.sendWithStream(
    "GetTextContent",
    { pageIndex, includeMarkedContent: false, disableNormalization: false },
    { highWaterMark: 100, size: (chunk) => chunk.items.length },
  );
  const reader = stream.getReader();
  const content = { items: [], styles: Object.create(null) };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    Object.assign(content.styles, value.styles);
    for (const item of value.items) content.items.push(item);
  }
  return { view: Array.from(info.view, Number), content };
}
`;
