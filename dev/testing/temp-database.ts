import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { openDb, type Db } from "../../db/client";

/**
 * Temporary folders (and SQLite files in them) for one test file, removed after each test. Call
 * it at the top level of a test file.
 */
export function temporaryDatabases(prefix: string): { folder(): string; database(name?: string): Db } {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });
  const folder = () => {
    const made = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    folders.push(made);
    return made;
  };
  return { folder, database: (name = "t.db") => openDb(path.join(folder(), name)) };
}
