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
/**
 * Ids of indexes built in stages are their build's start, ms since the epoch, times 1,000 plus a
 * random 0–999: a table with such an id and no row yet is a build in progress (or, once a day
 * old, one that died with its process). Older indexes have small autoincrement ids.
 */
const STAGED_ID_MIN = 1e15;
const STAGE_ABANDONED_MS = 24 * 60 * 60 * 1000;

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

function createFtsTable(sqlite: Db["$client"], table: string): void {
  sqlite.exec(
    `create virtual table ${table} using fts5(terms, ordinal unindexed, char_start unindexed, char_end unindexed, part unindexed, parts unindexed, content='', contentless_unindexed=1, tokenize='${FTS_TOKENIZE}')`,
  );
}

export interface StagedIndex {
  /** Writes passages in one short transaction. */
  write(passages: PassageRow[]): void;
  /** One step of merging the index's segments; false when they are merged. */
  mergeStep(): boolean;
  /**
   * Makes the staged table the document's index in one immediate transaction (a current index
   * another process published meanwhile is kept, and the staged one dropped).
   */
  publish(input: { version: number; passageCount: number; buildMs: number; isCurrent: (row: RetrievalIndexRow) => boolean }): RetrievalIndexRow;
  discard(): void;
}

/**
 * A document's index built a batch at a time (lib/retrieval/build-index.ts): into an FTS5 table
 * that no search reads until it is published, at the end, by inserting its row. Each call holds
 * the write lock only for its own batch.
 */
export function stageRetrievalIndex(db: Db, { documentId }: { documentId: string }): StagedIndex {
  const sqlite = db.$client;
  // The table gets its final name now (a rename would miss FTS5's shadow table of unindexed
  // columns); no search finds it until publish inserts the row with this id.
  const id = Date.now() * 1_000 + Math.floor(Math.random() * 1_000);
  const table = ftsTableName(id);
  createFtsTable(sqlite, table);
  const insert = sqlite.prepare(`insert into ${table} (terms, ordinal, char_start, char_end, part, parts) values (?, ?, ?, ?, ?, ?)`);
  const writeBatch = sqlite.transaction((passages: PassageRow[]) => {
    for (const passage of passages) insert.run(passage.terms, passage.ordinal, passage.start, passage.end, passage.part, passage.parts);
  });
  const merge = sqlite.prepare(`insert into ${table} (${table}, rank) values ('merge', -64)`);
  const totalChanges = sqlite.prepare("select total_changes() as n").pluck();
  return {
    write: (passages) => writeBatch(passages),
    mergeStep: () => {
      // FTS5: a merge step that changed fewer than two rows found nothing left to merge.
      const before = totalChanges.get() as number;
      merge.run();
      return (totalChanges.get() as number) - before >= 2;
    },
    publish: (input) =>
      sqlite
        .transaction(() => {
          const existing = getRetrievalIndex(db, { documentId });
          if (existing && input.isCurrent(existing)) {
            sqlite.exec(`drop table if exists ${table}`);
            return existing;
          }
          if (existing) {
            sqlite.exec(`drop table if exists ${ftsTableName(existing.id)}`);
            db.delete(retrievalIndexes).where(eq(retrievalIndexes.id, existing.id)).run();
          }
          const row = db.insert(retrievalIndexes).values({ id, documentId, version: input.version, passageCount: input.passageCount, buildMs: input.buildMs }).returning().get();
          dropOrphanRetrievalTables(db);
          return row;
        })
        .immediate(),
    discard: () => sqlite.exec(`drop table if exists ${table}`),
  };
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
 * Drops index tables whose document (and so whose index row) was deleted, and staging tables of
 * builds that died with their process; returns how many.
 * Call it inside a write transaction (publishing a staged index does).
 */
export function dropOrphanRetrievalTables(db: Db): number {
  const sqlite = db.$client;
  const live = new Set(db.select({ id: retrievalIndexes.id }).from(retrievalIndexes).all().map((row) => row.id));
  const names = (sqlite.prepare(`select name from sqlite_master where type = 'table' and name like 'retrieval_fts_%'`).all() as Array<{ name: string }>).map((row) => row.name);
  let dropped = 0;
  for (const name of names) {
    const match = TABLE.exec(name);
    if (!match) continue;
    const id = Number(match[1]);
    if (live.has(id)) continue;
    // A staged build still being written (by this process or another) is left alone.
    if (id >= STAGED_ID_MIN && Date.now() - Math.floor(id / 1_000) < STAGE_ABANDONED_MS) continue;
    sqlite.exec(`drop table if exists ${name}`);
    dropped += 1;
  }
  return dropped;
}
