import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { isAppError } from "../../lib/errors";
import { extractUpload } from "../../lib/extract";
import type { ExtractProgress } from "../../lib/extract/types";

export const usage = "extract FILE [--password P] [--json]  the text of a PDF or text file, unit by unit, with exact token counts (no database)";

/**
 * Prints a file's extracted text unit by unit under `=== p. 3 (412 tokens) ===` headers, then
 * the skipped units with their reasons. With --json: one object with tokens, units (label,
 * tokens, text), skipped (label, reason) and meta.
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { password: { type: "string" }, json: { type: "boolean", default: false } } });
  const file = positionals[0];
  if (!file) {
    console.error(`usage: npm run longdoc -- ${usage}`);
    return 2;
  }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    console.error(`${file}: no such file.`);
    return 2;
  }
  try {
    const document = await extractUpload({ bytes: new Uint8Array(fs.readFileSync(file)), filename: path.basename(file), password: values.password, onProgress: values.json ? undefined : progressOnTerminal() });
    if (values.json) {
      const units = document.units.map((unit) => ({ label: unit.label, tokens: unit.tokens, text: unit.text }));
      process.stdout.write(`${JSON.stringify({ name: document.name, kind: document.kind, tokens: document.totalTokens, units, skipped: document.skipped, meta: document.meta })}\n`);
      return 0;
    }
    for (const unit of document.units) process.stdout.write(`=== ${unit.label} (${unit.tokens.toLocaleString("en-US")} tokens) ===\n${unit.text}\n\n`);
    for (const unit of document.skipped) process.stdout.write(`=== ${unit.label} skipped: ${unit.reason} ===\n`);
    const units = `${document.units.length} unit${document.units.length === 1 ? "" : "s"}`;
    console.error(`${document.name}: ${units}, ${document.totalTokens.toLocaleString("en-US")} tokens${document.skipped.length > 0 ? `, ${document.skipped.length} skipped` : ""}`);
    return 0;
  } catch (error) {
    if (!isAppError(error)) throw error;
    console.error(`${file}: ${error.message} (${error.code})`);
    return 1;
  }
}

/** "page 12/352" on a terminal's stderr, nothing when piped. */
function progressOnTerminal(): ((progress: ExtractProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (progress) => {
    process.stderr.write(`\r${progress.unit} ${progress.done}/${progress.total}`);
    if (progress.done === progress.total) process.stderr.write("\n");
  };
}
