import { describe, expect, it } from "vitest";
import { temporaryDatabases } from "../../dev/testing/temp-database";
import type { Db } from "../client";
import { deleteAbandonedPendingDocuments, findDocumentBySha256, getDocument, insertDocument, insertDocumentInSlices, listUnits, type NewDocument } from "./documents";

const temporary = temporaryDatabases("longdoc-documents");
const db = (): Db => temporary.database("d.db");

const documentOf = (id: string, sha256: string, units: number): NewDocument => ({
  id,
  sha256,
  name: `${id}.zip`,
  kind: "codebase",
  mimeType: null,
  sizeBytes: 1,
  units: Array.from({ length: units }, (_, index) => ({ kind: "file", label: `src/f${index}.ts`, text: `1\tconst x${index} = ${index};`.padEnd(100, " "), tokens: 7 })),
  skipped: [],
  meta: {},
});

describe("storing a document in slices", () => {
  it("writes a batch per turn of the event loop, is not found by its content until the last unit is in, and stores the same rows", async () => {
    const database = db();
    const input = documentOf("a", "sha-a", 1_000);
    const seen: Array<{ byContent: boolean; units: number }> = [];
    const row = await insertDocumentInSlices(database, input, {
      batchUnits: 100,
      yieldTurn: async () => {
        seen.push({ byContent: findDocumentBySha256(database, { sha256: "sha-a" }) !== undefined, units: listUnits(database, { documentId: "a" }).length });
      },
    });
    expect(seen.map((turn) => turn.units)).toEqual(Array.from({ length: 10 }, (_, index) => (index + 1) * 100));
    expect(seen.every((turn) => !turn.byContent)).toBe(true);
    expect(row).toMatchObject({ sha256: "sha-a", unitCount: 1_000, totalTokens: 7_000 });
    const reference = db();
    insertDocument(reference, input);
    const strip = (units: ReturnType<typeof listUnits>) => units.map(({ ordinal, kind, label, text, tokens }) => ({ ordinal, kind, label, text, tokens }));
    expect(strip(listUnits(database, { documentId: "a" }))).toEqual(strip(listUnits(reference, { documentId: "a" })));
  });

  it("a batch that is too large for the character bound still goes in alone; a conflict on the content hash removes the copy", async () => {
    const database = db();
    await insertDocumentInSlices(database, documentOf("first", "same", 3), { batchChars: 10, yieldTurn: async () => undefined });
    expect(listUnits(database, { documentId: "first" })).toHaveLength(3);
    await expect(insertDocumentInSlices(database, documentOf("second", "same", 3), { yieldTurn: async () => undefined })).rejects.toThrow(/UNIQUE/);
    expect(getDocument(database, { id: "second" })).toBeUndefined();
    expect(listUnits(database, { documentId: "second" })).toEqual([]);
  });

  it("a document a dead process left half-stored is removed once it is old, and a recent one is left to its writer", async () => {
    const database = db();
    let stop!: () => void;
    const stalled = insertDocumentInSlices(database, documentOf("half", "sha-half", 10), { batchUnits: 5, yieldTurn: () => new Promise<void>((resolve) => (stop = resolve)) });
    expect(deleteAbandonedPendingDocuments(database, { olderThanMs: 3_600_000, nowMs: Date.now() })).toBe(0);
    expect(deleteAbandonedPendingDocuments(database, { olderThanMs: 3_600_000, nowMs: Date.now() + 3_600_001 })).toBe(1);
    expect(listUnits(database, { documentId: "half" })).toEqual([]);
    stop();
    await expect(stalled).rejects.toThrow();
  });
});
