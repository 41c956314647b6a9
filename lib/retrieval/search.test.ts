import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../db/client";
import { deleteDocument, insertDocument, listUnits } from "../../db/queries/documents";
import { ftsTableName, getRetrievalIndex } from "../../db/queries/retrieval";
import { countTokens } from "../tokens";
import { fillerPages } from "../../dev/retrieval/filler-document";
import { buildRetrievalIndex } from "./build-index";
import { documentSearch, IndexNotReadyError, INDEX_VERSION } from "./search";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-retrieval-"));
  dirs.push(dir);
  return openDb(path.join(dir, "t.db"));
}

function store(db: Db, id: string, texts: string[], kind = "page"): string {
  const units = texts.map((text, index) => ({ kind, label: kind === "page" ? `p. ${index + 1}` : `src/file${index}.ts`, text, tokens: countTokens(text) }));
  insertDocument(db, { id, sha256: id, name: `${id}.pdf`, kind: kind === "page" ? "pdf" : "codebase", mimeType: null, sizeBytes: 1, units, skipped: [], meta: {} });
  return id;
}

const tables = (db: Db) => (db.$client.prepare(`select name from sqlite_master where type = 'table' and name glob 'retrieval_fts_[0-9]*'`).all() as Array<{ name: string }>).map((row) => row.name).filter((name) => /^retrieval_fts_\d+$/.test(name));

describe("BM25 search over a saved document", () => {
  it("finds the one page of 600 that holds the answer, in English and in Chinese, and builds the index once", async () => {
    const db = tempDb();
    const english = store(db, "en", fillerPages({ pages: 600, wordsPerPage: 280, language: "en", facts: { 436: "The retry budget is 17 attempts." } }));
    const chinese = store(db, "zh", fillerPages({ pages: 600, wordsPerPage: 250, language: "zh", facts: { 436: "系统的重试预算为17次尝试。" } }));
    for (const [documentId, question] of [
      [english, "What is the retry budget?"],
      [chinese, "重试预算是多少次？"],
    ] as const) {
      const search = documentSearch(db, { documentId });
      expect(getRetrievalIndex(db, { documentId })).toBeUndefined();
      expect(() => search(question)).toThrow(IndexNotReadyError);
      const built = await buildRetrievalIndex(db, { documentId, units: listUnits(db, { documentId }) });
      const hits = search(question);
      expect(hits[0]?.ordinal).toBe(436);
      expect(hits[0]?.score).toBeGreaterThan((hits[1]?.score ?? 0) * 2);
      const index = getRetrievalIndex(db, { documentId });
      expect(index?.version).toBe(INDEX_VERSION);
      expect(index?.passageCount).toBeGreaterThanOrEqual(600);
      expect(index?.id).toBe(built.id);
      expect((await buildRetrievalIndex(db, { documentId, units: listUnits(db, { documentId }) })).id).toBe(built.id);
    }
    expect(tables(db)).toHaveLength(2);
    db.$client.close();
  });

  it("splits long units into passages and matches code identifiers without their line numbers", async () => {
    const db = tempDb();
    const long = fillerPages({ pages: 1, wordsPerPage: 4_000, language: "en", seed: 5 })[0]!.replace(/\. /g, ".\n\n");
    const code = "1\timport { verify } from './jwt';\n2\texport function getUserToken(request) {\n3\t  return verify(request.headers.authorization);\n4\t}";
    const id = store(db, "code", [long, code], "file");
    await buildRetrievalIndex(db, { documentId: id, units: listUnits(db, { documentId: id }) });
    const hits = documentSearch(db, { documentId: id })("where is the user token read?");
    expect(hits[0]).toMatchObject({ ordinal: 1, part: 1, parts: 1 });
    expect(getRetrievalIndex(db, { documentId: id })?.passageCount).toBeGreaterThan(5);
    const first = documentSearch(db, { documentId: id })("harbour");
    expect(first.every((hit) => hit.ordinal === 0 && hit.parts > 5)).toBe(true);
    db.$client.close();
  });

  it("rebuilds an index of an older version and drops the index tables of deleted documents", async () => {
    const db = tempDb();
    const a = store(db, "a", ["The retry budget is 17 attempts.", "Nothing else."]);
    const b = store(db, "b", ["Another document."]);
    const first = await buildRetrievalIndex(db, { documentId: a, units: listUnits(db, { documentId: a }) });
    db.$client.prepare("update retrieval_indexes set version = 0 where id = ?").run(first.id);
    const rebuilt = await buildRetrievalIndex(db, { documentId: a, units: listUnits(db, { documentId: a }) });
    expect(rebuilt.id).not.toBe(first.id);
    expect(tables(db)).toEqual([ftsTableName(rebuilt.id)]);
    deleteDocument(db, { id: a });
    expect(getRetrievalIndex(db, { documentId: a })).toBeUndefined();
    const other = await buildRetrievalIndex(db, { documentId: b, units: listUnits(db, { documentId: b }) });
    expect(tables(db)).toEqual([ftsTableName(other.id)]);
    db.$client.close();
  });
});
