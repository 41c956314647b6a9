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

/** Stores a document and its units in one transaction. */
export function insertDocument(db: Db, input: NewDocument): DocumentRow {
  return db.transaction((tx) => {
    const totalTokens = input.units.reduce((sum, unit) => sum + unit.tokens, 0);
    const [row] = tx
      .insert(documents)
      .values({
        id: input.id,
        sha256: input.sha256,
        name: input.name,
        kind: input.kind,
        mimeType: input.mimeType,
        sizeBytes: input.sizeBytes,
        totalTokens,
        unitCount: input.units.length,
        skippedJson: JSON.stringify(input.skipped),
        metaJson: JSON.stringify(input.meta),
      })
      .returning()
      .all();
    input.units.forEach((unit, ordinal) => {
      tx.insert(documentUnits).values({ documentId: input.id, ordinal, ...unit }).run();
    });
    if (!row) throw new Error("insert returned no row");
    return row;
  });
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
