import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDb } from "./client";
import { insertJob, listJobs } from "./queries/jobs";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-integrity-"));
  dirs.push(dir);
  return dir;
}

/** A real database with enough rows to span many pages, closed cleanly (no WAL left). */
function goodDatabase(dir: string, name = "good.db"): string {
  const file = path.join(dir, name);
  const db = openDb(file);
  for (let index = 0; index < 300; index += 1) {
    insertJob(db, { id: `job-${index}`, documentId: null, name: `report ${index} ${"x".repeat(200)}`, kind: "document", task: "summary", instructions: "", plan: { filler: "y".repeat(300) }, maxMicroLi: null, callsPlanned: 1 });
  }
  db.$client.close();
  return file;
}

/**
 * The bytes of the file and of its write-ahead log, to prove nothing was written (SQLite may make
 * an empty -wal and its -shm index beside a WAL-mode file it reads; they hold nothing).
 */
function fingerprint(file: string): string {
  const hash = createHash("sha256");
  for (const suffix of ["", "-wal"]) {
    const part = `${file}${suffix}`;
    hash.update(`${suffix}:`);
    if (fs.existsSync(part) && fs.statSync(part).size > 0) hash.update(fs.readFileSync(part));
  }
  return hash.digest("hex");
}

function expectRefused(file: string, pattern: RegExp): void {
  const before = fingerprint(file);
  expect(() => openDb(file)).toThrow(pattern);
  try {
    openDb(file);
  } catch (error) {
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toMatch(/Restore it from a backup/);
    expect(message).toMatch(/\.recover/);
  }
  expect(fingerprint(file)).toBe(before);
}

describe("a damaged database file", () => {
  it("an empty (0-byte) file is reported, not turned into an empty history", () => {
    const file = path.join(tempDir(), "empty.db");
    fs.writeFileSync(file, "");
    expectRefused(file, /is empty \(0 bytes\)/);
    expect(fs.statSync(file).size).toBe(0);
  });

  it("a file that is not SQLite (garbage header)", () => {
    const file = path.join(tempDir(), "garbage.db");
    fs.writeFileSync(file, Buffer.alloc(8_192, 0x5a));
    expectRefused(file, /is not a SQLite database/);
  });

  it("a truncated file", () => {
    const file = goodDatabase(tempDir());
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 2 / 4096) * 4096);
    expectRefused(file, /is truncated: its header declares/);
  });

  it("malformed pages", () => {
    const file = goodDatabase(tempDir());
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // The first bytes of every page after the schema page: no b-tree page keeps a valid type.
    for (let offset = 2 * pageSize; offset < bytes.length; offset += pageSize) bytes.fill(0xff, offset, offset + 12);
    fs.writeFileSync(file, bytes);
    expectRefused(file, /is damaged \(SQLite(.s check found| could not read it): /);
  });

  it("a write-ahead log with a damaged header; a sound one opens with its rows", () => {
    const dir = tempDir();
    const live = goodDatabase(dir, "live.db");
    // A writer that dies before any checkpoint: its last rows are only in the WAL.
    const writer = new Database(live);
    writer.pragma("journal_mode = WAL");
    writer.pragma("wal_autocheckpoint = 0");
    writer.prepare("update jobs set name = 'only in the wal' where id = 'job-1'").run();
    const copy = (name: string) => {
      for (const suffix of ["", "-wal"]) fs.copyFileSync(`${live}${suffix}`, path.join(dir, `${name}${suffix}`));
      return path.join(dir, name);
    };
    const sound = copy("sound.db");
    const broken = copy("broken.db");
    writer.close();
    const wal = fs.readFileSync(`${broken}-wal`);
    wal.writeUInt32BE(0xdeadbeef, 0);
    fs.writeFileSync(`${broken}-wal`, wal);
    expectRefused(broken, /write-ahead log .* is not one/);

    const walBytes = fs.readFileSync(`${sound}-wal`);
    walBytes.writeUInt32BE((walBytes.readUInt32BE(24) ^ 1) >>> 0, 24);
    fs.writeFileSync(`${sound}-wal`, walBytes);
    expectRefused(sound, /header checksum is wrong/);
    walBytes.writeUInt32BE((walBytes.readUInt32BE(24) ^ 1) >>> 0, 24);
    fs.writeFileSync(`${sound}-wal`, walBytes);
    const db = openDb(sound);
    expect(listJobs(db, { limit: 500 }).find((job) => job.id === "job-1")?.name).toBe("only in the wal");
    db.$client.close();
  });

  it("stops the server's start with the message and exit status 2", () => {
    const file = path.join(tempDir(), "garbage.db");
    fs.writeFileSync(file, Buffer.alloc(4_096, 0x41));
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: process.cwd(), env: { ...process.env, DATABASE_PATH: file, PORT: "1" }, encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`The database ${file} is not a SQLite database`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
