import fs from "node:fs";
import path from "node:path";
import { getDocument, type DocumentRow } from "../db/queries/documents";
import { extractAndStore } from "../lib/extract/store";
import type { ServerContext } from "../lib/server-context";

/**
 * A FILE argument: a path to extract and store (the same file is extracted once, keyed by its
 * sha256), or the id of a document already stored.
 */
export async function documentFromArgument(context: ServerContext, argument: string, password?: string): Promise<DocumentRow> {
  if (!fs.existsSync(argument)) {
    const stored = getDocument(context.db, { id: argument });
    if (stored) return stored;
    throw new Error(`${argument}: no such file, and no stored document has that id`);
  }
  const bytes = new Uint8Array(fs.readFileSync(argument));
  const stored = await extractAndStore(context.db, { bytes, filename: path.basename(argument), password });
  const row = getDocument(context.db, { id: stored.id });
  if (!row) throw new Error("the document was not stored");
  return row;
}
