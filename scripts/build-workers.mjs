/**
 * Builds the worker threads' code ahead of time: lib/extract/codebase/ingest-worker.ts and
 * everything it imports (lib/tokens) bundled by esbuild into one plain ES module,
 * dist/workers/ingest-worker.mjs, that Node loads without tsx and that the Next server's own
 * bundle never has to contain. `npm run build` runs this before `next build`; a checkout that
 * has not built (tests, the CLI under tsx) gets it built on first use by worker-file.ts, which
 * runs this same script when the file is missing or older than one of its inputs.
 *
 * The inputs are listed beside the output (ingest-worker.inputs.json) so that staleness check
 * needs no esbuild. Both files are written under temporary names and renamed, so two processes
 * building at once never leave a half-written file.
 */
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = process.cwd();
const outDir = path.join(root, "dist", "workers");
const entries = [{ name: "ingest-worker", entry: "lib/extract/codebase/ingest-worker.ts" }];

fs.mkdirSync(outDir, { recursive: true });
for (const { name, entry } of entries) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
    // tinypool's own worker loads this file; nothing here needs a package from node_modules.
    packages: "external",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote nothing for ${entry}`);
  // This script too: a change to how the file is built makes it stale like a change to a source.
  const inputs = [...Object.keys(result.metafile.inputs), "scripts/build-workers.mjs"].sort();
  const suffix = `.${process.pid}.tmp`;
  const file = path.join(outDir, `${name}.mjs`);
  const manifest = path.join(outDir, `${name}.inputs.json`);
  fs.writeFileSync(file + suffix, output.text);
  fs.writeFileSync(manifest + suffix, `${JSON.stringify({ entry, inputs }, null, 2)}\n`);
  // The code first: a manifest never describes a file that is not there yet.
  fs.renameSync(file + suffix, file);
  fs.renameSync(manifest + suffix, manifest);
  console.log(`[build-workers] ${path.relative(root, file)} (${Math.round(output.text.length / 1024)} KB, ${inputs.length} inputs)`);
}
