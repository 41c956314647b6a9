import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { assertIntactPages, assertUsableDatabase } from "./integrity";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Where drizzle-kit writes migrations; resolved from the working directory (the project root). */
export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/**
 * Opens (creating when missing) the SQLite file, turns on WAL and foreign keys, and applies
 * pending migrations. A second open of the same file reuses it. An existing file that is empty,
 * not SQLite, truncated or damaged (or has a damaged WAL) is a DatabaseFileError, before anything
 * is written to it.
 */
export function openDb(filePath: string): Db {
  assertUsableDatabase(filePath);
  if (filePath !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  const existed = filePath !== ":memory:" && fs.existsSync(filePath);
  const sqlite = new Database(filePath);
  if (existed) {
    try {
      assertIntactPages(sqlite, filePath);
    } catch (error) {
      sqlite.close();
      throw error;
    }
  }
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

const cache = globalThis as unknown as { __longdocDb?: { path: string; db: Db } };

/** The process's database, opened once (cached on globalThis so dev reloads reuse it). */
export function getDb(filePath: string): Db {
  if (!cache.__longdocDb || cache.__longdocDb.path !== filePath) {
    cache.__longdocDb = { path: filePath, db: openDb(filePath) };
  }
  return cache.__longdocDb.db;
}
