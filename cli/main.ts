/**
 * `npm run longdoc -- <command> [args]`: the same core as the web app, without the browser.
 * Each command lives in cli/commands/<command>.ts and exports `run(args): Promise<number>` (the
 * exit status) and `usage` (one line).
 */
import fs from "node:fs";
import path from "node:path";
import { DatabaseFileError } from "../db/integrity";
import { ConfigError } from "../lib/config";

interface CommandModule {
  run(args: string[]): Promise<number>;
  usage: string;
}

const commandsDir = path.join(import.meta.dirname, "commands");

function available(): string[] {
  return fs
    .readdirSync(commandsDir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => file.slice(0, -3))
    .sort();
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const names = available();
  if (!name || name === "help" || name === "--help" || !names.includes(name)) {
    if (name && name !== "help" && name !== "--help") console.error(`longdoc: unknown command "${name}"\n`);
    console.error("usage: npm run longdoc -- <command> [options]\n\ncommands:");
    for (const commandName of names) {
      const command = (await import(path.join(commandsDir, `${commandName}.ts`))) as CommandModule;
      console.error(`  ${command.usage}`);
    }
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  const command = (await import(path.join(commandsDir, `${name}.ts`))) as CommandModule;
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DatabaseFileError) console.error(error.message);
    else console.error(`longdoc: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
