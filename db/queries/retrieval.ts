import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { retrievalIndexes } from "../schema";

/**
 * A document's BM25 passage index: a row in retrieval_indexes and an FTS5 table named after the
 * row's id. Contentless (`content=''`): the index keeps the terms' postings, not the text (the text
 * is in document_units already); `contentless_unindexed=1` keeps the passage's place in its unit.
 */

export type RetrievalIndexRow = typeof retrievalIndexes.$inferSelect;

/** The FTS5 tokenizer: Unicode word splitting, diacritics folded, English words stemmed (Porter). */
export const FTS_TOKENIZE = "porter unicode61 remove_diacritics 2";

const TABLE = /^retrieval_fts_(\d+)$/;

export function ftsTableName(indexId: number): string {
  if (!Number.isSafeInteger(indexId) || indexId < 0) throw new Error(`bad index id ${indexId}`);
  return `retrieval_fts_${indexId}`;
}

export interface PassageRow {
  /** Space-separated terms (see lib/retrieval/terms.ts). */
  terms: string;
  ordinal: number;
  start: number;
  end: number;
  part: number;
  parts: number;
}

export interface PassageMatch {
  ordinal: number;
  start: number;
  end: number;
  part: number;
  parts: number;
  /** −bm25(): higher is more relevant. */
  score: number;
}

export function getRetrievalIndex(db: Db, { documentId }: { documentId: string }): RetrievalIndexRow | undefined {
  return db.select().from(retrievalIndexes).where(eq(retrievalIndexes.documentId, documentId)).get();
}

/**
 * Replaces a document's index with `passages` (made beforehand, so the write lock is held only for
 * the inserts), in one immediate transaction: a second process that built the same index meanwhile
 * finds it current and keeps it.
 */
export function storeRetrievalIndex(
  db: Db,
  input: { documentId: string; version: number; passages: PassageRow[]; buildMs: number; isCurrent: (row: RetrievalIndexRow) => boolean },
): RetrievalIndexRow {
  const sqlite = db.$client;
  return sqlite
    .transaction(() => {
      const existing = getRetrievalIndex(db, { documentId: input.documentId });
      if (existing && input.isCurrent(existing)) return existing;
      // Inside the write lock, so no other process is between creating its row and its table.
      dropOrphanRetrievalTables(db);
      if (existing) {
        sqlite.exec(`drop table if exists ${ftsTableName(existing.id)}`);
        db.delete(retrievalIndexes).where(eq(retrievalIndexes.id, existing.id)).run();
      }
      const { passages } = input;
      const row = db.insert(retrievalIndexes).values({ documentId: input.documentId, version: input.version, passageCount: passages.length, buildMs: input.buildMs }).returning().get();
      const table = ftsTableName(row.id);
      sqlite.exec(
        `create virtual table ${table} using fts5(terms, ordinal unindexed, char_start unindexed, char_end unindexed, part unindexed, parts unindexed, content='', contentless_unindexed=1, tokenize='${FTS_TOKENIZE}')`,
      );
      const insert = sqlite.prepare(`insert into ${table} (terms, ordinal, char_start, char_end, part, parts) values (?, ?, ?, ?, ?, ?)`);
      for (const passage of passages) insert.run(passage.terms, passage.ordinal, passage.start, passage.end, passage.part, passage.parts);
      // Merge the index's segments once, now: every query then reads one b-tree.
      sqlite.prepare(`insert into ${table} (${table}) values ('optimize')`).run();
      return row;
    })
    .immediate();
}

/** Passages matching an FTS5 expression, most relevant first (BM25 over this document's passages). */
export function searchRetrievalIndex(db: Db, { indexId, match, limit }: { indexId: number; match: string; limit: number }): PassageMatch[] {
  const table = ftsTableName(indexId);
  return db.$client
    .prepare(
      `select ordinal, char_start as start, char_end as "end", part, parts, -bm25(${table}) as score
         from ${table} where ${table} match ? order by bm25(${table}) limit ?`,
    )
    .all(match, limit) as PassageMatch[];
}

/**
 * Drops index tables whose document (and so whose index row) was deleted; returns how many.
 * Call it inside a write transaction (storeRetrievalIndex does).
 */
export function dropOrphanRetrievalTables(db: Db): number {
  const sqlite = db.$client;
  const live = new Set(db.select({ id: retrievalIndexes.id }).from(retrievalIndexes).all().map((row) => row.id));
  const names = (sqlite.prepare(`select name from sqlite_master where type = 'table' and name like 'retrieval_fts_%'`).all() as Array<{ name: string }>).map((row) => row.name);
  let dropped = 0;
  for (const name of names) {
    const match = TABLE.exec(name);
    if (!match || live.has(Number(match[1]))) continue;
    sqlite.exec(`drop table if exists ${name}`);
    dropped += 1;
  }
  return dropped;
}
