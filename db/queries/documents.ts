import { asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { ftsTableName, getRetrievalIndex } from "./retrieval";
import type { SkippedUnit, SourceUnit } from "../../lib/extract/types";
import { documents, documentUnits } from "../schema";

/** A unit as stored (its kind is a plain string in the table). */
export type UnitInput = Omit<SourceUnit, "kind"> & { kind: string };
export type { SkippedUnit };

export interface NewDocument {
  id: string;
  sha256: string;
  name: string;
  kind: string;
  mimeType: string | null;
  sizeBytes: number;
  units: UnitInput[];
  skipped: SkippedUnit[];
  meta: Record<string, unknown>;
}

export type DocumentRow = typeof documents.$inferSelect;
export type UnitRow = typeof documentUnits.$inferSelect;

/** The documents row of a new document, under `sha256`. */
function documentValues(input: NewDocument, sha256: string): typeof documents.$inferInsert {
  return {
    id: input.id,
    sha256,
    name: input.name,
    kind: input.kind,
    mimeType: input.mimeType,
    sizeBytes: input.sizeBytes,
    totalTokens: input.units.reduce((sum, unit) => sum + unit.tokens, 0),
    unitCount: input.units.length,
    skippedJson: JSON.stringify(input.skipped),
    metaJson: JSON.stringify(input.meta),
  };
}

/** Stores a document and its units in one transaction. */
export function insertDocument(db: Db, input: NewDocument): DocumentRow {
  return db.transaction((tx) => {
    const [row] = tx.insert(documents).values(documentValues(input, input.sha256)).returning().all();
    input.units.forEach((unit, ordinal) => {
      tx.insert(documentUnits).values({ documentId: input.id, ordinal, ...unit }).run();
    });
    if (!row) throw new Error("insert returned no row");
    return row;
  });
}

/** The sha256 a document is stored under while its units are still being written. */
const PENDING_PREFIX = "pending:";

/**
 * Stores a document a batch of units per transaction, giving the event loop a turn between
 * batches: a 19 MB codebase in one transaction held the server's only thread for 250–880 ms. The
 * row is written first under a placeholder sha256 (so no lookup by content finds it half-written)
 * and takes its real sha256 last, in one statement; a unique-index conflict there (the same bytes
 * stored meanwhile by another request) removes this copy and throws, as insertDocument would.
 */
export async function insertDocumentInSlices(
  db: Db,
  input: NewDocument,
  { batchChars = 1_000_000, batchUnits = 500, yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve)) }: { batchChars?: number; batchUnits?: number; yieldTurn?: () => Promise<void> } = {},
): Promise<DocumentRow> {
  const sqlite = db.$client;
  db.insert(documents).values(documentValues(input, `${PENDING_PREFIX}${input.id}`)).run();
  try {
    const insert = sqlite.prepare("insert into document_units (document_id, ordinal, kind, label, text, tokens) values (?, ?, ?, ?, ?, ?)");
    const writeBatch = sqlite.transaction((from: number, to: number) => {
      for (let ordinal = from; ordinal < to; ordinal += 1) {
        const unit = input.units[ordinal]!;
        insert.run(input.id, ordinal, unit.kind, unit.label, unit.text, unit.tokens);
      }
    });
    let from = 0;
    while (from < input.units.length) {
      let to = from;
      let chars = 0;
      while (to < input.units.length && to - from < batchUnits && (to === from || chars + input.units[to]!.text.length <= batchChars)) {
        chars += input.units[to]!.text.length;
        to += 1;
      }
      writeBatch(from, to);
      from = to;
      await yieldTurn();
    }
    const row = db.update(documents).set({ sha256: input.sha256 }).where(eq(documents.id, input.id)).returning().get();
    if (!row) throw new Error(`document ${input.id} disappeared while it was being stored`);
    return row;
  } catch (error) {
    db.delete(documents).where(eq(documents.id, input.id)).run();
    throw error;
  }
}

/** Removes documents a process began storing and never finished (it died): older than `olderThanMs`. */
export function deleteAbandonedPendingDocuments(db: Db, { olderThanMs, nowMs }: { olderThanMs: number; nowMs: number }): number {
  return db.$client.prepare("delete from documents where sha256 like 'pending:%' and created_at_ms < ?").run(nowMs - olderThanMs).changes;
}

export function findDocumentBySha256(db: Db, { sha256 }: { sha256: string }): DocumentRow | undefined {
  return db.select().from(documents).where(eq(documents.sha256, sha256)).get();
}

export function getDocument(db: Db, { id }: { id: string }): DocumentRow | undefined {
  return db.select().from(documents).where(eq(documents.id, id)).get();
}

export function listUnits(db: Db, { documentId }: { documentId: string }): UnitRow[] {
  return db.select().from(documentUnits).where(eq(documentUnits.documentId, documentId)).orderBy(asc(documentUnits.ordinal)).all();
}

/** Deletes a document, its units and its search index (the index row by cascade, its FTS5 table here). */
export function deleteDocument(db: Db, { id }: { id: string }): boolean {
  return db.$client.transaction(() => {
    const index = getRetrievalIndex(db, { documentId: id });
    if (index) db.$client.exec(`drop table if exists ${ftsTableName(index.id)}`);
    return db.delete(documents).where(eq(documents.id, id)).run().changes > 0;
  })();
}
