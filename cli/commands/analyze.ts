import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { findDocumentBySha256, insertDocument } from "../../db/queries/documents";
import { getConfig } from "../../lib/config";
import { codebaseLimits, extractCodebaseArchive, extractCodebaseDirectory, rankFilesForReview, readCodebaseMeta, renderFactsMarkdown, renderRepoMap } from "../../lib/extract/codebase";
import { defaultCountDeps } from "../../lib/extract/codebase/count-files";
import { defaultIngestDeps } from "../../lib/extract/codebase/pipeline";
import { withDiskCache } from "../../lib/extract/codebase/token-cache-file";
import type { ExtractProgress, SourceDocument } from "../../lib/extract/types";
import { cliContext } from "../context";
import { run as planCommand } from "./plan";
import { run as summarizeCommand } from "./summarize";

export const usage =
  "analyze FOLDER|ARCHIVE [--report architecture|risks|security|quality|custom] [--full] [--facts] [--plan] [--instructions TEXT] [--max-li N] [--max-file-kb N] [--json]  static-analysis report of a codebase (--facts: measured facts only, no model; --full: every file by map-reduce instead of the files a reviewer picks first)";

/**
 * A codebase (a folder on this machine, or a .zip / .tar.gz / .tar) → its measured facts, and
 * with a task, the model's report through the same job pipeline as `summarize`. Token counts are
 * cached on disk beside the database (data/cache), so a second run over the same tree only
 * counts the files that changed.
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      facts: { type: "boolean", default: false },
      plan: { type: "boolean", default: false },
      report: { type: "string" },
      task: { type: "string" },
      full: { type: "boolean", default: false },
      instructions: { type: "string", default: "" },
      "max-li": { type: "string" },
      "max-file-kb": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const target = positionals[0];
  if (!target) {
    console.error(`usage: npm run longdoc -- ${usage}`);
    return 2;
  }
  if (!fs.existsSync(target)) {
    console.error(`${target}: no such folder or file. Pass a repository folder or a .zip / .tar.gz / .tar of it.`);
    return 2;
  }
  const config = getConfig();
  const maxFileKb = values["max-file-kb"];
  if (maxFileKb !== undefined && !/^\d+$/.test(maxFileKb)) {
    console.error("--max-file-kb must be a whole number of kilobytes, such as 2048.");
    return 2;
  }
  const limits = codebaseLimits(config, maxFileKb === undefined ? {} : { maxFileBytes: Number(maxFileKb) * 1024 });

  const countDeps = defaultCountDeps();
  const saveCache = await withDiskCache(countDeps.cache, path.join(path.dirname(config.databasePath), "cache"));
  const onProgress = values.json ? undefined : progressPrinter();
  const options = { onProgress, deps: defaultIngestDeps(countDeps) };
  const isFolder = fs.statSync(target).isDirectory();
  const bytes = isFolder ? null : new Uint8Array(fs.readFileSync(target));
  const document = bytes === null ? await extractCodebaseDirectory(target, limits, options) : await extractCodebaseArchive({ bytes, filename: path.basename(target), limits }, options);
  await saveCache();
  if (onProgress) process.stderr.write("\n");

  if (values.facts) {
    printFacts(document, values.json);
    return 0;
  }
  const context = cliContext();
  const sha256 = bytes === null ? contentHash(document) : createHash("sha256").update(bytes).digest("hex");
  const stored =
    findDocumentBySha256(context.db, { sha256 }) ??
    insertDocument(context.db, {
      id: randomUUID(),
      sha256,
      name: document.name,
      kind: document.kind,
      mimeType: null,
      sizeBytes: bytes?.byteLength ?? Number(document.meta.unpackedBytes ?? 0),
      units: document.units,
      skipped: document.skipped,
      meta: document.meta,
    });
  if (!values.json) console.error(`${document.name}: ${document.units.length.toLocaleString("en-US")} files, ${document.totalTokens.toLocaleString("en-US")} tokens, ${document.skipped.length.toLocaleString("en-US")} skipped (document ${stored.id})`);
  const task = values.report ?? values.task ?? "architecture";
  const passOn = ["--task", task, "--instructions", values.instructions, "--packing", values.full ? "full" : "priority", ...(values.json ? ["--json"] : [])];
  if (values.plan) return planCommand([stored.id, ...passOn]);
  return summarizeCommand([stored.id, ...passOn, ...(values["max-li"] !== undefined ? ["--max-li", values["max-li"]] : [])]);
}

/** A folder has no bytes of its own: its identity is its files' labels and contents. */
function contentHash(document: SourceDocument): string {
  const hash = createHash("sha256").update("codebase-folder\0");
  for (const unit of document.units) hash.update(unit.label).update("\0").update(unit.text).update("\0");
  return hash.digest("hex");
}

function progressPrinter(): (progress: ExtractProgress) => void {
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (now - last < 200 && progress.done !== progress.total) return;
    last = now;
    process.stderr.write(`\rcounting tokens: ${progress.done.toLocaleString("en-US")} / ${progress.total.toLocaleString("en-US")} files`);
  };
}

function printFacts(document: SourceDocument, json: boolean): void {
  const meta = readCodebaseMeta(document.meta);
  if (json) {
    console.log(JSON.stringify({ name: document.name, files: document.units.length, tokens: document.totalTokens, skipped: document.skipped, facts: meta?.facts, tree: meta?.tree, ranking: rankFilesForReview(document) }));
    return;
  }
  if (!meta) return;
  console.log(renderFactsMarkdown(meta.facts));
  console.log(renderRepoMap(meta.tree, meta.facts));
  if (document.skipped.length > 0) {
    console.log(`Skipped (${document.skipped.length.toLocaleString("en-US")}):`);
    for (const skip of document.skipped.slice(0, 40)) console.log(`  ${skip.label}: ${skip.reason}`);
    if (document.skipped.length > 40) console.log(`  … ${(document.skipped.length - 40).toLocaleString("en-US")} more (--json lists them all)`);
  }
  const warnings = document.meta.warnings;
  if (Array.isArray(warnings)) for (const warning of warnings) console.log(`warning: ${String(warning)}`);
}
