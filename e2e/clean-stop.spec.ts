import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort, startNodeServer } from "./support/servers";

/**
 * A clean stop (SIGTERM) of the production server folds the write-ahead log into the database
 * file: what is left is one file to copy or back up, holding everything written.
 */
test("a clean stop checkpoints the WAL into the database file", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-stop-e2e-"));
  const databasePath = path.join(dataDir, "stop.db");
  const port = await freePort();
  const app = await startNodeServer({
    name: "stop-app",
    script: "scripts/start.ts",
    env: { HOST: "127.0.0.1", PORT: String(port), DATABASE_PATH: databasePath, NODE_ENV: "production" },
    readyUrl: `http://127.0.0.1:${port}/api/health`,
    url: `http://127.0.0.1:${port}`,
  });
  try {
    const form = new FormData();
    form.append("file", new Blob(["# Notes\n\nThe stop keeps this text.\n"], { type: "text/markdown" }), "notes.md");
    const uploaded = await fetch(`${app.url}/api/documents`, { method: "POST", body: form });
    expect(uploaded.status).toBeLessThan(300);
    expect(fs.statSync(`${databasePath}-wal`).size).toBeGreaterThan(0);
  } finally {
    await app.stop("SIGTERM");
  }
  expect(app.process.exitCode).toBe(0);
  const wal = `${databasePath}-wal`;
  expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
  // The document is in the main file alone.
  const copy = path.join(dataDir, "copy.db");
  fs.copyFileSync(databasePath, copy);
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(copy, { readonly: true });
  expect(db.prepare("select name from documents").all()).toEqual([{ name: "notes.md" }]);
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
