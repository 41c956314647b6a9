import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Codebase uploads through the real route: a .zip of a repository, and a folder sent as several
 * `file` parts named by relative paths (what a browser's folder picker sends).
 */
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-codebase-route-"));
type Routes = { POST: (request: Request) => Promise<Response> };
let routes: Routes;

beforeAll(async () => {
  process.env.DATABASE_PATH = path.join(directory, "longdoc.db");
  const cache = globalThis as { __longdocConfig?: unknown; __longdocDb?: unknown };
  delete cache.__longdocConfig;
  delete cache.__longdocDb;
  routes = (await import("./route")) as Routes;
});
afterAll(() => {
  const cache = globalThis as { __longdocDb?: { db: { $client: { close(): void } } }; __longdocConfig?: unknown };
  cache.__longdocDb?.db.$client.close();
  delete cache.__longdocDb;
  delete cache.__longdocConfig;
  fs.rmSync(directory, { recursive: true, force: true });
});

const encoder = new TextEncoder();
const files: Record<string, string> = {
  "shop/README.md": "# Shop\n",
  "shop/package.json": JSON.stringify({ name: "shop", main: "src/index.js" }),
  "shop/src/index.js": "// TODO: auth\nconsole.log('hi');\n",
  "shop/node_modules/left-pad/index.js": "module.exports = 1;\n",
};

interface DocumentBody {
  document: { id: string; kind: string; name: string; unitCount: number; skipped: { label: string; reason: string }[]; units: { label: string }[] };
}

describe("codebase uploads", () => {
  it("reads a .zip of a repository as a codebase, in memory, with skipped folders named", async () => {
    const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, encoder.encode(text)])));
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(zip)]), "shop.zip");
    const response = await routes.POST(new Request("http://localhost/api/documents", { method: "POST", body: form }));
    expect(response.status).toBe(201);
    const { document } = (await response.json()) as DocumentBody;
    expect(document.kind).toBe("codebase");
    expect(document.units.map((unit) => unit.label).sort()).toEqual(["README.md", "package.json", "src/index.js"]);
    expect(document.skipped.some((skip) => skip.label.startsWith("node_modules"))).toBe(true);
  });

  it("reads a folder upload (relative paths) as a codebase, and the same folder again is not stored twice", async () => {
    const send = async () => {
      const form = new FormData();
      for (const [name, text] of Object.entries(files)) form.append("file", new Blob([text]), name);
      return routes.POST(new Request("http://localhost/api/documents", { method: "POST", body: form }));
    };
    const first = await send();
    expect(first.status).toBe(201);
    const { document } = (await first.json()) as DocumentBody;
    expect(document.kind).toBe("codebase");
    expect(document.name).toBe("shop");
    expect(document.unitCount).toBe(3);
    const again = await send();
    expect(again.status).toBe(200);
    expect(((await again.json()) as DocumentBody).document.id).toBe(document.id);
  });
});
