import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { isAppError } from "../../lib/errors";
import { countUpload } from "../../lib/extract/count-upload";

export const usage = "count FILE [--password P] [--json]  exact Qwen3 tokens of a file (a text file as it is; a PDF page by page) (no database)";

/**
 * Exact token counts. A text file's total is countTokens of its decoded text exactly; the
 * per-section counts follow. With --json: one object with tokens, units (label, tokens) and
 * skipped (label, reason).
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
    const count = await countUpload({ bytes: new Uint8Array(fs.readFileSync(file)), filename: path.basename(file), password: values.password });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(count)}\n`);
      return 0;
    }
    const width = Math.max(0, ...count.units.map((unit) => unit.label.length));
    for (const unit of count.units) process.stdout.write(`${unit.label.padEnd(width)}  ${unit.tokens.toLocaleString("en-US").padStart(9)}\n`);
    for (const unit of count.skipped) process.stdout.write(`${unit.label.padEnd(width)}  skipped: ${unit.reason}\n`);
    process.stdout.write(`${count.name}: ${count.tokens.toLocaleString("en-US")} tokens (${count.kind}, ${count.units.length} units)\n`);
    return 0;
  } catch (error) {
    if (!isAppError(error)) throw error;
    console.error(`${file}: ${error.message} (${error.code})`);
    return 1;
  }
}
