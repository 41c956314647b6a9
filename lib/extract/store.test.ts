import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDb, type Db } from "../../db/client";
import { makePdf } from "../../e2e/fixtures/make-pdf";
import { extractUpload } from "./index";
import { extractAndStore, loadStoredDocument, removeStoredDocument, sha256Hex, sha256HexInSlices } from "./store";

describe("extractAndStore (real SQLite file)", () => {
  let directory: string;
  let db: Db;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-extract-"));
    db = openDb(path.join(directory, "test.db"));
  });

  afterEach(() => {
    db.$client.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("extracts once per sha256: the same bytes return the stored document", async () => {
    const bytes = makePdf([{ texts: [{ x: 72, y: 700, text: "Stored once" }] }, { texts: [] }]);
    const extract = vi.fn(extractUpload);
    const first = await extractAndStore(db, { bytes, filename: "a.pdf", mimeType: "application/pdf", extract });
    const second = await extractAndStore(db, { bytes, filename: "renamed.pdf", password: "irrelevant", extract });
    expect(extract).toHaveBeenCalledTimes(1);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({
      name: "a.pdf",
      kind: "pdf",
      sha256: sha256Hex(bytes),
      mimeType: "application/pdf",
      sizeBytes: bytes.byteLength,
      unitCount: 1,
      skipped: [{ label: "p. 2", reason: expect.stringMatching(/no text layer/) }],
      meta: { pageCount: 2 },
      units: [{ ordinal: 0, kind: "page", label: "p. 1", tokens: expect.any(Number) }],
    });
    expect(first.totalTokens).toBe(first.units[0]?.tokens);
    expect(first.units[0]).not.toHaveProperty("text");
  });

  it("stores nothing when extraction fails", async () => {
    await expect(extractAndStore(db, { bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47]), filename: "x.png" })).rejects.toMatchObject({ status: 415 });
    expect(db.$client.prepare("select count(*) as n from documents").get()).toEqual({ n: 0 });
  });

  it("loads with or without unit text, and deletes with the units", async () => {
    const stored = await extractAndStore(db, { bytes: new TextEncoder().encode("# A\none\n\n# B\ntwo\n"), filename: "notes.md" });
    expect(loadStoredDocument(db, { id: stored.id, includeText: true })?.units.map((unit) => unit.text)).toEqual(["# A\none\n\n", "# B\ntwo\n"]);
    expect(removeStoredDocument(db, { id: stored.id })).toBe(true);
    expect(loadStoredDocument(db, { id: stored.id })).toBeUndefined();
    expect(removeStoredDocument(db, { id: stored.id })).toBe(false);
    expect(db.$client.prepare("select count(*) as n from document_units").get()).toEqual({ n: 0 });
  });

  it("two simultaneous uploads of the same bytes end as one document", async () => {
    const bytes = new TextEncoder().encode("same bytes\n");
    const [a, b] = await Promise.all([extractAndStore(db, { bytes, filename: "a.txt" }), extractAndStore(db, { bytes, filename: "b.txt" })]);
    expect(a.id).toBe(b.id);
    expect(db.$client.prepare("select count(*) as n from documents").get()).toEqual({ n: 1 });
  });
});

describe("hashing an upload in slices", () => {
  it("gives sha256Hex's digest, with a turn of the event loop between 4 MB pieces", async () => {
    const bytes = new Uint8Array(9 * 1024 * 1024 + 7).map((_, index) => index % 251);
    let turns = 0;
    expect(await sha256HexInSlices(bytes, async () => void (turns += 1))).toBe(sha256Hex(bytes));
    expect(turns).toBe(2);
    expect(await sha256HexInSlices(new Uint8Array(0), async () => void (turns += 1))).toBe(sha256Hex(new Uint8Array(0)));
  });
});
