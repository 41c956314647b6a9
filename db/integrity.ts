import fs from "node:fs";
import type Database from "better-sqlite3";

/**
 * A database file that cannot be used as it is. Start-up stops with this message (the path, what
 * is wrong, what to do) and nothing is written to the file, its WAL or its shared-memory file.
 */
export class DatabaseFileError extends Error {
  constructor(
    readonly filePath: string,
    readonly problem: string,
  ) {
    super(
      `The database ${filePath} ${problem}. Nothing was changed. Restore it from a backup, or try to save what it holds with ` +
        `\`sqlite3 ${shellQuote(filePath)} ".recover" | sqlite3 recovered.db\` and point DATABASE_PATH at the recovered file. ` +
        `To start with an empty history instead, move the file (and any -wal and -shm files beside it) away.`,
    );
    this.name = "DatabaseFileError";
  }
}

function shellQuote(value: string): string {
  return /^[\w./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const HEADER = Buffer.from("SQLite format 3\0", "latin1");
const HEADER_BYTES = 100;
/** A WAL file starts with one of these two magic numbers (big-endian), then its format version. */
const WAL_MAGIC = new Set([0x377f0682, 0x377f0683]);
const WAL_HEADER_BYTES = 32;
const WAL_VERSION = 3007000;

function readStart(filePath: string, bytes: number): Buffer {
  const fd = fs.openSync(filePath, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const read = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** The checksum of SQLite's WAL format over `data` (pairs of 32-bit words, big- or little-endian). */
function walChecksum(data: Buffer, bigEndian: boolean): [number, number] {
  let s0 = 0;
  let s1 = 0;
  for (let offset = 0; offset + 8 <= data.length; offset += 8) {
    const x0 = bigEndian ? data.readUInt32BE(offset) : data.readUInt32LE(offset);
    const x1 = bigEndian ? data.readUInt32BE(offset + 4) : data.readUInt32LE(offset + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/** What is wrong with a WAL file's header, or null when it is sound (or absent or empty). */
function walProblem(walPath: string): string | null {
  if (!fs.existsSync(walPath)) return null;
  const size = fs.statSync(walPath).size;
  if (size === 0) return null;
  const header = readStart(walPath, WAL_HEADER_BYTES);
  if (header.length < WAL_HEADER_BYTES) return `has a write-ahead log (${walPath}) of ${size} bytes, too short to be one`;
  const magic = header.readUInt32BE(0);
  if (!WAL_MAGIC.has(magic) || header.readUInt32BE(4) !== WAL_VERSION) return `has a write-ahead log (${walPath}) that is not one (its header is damaged)`;
  const [s0, s1] = walChecksum(header.subarray(0, 24), (magic & 1) === 1);
  if (header.readUInt32BE(24) !== s0 || header.readUInt32BE(28) !== s1) {
    return `has a write-ahead log (${walPath}) whose header checksum is wrong, so the changes it holds would be dropped`;
  }
  return null;
}

/**
 * Checks an existing database file before anything opens it: it is not empty, it is a SQLite file
 * of the size its header declares, and its write-ahead log (if any) is sound. A missing file is
 * fine: it is created.
 */
export function assertUsableDatabase(filePath: string): void {
  if (filePath === ":memory:" || !fs.existsSync(filePath)) return;
  const stat = fs.statSync(filePath);
  if (!stat.isFile()) throw new DatabaseFileError(filePath, "is not a file");
  if (stat.size === 0) {
    throw new DatabaseFileError(filePath, "is empty (0 bytes): it holds no history, and opening it would silently start a new one. If it was a real database it was truncated");
  }
  const header = readStart(filePath, HEADER_BYTES);
  if (header.length < HEADER_BYTES || !header.subarray(0, HEADER.length).equals(HEADER)) {
    throw new DatabaseFileError(filePath, `is not a SQLite database (its first bytes are not SQLite's header; ${stat.size} bytes)`);
  }
  const wal = walProblem(`${filePath}-wal`);
  if (wal) throw new DatabaseFileError(filePath, wal);
  // Page size 1 means 65,536; the page count in the header is valid when the change counters agree.
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  const countValid = header.readUInt32BE(24) === header.readUInt32BE(92);
  if (countValid && pageCount > 0 && stat.size < pageCount * pageSize && !fs.existsSync(`${filePath}-wal`)) {
    throw new DatabaseFileError(filePath, `is truncated: its header declares ${(pageCount * pageSize).toLocaleString("en-US")} bytes and the file has ${stat.size.toLocaleString("en-US")}`);
  }
}

/**
 * SQLite's own quick_check of every page, on the connection just opened and before anything is
 * written through it (no pragma, no migration).
 */
export function assertIntactPages(sqlite: Database.Database, filePath: string): void {
  let problems: string[];
  try {
    problems = (sqlite.pragma("quick_check(5)") as Array<{ quick_check: string }>).map((row) => row.quick_check).filter((line) => line !== "ok");
  } catch (error) {
    throw new DatabaseFileError(filePath, `is damaged (SQLite could not read it: ${error instanceof Error ? error.message : String(error)})`);
  }
  if (problems.length > 0) throw new DatabaseFileError(filePath, `is damaged (SQLite's check found: ${problems.join("; ")})`);
}
