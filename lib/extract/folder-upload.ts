import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "../../db/client";
import { extractCodebaseFiles, type CodebaseLimits } from "./codebase";
import type { UploadedFile } from "./read-upload";
import { sha256Hex, storeDocument, type StoreResult } from "./store";

/**
 * A folder picked in the browser (files with relative paths) → a stored codebase. The same
 * folder (same paths, same contents) is stored once: its key hashes each path with its bytes.
 */
export async function extractAndStoreFolder(db: Db, files: UploadedFile[], limits: CodebaseLimits): Promise<StoreResult> {
  const sorted = [...files].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  const hash = createHash("sha256").update("folder-upload\0");
  for (const file of sorted) hash.update(file.filename).update("\0").update(sha256Hex(file.bytes)).update("\0");
  const roots = new Set(sorted.map((file) => (file.filename.includes("/") ? file.filename.split("/")[0] : "")));
  const name = roots.size === 1 && !roots.has("") ? [...roots][0]! : "folder";
  const document = await extractCodebaseFiles(
    sorted.map((file) => ({ path: file.filename, bytes: file.bytes })),
    name,
    limits,
  );
  return storeDocument(db, { sha256: hash.digest("hex"), document, sizeBytes: files.reduce((sum, file) => sum + file.bytes.byteLength, 0), mimeType: null });
}
