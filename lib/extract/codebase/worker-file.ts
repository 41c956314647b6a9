import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";

/**
 * Where the worker threads' code is: built ahead by scripts/build-workers.mjs into a fixed
 * folder found from the working directory, like db/client.ts's MIGRATIONS_FOLDER (the app, the
 * CLI, tests and the bench all start from the repository root; inside the Next server bundle a
 * module's own location says nothing about where the repository is).
 */
// turbopackIgnore: these are files read at run time, not modules for the server bundle to trace.
export const WORKERS_FOLDER = path.join(/* turbopackIgnore: true */ process.cwd(), "dist", "workers");
export const INGEST_WORKER_FILE = path.join(WORKERS_FOLDER, "ingest-worker.mjs");
const BUILD_SCRIPT = path.join(/* turbopackIgnore: true */ process.cwd(), "scripts", "build-workers.mjs");

/** What build-workers.mjs writes beside the code: the source files it was bundled from. */
const inputsSchema = z.object({ entry: z.string(), inputs: z.array(z.string()) });

/**
 * Why the built file cannot be used as it is (missing, or older than a source it was built
 * from), or null. `root` is where the listed sources are (the repository root).
 */
export async function staleReason(file = INGEST_WORKER_FILE, root = /* turbopackIgnore: true */ process.cwd()): Promise<string | null> {
  let builtMs: number;
  let inputs: string[];
  try {
    builtMs = (await fs.stat(/* turbopackIgnore: true */ file)).mtimeMs;
    inputs = inputsSchema.parse(JSON.parse(await fs.readFile(file.replace(/\.mjs$/, ".inputs.json"), "utf8"))).inputs;
  } catch {
    return `${path.relative(root, file)} is not built`;
  }
  for (const input of inputs) {
    const source = path.join(/* turbopackIgnore: true */ root, input);
    const sourceMs = await fs.stat(source).then(
      (stat) => stat.mtimeMs,
      () => Number.POSITIVE_INFINITY,
    );
    if (sourceMs > builtMs) return `${input} changed since ${path.relative(root, file)} was built`;
  }
  return null;
}

let ensured: Promise<string> | undefined;

/**
 * The worker file, built first when it is missing or stale (a checkout under tsx or vitest,
 * or a server started without `npm run build`). The build runs in a child process: esbuild is
 * never loaded into this process (nor into the Next server's bundle). Checked once per process.
 */
export function ensureIngestWorkerFile(): Promise<string> {
  ensured ??= (async () => {
    if ((await staleReason()) === null) return INGEST_WORKER_FILE;
    try {
      await promisify(execFile)(process.execPath, [BUILD_SCRIPT], { cwd: process.cwd() });
    } catch (error) {
      // A build that cannot run (no esbuild in a trimmed deployment) still leaves a file built before.
      if ((await fs.stat(INGEST_WORKER_FILE).catch(() => null)) === null) throw error;
    }
    return INGEST_WORKER_FILE;
  })();
  ensured.catch(() => (ensured = undefined));
  return ensured;
}
