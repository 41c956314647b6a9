import { createHash, randomUUID } from "node:crypto";
import type { Db } from "../../db/client";
import { deleteDocument, findDocumentBySha256, getDocument, insertDocumentInSlices, listUnits } from "../../db/queries/documents";
import { extractUpload, type ExtractUploadInput } from "./index";
import { type StoredDocument, toStoredDocument } from "./stored-document";
import type { SourceDocument } from "./types";

export type { StoredDocument, StoredUnit } from "./stored-document";

export interface StoreResult extends StoredDocument {
  /** False when these bytes were stored before: nothing was extracted this time. */
  created: boolean;
}

/**
 * Extracts an upload once: the document is keyed by the sha256 of its bytes, so the same file
 * uploaded again returns the stored document without a second extraction (the password plays no
 * part: same bytes, same text). Two simultaneous uploads of the same bytes both extract, and the
 * second insert finds the first's row through the unique index.
 */
export async function extractAndStore(
  db: Db,
  input: ExtractUploadInput & { extract?: (input: ExtractUploadInput) => Promise<SourceDocument> },
): Promise<StoreResult> {
  const sha256 = await sha256HexInSlices(input.bytes);
  const existing = findDocumentBySha256(db, { sha256 });
  if (existing) return { ...toStoredDocument(existing, listUnits(db, { documentId: existing.id })), created: false };

  const extract = input.extract ?? extractUpload;
  const document = await extract(input);
  return await storeDocument(db, { sha256, document, sizeBytes: input.bytes.byteLength, mimeType: input.mimeType ?? null });
}

/**
 * Stores an extracted document under `sha256` (the hash of what was uploaded), or returns the
 * document already stored under it. Written in batches that let the server answer meanwhile; the
 * answer is made from the units in hand rather than read back.
 */
export async function storeDocument(db: Db, input: { sha256: string; document: SourceDocument; sizeBytes: number; mimeType: string | null }): Promise<StoreResult> {
  const { sha256, document } = input;
  const known = findDocumentBySha256(db, { sha256 });
  if (known) return { ...toStoredDocument(known, listUnits(db, { documentId: known.id })), created: false };
  const id = randomUUID();
  const units = document.units.map((unit) => ({ kind: unit.kind, label: unit.label, text: unit.text, tokens: unit.tokens }));
  let row;
  try {
    row = await insertDocumentInSlices(db, { id, sha256, name: document.name, kind: document.kind, mimeType: input.mimeType, sizeBytes: input.sizeBytes, units, skipped: document.skipped, meta: document.meta });
  } catch (error) {
    const raced = findDocumentBySha256(db, { sha256 });
    if (raced) return { ...toStoredDocument(raced, listUnits(db, { documentId: raced.id })), created: false };
    throw error;
  }
  return { ...toStoredDocument(row, units.map((unit, ordinal) => ({ ...unit, ordinal }))), created: true };
}

/** A stored document with its units (and their text when asked), or undefined. */
export function loadStoredDocument(db: Db, input: { id: string; includeText?: boolean }): StoredDocument | undefined {
  const row = getDocument(db, { id: input.id });
  return row ? toStoredDocument(row, listUnits(db, { documentId: row.id }), { includeText: input.includeText }) : undefined;
}

/** Deletes a document and its units; jobs that used it keep their reports. */
export function removeStoredDocument(db: Db, input: { id: string }): boolean {
  return deleteDocument(db, { id: input.id });
}

/** Bytes hashed per turn of the event loop (a few milliseconds): a 95 MB upload hashed at once held the server ~80 ms. */
const HASH_CHUNK_BYTES = 4 * 1024 * 1024;

/** The same digest as sha256Hex, with a turn of the event loop after every 4 MB. */
export async function sha256HexInSlices(bytes: Uint8Array, yieldTurn: () => Promise<void> = () => new Promise<void>((resolve) => setImmediate(resolve))): Promise<string> {
  const hash = createHash("sha256");
  for (let offset = 0; offset < bytes.length; offset += HASH_CHUNK_BYTES) {
    hash.update(bytes.subarray(offset, offset + HASH_CHUNK_BYTES));
    if (offset + HASH_CHUNK_BYTES < bytes.length) await yieldTurn();
  }
  return hash.digest("hex");
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
