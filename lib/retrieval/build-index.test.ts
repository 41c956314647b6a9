import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { temporaryDatabases } from "../../dev/testing/temp-database";
import { insertDocument, listUnits } from "../../db/queries/documents";
import { dropOrphanRetrievalTables, getRetrievalIndex, stageRetrievalIndex } from "../../db/queries/retrieval";
import { fillerPages } from "../../dev/retrieval/filler-document";
import { countTokens } from "../tokens";
import { buildRetrievalIndex, indexBuildProgress, type IndexProgress } from "./build-index";
import { documentSearch, passageRows } from "./search";

const temporary = temporaryDatabases("longdoc-index-build");
const tempDb = (): Db => temporary.database();

function store(db: Db, id: string, texts: string[]): string {
  const units = texts.map((text, index) => ({ kind: "page", label: `p. ${index + 1}`, text, tokens: countTokens(text) }));
  insertDocument(db, { id, sha256: id, name: `${id}.pdf`, kind: "pdf", mimeType: null, sizeBytes: 1, units, skipped: [], meta: {} });
  return id;
}

const tableNames = (db: Db, pattern: string) => (db.$client.prepare(`select name from sqlite_master where type = 'table' and name glob ?`).all(pattern) as Array<{ name: string }>).map((row) => row.name);

describe("building a document's search index in slices", () => {
  it("gives the event loop a turn between slices, reports progress, and indexes every passage", async () => {
    const db = tempDb();
    const id = store(db, "big", fillerPages({ pages: 120, wordsPerPage: 280, language: "en", facts: { 77: "The retry budget is 17 attempts." } }));
    const units = listUnits(db, { documentId: id });
    // A clock that moves 1 ms per reading: a slice is 8 readings, whatever the machine's speed.
    let clock = 0;
    const seen: IndexProgress[] = [];
    let turns = 0;
    const built = await buildRetrievalIndex(db, { documentId: id, units }, {
      now: () => (clock += 1),
      sliceMs: 8,
      batch: 50,
      yieldTurn: async () => {
        turns += 1;
        const progress = indexBuildProgress(id);
        if (progress) seen.push({ ...progress });
      },
    });
    const expected = passageRows(units).length;
    expect(built.passageCount).toBe(expected);
    expect(turns).toBeGreaterThan(expected / 8);
    expect(seen.some((progress) => progress.stage === "write" && progress.passagesDone > 0 && progress.passagesDone < expected)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ stage: "merge", passagesDone: expected, passagesTotal: expected });
    expect(indexBuildProgress(id)).toBeNull();
    expect(documentSearch(db, { documentId: id })("What is the retry budget?")[0]?.ordinal).toBe(77);
    expect(tableNames(db, "retrieval_fts_*").filter((name) => /^retrieval_fts_\d+$/.test(name))).toEqual([`retrieval_fts_${built.id}`]);
  });

  it("shares one build between concurrent questions, and leaves no staging table when a build fails", async () => {
    const db = tempDb();
    const id = store(db, "doc", ["The retry budget is 17 attempts.", "Nothing else here."]);
    const units = listUnits(db, { documentId: id });
    const [a, b] = await Promise.all([buildRetrievalIndex(db, { documentId: id, units }), buildRetrievalIndex(db, { documentId: id, units })]);
    expect(a.id).toBe(b.id);
    expect(tableNames(db, "retrieval_fts_*").filter((name) => /^retrieval_fts_\d+$/.test(name))).toHaveLength(1);

    const other = store(db, "other", ["Another document."]);
    await expect(buildRetrievalIndex(db, { documentId: other, units: listUnits(db, { documentId: other }) }, { yieldTurn: () => Promise.reject(new Error("boom")), sliceMs: -1 })).rejects.toThrow("boom");
    expect(getRetrievalIndex(db, { documentId: other })).toBeUndefined();
    expect(tableNames(db, "retrieval_fts_*").filter((name) => /^retrieval_fts_\d+$/.test(name))).toEqual([`retrieval_fts_${a.id}`]);
  });

  it("drops the table of a build that died a day ago, and keeps a recent one (another process may be writing it)", () => {
    const db = tempDb();
    const id = store(db, "doc", ["Some text."]);
    stageRetrievalIndex(db, { documentId: id });
    db.$client.exec(`create virtual table retrieval_fts_${(Date.now() - 25 * 3_600_000) * 1_000} using fts5(terms)`);
    const staged = () => tableNames(db, "retrieval_fts_*").filter((name) => /^retrieval_fts_\d+$/.test(name));
    expect(staged()).toHaveLength(2);
    db.$client.transaction(() => dropOrphanRetrievalTables(db))();
    expect(staged()).toHaveLength(1);
  });
});
