import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../../../e2e/fixtures/make-pdf";

/**
 * The upload and document routes called directly with real Request objects carrying multipart
 * FormData, against a real SQLite file (DATABASE_PATH is set before the app modules load).
 */

const UPLOAD_MAX_BYTES = 64 * 1024;
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-documents-route-"));

type Routes = { POST: (request: Request) => Promise<Response> };
type IdRoutes = {
  GET: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
  DELETE: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
};
let routes: Routes;
let idRoutes: IdRoutes;

beforeAll(async () => {
  process.env.DATABASE_PATH = path.join(directory, "longdoc.db");
  process.env.UPLOAD_MAX_BYTES = String(UPLOAD_MAX_BYTES);
  const cache = globalThis as { __longdocConfig?: unknown; __longdocDb?: unknown };
  delete cache.__longdocConfig;
  delete cache.__longdocDb;
  routes = (await import("./route")) as Routes;
  idRoutes = (await import("./[id]/route")) as IdRoutes;
});

afterAll(() => {
  const cache = globalThis as { __longdocDb?: { db: { $client: { close(): void } } }; __longdocConfig?: unknown };
  cache.__longdocDb?.db.$client.close();
  delete cache.__longdocDb;
  delete cache.__longdocConfig;
  fs.rmSync(directory, { recursive: true, force: true });
});

function upload(file: Blob, filename: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}): Request {
  const form = new FormData();
  form.append("file", file, filename);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return new Request("http://localhost/api/documents", { method: "POST", body: form, headers });
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("POST /api/documents", () => {
  it("a lone file named by a path is a document read by its content, under that name as text; control characters leave file names", async () => {
    for (const [index, [filename, expected]] of ([
      ["../../notes.txt", "../../notes.txt"],
      ["/etc/passwd", "/etc/passwd"],
      // C1 controls arrive inside UTF-8 and are removed here.
      ["re\u0085port\u009b.md", "report.md"],
    ] as const).entries()) {
      const response = await routes.POST(upload(new Blob([`# Notes ${index}\n\nThe harbour council met in winter.\n`], { type: "text/plain" }), filename));
      expect(response.status).toBe(201);
      const { document } = (await response.json()) as { document: { name: string; kind: string; unitCount: number } };
      expect(document).toMatchObject({ name: expected, kind: "text", unitCount: 1 });
    }
    // Raw C0 controls (NUL, ESC, a line break) make a part header malformed: refused, nothing stored.
    const refused = await routes.POST(upload(new Blob(["# Notes\n"], { type: "text/plain" }), "re\u0000port\n\u001b[31m.md"));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/control characters/);
  });

  it("201 with the document's units, then 200 for the same bytes", async () => {
    const bytes = makePdf([{ texts: [{ x: 72, y: 700, text: "Route test page one" }] }, { texts: [{ x: 72, y: 700, text: "Page two" }] }]);
    const first = await routes.POST(upload(new Blob([bytes], { type: "application/pdf" }), "route.pdf"));
    expect(first.status).toBe(201);
    const body = (await first.json()) as { document: Record<string, unknown> & { id: string } };
    expect(body.document).toMatchObject({
      name: "route.pdf",
      kind: "pdf",
      sizeBytes: bytes.byteLength,
      unitCount: 2,
      skipped: [],
      meta: { pageCount: 2 },
      units: [
        { ordinal: 0, kind: "page", label: "p. 1", tokens: expect.any(Number) },
        { ordinal: 1, kind: "page", label: "p. 2", tokens: expect.any(Number) },
      ],
    });
    expect(body.document).not.toHaveProperty("created");

    const again = await routes.POST(upload(new Blob([bytes]), "copy.pdf"));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { document: { id: string } }).document.id).toBe(body.document.id);
  });

  it("passes the password field through", async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(process.cwd(), "e2e", "fixtures", "pdf", "issue3371.pdf")));
    const missing = await routes.POST(upload(new Blob([bytes]), "locked.pdf"));
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ error: { code: "pdf_password", message: expect.stringMatching(/password-protected/) } });
    const wrong = await routes.POST(upload(new Blob([bytes]), "locked.pdf", { password: "nope" }));
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/not correct/);
  });

  it("413 when Content-Length is over the limit, before reading the body", async () => {
    const response = await routes.POST(upload(new Blob(["small"]), "a.txt", {}, { "content-length": String(50 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: "upload_too_large", message: expect.stringMatching(/limit is 64 KB/) } });
  });

  it("413 when the file itself is over the limit", async () => {
    const response = await routes.POST(upload(new Blob([new Uint8Array(UPLOAD_MAX_BYTES + 10).fill(0x61)]), "big.txt"));
    expect(response.status).toBe(413);
  });

  it("413 for a chunked upload that never ends, as soon as it passes the limit, naming the size read", async () => {
    const boundary = "----longdoc-test";
    let sent = 0;
    let cancelled = false;
    const chunk = new Uint8Array(16 * 1024).fill(0x61);
    // No Content-Length and no end: only the limit can stop it.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless.txt"\r\nContent-Type: text/plain\r\n\r\n`));
      },
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = await routes.POST(new Request("http://localhost/api/documents", { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, duplex: "half" } as RequestInit));
    expect(response.status).toBe(413);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("upload_too_large");
    expect(error.message).toMatch(/over 64 KB \(\d+ KB were read before it was stopped\); the limit is 64 KB/);
    // Stopped within a few chunks of the limit, and the body was let go.
    expect(sent).toBeLessThan(UPLOAD_MAX_BYTES + 64 * 1024 + 8 * chunk.byteLength);
    expect(cancelled).toBe(true);
  });

  it("415 for a binary upload, 400 without a file or without multipart", async () => {
    const image = await routes.POST(upload(new Blob([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]), "scan.png"));
    expect(image.status).toBe(415);
    const form = new FormData();
    form.append("password", "x");
    expect((await routes.POST(new Request("http://localhost/api/documents", { method: "POST", body: form }))).status).toBe(400);
    expect((await routes.POST(new Request("http://localhost/api/documents", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }))).status).toBe(400);
  });
});

describe("GET and DELETE /api/documents/:id", () => {
  it("returns units, their text with ?text=1, and deletes", async () => {
    const created = await routes.POST(upload(new Blob(["# One\nfirst\n\n# Two\nsecond\n"]), "notes.md"));
    const { document } = (await created.json()) as { document: { id: string } };

    const plain = await idRoutes.GET(new Request(`http://localhost/api/documents/${document.id}`), params(document.id));
    expect(plain.status).toBe(200);
    const plainBody = (await plain.json()) as { document: { units: Record<string, unknown>[] } };
    expect(plainBody.document.units.map((unit) => unit.label)).toEqual(["One", "Two"]);
    expect(plainBody.document.units[0]).not.toHaveProperty("text");

    const withText = await idRoutes.GET(new Request(`http://localhost/api/documents/${document.id}?text=1`), params(document.id));
    expect(((await withText.json()) as { document: { units: { text: string }[] } }).document.units.map((unit) => unit.text)).toEqual(["# One\nfirst\n\n", "# Two\nsecond\n"]);

    const deleted = await idRoutes.DELETE(new Request(`http://localhost/api/documents/${document.id}`, { method: "DELETE" }), params(document.id));
    expect(await deleted.json()).toEqual({ deleted: true, id: document.id });
    const gone = await idRoutes.GET(new Request(`http://localhost/api/documents/${document.id}`), params(document.id));
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
