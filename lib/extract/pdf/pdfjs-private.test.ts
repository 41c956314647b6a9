import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pdfjsPaths } from "./pdfjs-paths";
import { PDFJS_PRIVATE_SOURCE } from "./pdfjs-private";

/**
 * The private pdf.js interfaces the reader thread uses (pdfjs-private.ts), checked against the
 * installed pdfjs-dist in this process: if an upgrade renames or changes one, these fail, instead
 * of the reader falling back quietly (slower, larger) or reading something else.
 */

const FIXTURES = path.join(process.cwd(), "e2e", "fixtures", "pdf");

interface TextContent {
  items: unknown[];
  styles: Record<string, unknown>;
}
interface PageProxy {
  view: number[];
  getTextContent(): Promise<TextContent>;
  cleanup(): void;
}
interface DocumentProxy {
  numPages: number;
  getPage(pageNumber: number): Promise<PageProxy>;
  destroy(): Promise<void>;
}
interface Port {
  sendWithPromise(name: string, data: unknown): Promise<unknown>;
}
interface PrivateApi {
  useParser(parser: unknown): void;
  parserPort(doc: unknown): Port | null;
  pageText(doc: unknown, pageNumber: number): Promise<{ view: number[]; content: TextContent }>;
}

interface MessageHandlerClass {
  setup(...args: unknown[]): unknown;
}
const parserModule = z.object({ WorkerMessageHandler: z.custom<MessageHandlerClass>((value) => typeof value === "function" && "setup" in value && typeof value.setup === "function") });
const pdfjsModule = z.object({ getDocument: z.function() });

let api: PrivateApi;
let getDocument: (options: Record<string, unknown>) => { promise: Promise<DocumentProxy> };
let setups = 0;

beforeAll(async () => {
  // The adapter's source, run as the reader thread runs it: plain JavaScript, no transpiler.
  api = new Function(`"use strict";\n${PDFJS_PRIVATE_SOURCE}\nreturn { useParser, parserPort, pageText };`)() as PrivateApi;
  const paths = pdfjsPaths();
  const parser = parserModule.parse(await import(paths.workerUrl));
  // A parser whose setup is counted: pdf.js must run the one it is given, not import its own.
  const Handler = parser.WorkerMessageHandler;
  const Counted = Object.assign(Object.create(Handler) as MessageHandlerClass, {
    setup: (...args: unknown[]) => {
      setups += 1;
      return Handler.setup(...args);
    },
  });
  api.useParser({ WorkerMessageHandler: Counted });
  getDocument = pdfjsModule.parse(await import(paths.libraryUrl)).getDocument as typeof getDocument;
});

/**
 * `work`, or the error pdf.js throws outside it: a message name its parser does not know is
 * thrown from the port's listener, a promise nobody awaits (in the reader thread it ends the
 * thread), and `work` would wait forever.
 */
async function orThrown<T>(work: Promise<T>): Promise<T> {
  let onError: (error: unknown) => void = () => undefined;
  const thrown = new Promise<never>((_, reject) => (onError = reject));
  process.on("uncaughtException", onError).on("unhandledRejection", onError);
  try {
    return await Promise.race([work, thrown]);
  } finally {
    process.off("uncaughtException", onError).off("unhandledRejection", onError);
  }
}

async function open(name: string): Promise<DocumentProxy> {
  const { cMapDir, standardFontDir } = pdfjsPaths();
  return getDocument({ data: new Uint8Array(fs.readFileSync(path.join(FIXTURES, name))), cMapUrl: cMapDir, cMapPacked: true, standardFontDataUrl: standardFontDir, disableFontFace: true, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
}

describe("pdfjs-private", () => {
  it("useParser: pdf.js runs the parser it is given (globalThis.pdfjsWorker)", async () => {
    const before = setups;
    const doc = await open("tracemonkey.pdf");
    expect(setups).toBe(before + 1);
    await doc.destroy();
  });

  it("parserPort: the document has its message port (doc._transport.messageHandler)", async () => {
    const doc = await open("tracemonkey.pdf");
    const port = api.parserPort(doc);
    expect(port).not.toBeNull();
    expect(await orThrown(port ? port.sendWithPromise("GetPage", { pageIndex: 0 }) : Promise.resolve(null))).toMatchObject({ view: [0, 0, 612, 792] });
    expect(api.parserPort({})).toBeNull();
    await doc.destroy();
  });

  // Two columns, CJK through CMaps, vertical writing, Type3: every page, item for item.
  it.each(["tracemonkey.pdf", "XiaoBiaoSong.pdf", "vertical.pdf", "simpletype3font.pdf", "copy_paste_ligatures.pdf"])(
    "pageText through the port (GetPage, GetTextContent) is what getPage().getTextContent() gives: %s",
    async (name) => {
      const doc = await open(name);
      try {
        for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber += 1) {
          const page = await doc.getPage(pageNumber);
          const expected = await page.getTextContent();
          const text = await orThrown(api.pageText(doc, pageNumber));
          expect(text.view).toEqual(Array.from(page.view, Number));
          expect(text.content.items).toEqual(expected.items);
          expect({ ...text.content.styles }).toEqual({ ...expected.styles });
          if (name === "tracemonkey.pdf") expect(text.content.items.length).toBeGreaterThan(100);
        }
      } finally {
        await doc.destroy();
      }
    },
    60_000,
  );

  it("pageText without a port reads through the public calls, to the same text", async () => {
    const doc = await open("tracemonkey.pdf");
    try {
      const withoutPort = { getPage: (pageNumber: number) => doc.getPage(pageNumber) };
      expect(api.parserPort(withoutPort)).toBeNull();
      expect(await api.pageText(withoutPort, 2)).toEqual(await orThrown(api.pageText(doc, 2)));
    } finally {
      await doc.destroy();
    }
  });
});
