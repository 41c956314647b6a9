import { baseName } from "../exclusions";
import { parseJsonObject } from "./manifest-json";
import type { EntryPoint } from "./types";

/**
 * Where execution starts: package.json main/module/bin/scripts.start, Next.js app and pages
 * routers, Go `main` packages, Python `__main__.py` and `if __name__ == "__main__"`, Rust
 * `src/main.rs` and `src/bin/*`, root or src `index.*`, Java/C# `main` methods, Dockerfile
 * CMD/ENTRYPOINT, Procfile processes.
 */
const MAX_ENTRY_POINTS = 40;
/** The repository root, or one package of a monorepo (`packages/web/`). */
const PACKAGE = "^((packages|apps|libs|services|crates|modules)/[^/]+/)?";
const NEXT_APP_DIR = new RegExp(`${PACKAGE}(src/)?app$`);
const NEXT_PAGES_DIR = new RegExp(`${PACKAGE}(src/)?pages$`);
const ROOT_MODULE = new RegExp(`${PACKAGE}(src/)?(index|main|server|app|cli)\\.(ts|tsx|js|mjs|cjs)$`);

export function findEntryPoints(files: ReadonlyArray<{ path: string; text: string }>): EntryPoint[] {
  const found: EntryPoint[] = [];
  for (const file of files) found.push(...entryPointsOf(file.path, file.text));
  return found.slice(0, MAX_ENTRY_POINTS);
}

export function entryPointsOf(path: string, text: string): EntryPoint[] {
  const name = baseName(path);
  const dir = path.slice(0, Math.max(0, path.length - name.length - 1));
  if (name === "package.json") return packageJsonEntries(path, text);
  if (/^Dockerfile(\..+)?$|^Containerfile$/.test(name)) return dockerEntries(path, text);
  if (name === "Procfile") {
    return text.split("\n").flatMap((line) => {
      const match = /^([\w-]+):\s*(.+)$/.exec(line.trim());
      return match ? [{ path, kind: `Procfile ${match[1]}`, detail: match[2] }] : [];
    });
  }
  if (NEXT_APP_DIR.test(dir) && /^(page|layout)\.(tsx?|jsx?|mdx)$/.test(name)) return [{ path, kind: `Next.js app router (root ${name.split(".")[0]})` }];
  if (NEXT_PAGES_DIR.test(dir) && /^(index|_app)\.(tsx?|jsx?)$/.test(name)) return [{ path, kind: "Next.js pages router" }];
  if (name === "main.go" && /^package main\b/m.test(text)) return [{ path, kind: "Go main package" }];
  if (name === "__main__.py") return [{ path, kind: "Python package entry (__main__.py)" }];
  if (name.endsWith(".py") && /^if __name__ == ["']__main__["']:/m.test(text)) return [{ path, kind: "Python script (__name__ == \"__main__\")" }];
  if (/(^|\/)src\/main\.rs$/.test(path)) return [{ path, kind: "Rust binary (src/main.rs)" }];
  if (/(^|\/)src\/bin\/[^/]+\.rs$/.test(path)) return [{ path, kind: "Rust binary (src/bin)" }];
  if (/(^|\/)src\/lib\.rs$/.test(path)) return [{ path, kind: "Rust library root (src/lib.rs)" }];
  if (ROOT_MODULE.test(path)) return [{ path, kind: "root module" }];
  if (name.endsWith(".java") && /public\s+static\s+void\s+main\s*\(/.test(text)) return [{ path, kind: "Java main method" }];
  if (name.endsWith(".kt") && /^fun main\s*\(/m.test(text)) return [{ path, kind: "Kotlin main function" }];
  if (name.endsWith(".cs") && /static\s+(async\s+)?(void|int|Task(<int>)?)\s+Main\s*\(/.test(text)) return [{ path, kind: "C# Main method" }];
  if (/\.(c|cc|cpp)$/.test(name) && /^[ \t]*int\s+main\s*\(/m.test(text)) return [{ path, kind: "C/C++ main function" }];
  return [];
}

function packageJsonEntries(path: string, text: string): EntryPoint[] {
  const json = parseJsonObject(text);
  if (typeof json === "string") return [];
  const entries: EntryPoint[] = [];
  for (const key of ["main", "module", "browser"] as const) {
    const value = json[key];
    if (typeof value === "string") entries.push({ path, kind: `package.json ${key}`, detail: value });
  }
  const bin = json.bin;
  if (typeof bin === "string") entries.push({ path, kind: "package.json bin", detail: bin });
  else if (typeof bin === "object" && bin !== null) {
    for (const [command, target] of Object.entries(bin)) if (typeof target === "string") entries.push({ path, kind: `package.json bin (${command})`, detail: target });
  }
  const scripts = json.scripts;
  if (typeof scripts === "object" && scripts !== null) {
    for (const script of ["start", "dev", "serve"]) {
      const command: unknown = (scripts as Record<string, unknown>)[script];
      if (typeof command === "string") entries.push({ path, kind: `npm run ${script}`, detail: command });
    }
  }
  return entries;
}

function dockerEntries(path: string, text: string): EntryPoint[] {
  // Only the last CMD and ENTRYPOINT take effect; continuation lines are joined first.
  const lines = text.replace(/\\\n/g, " ").split("\n");
  const last = (instruction: string) => lines.filter((line) => new RegExp(`^\\s*${instruction}\\s`, "i").test(line)).pop()?.trim();
  return (["ENTRYPOINT", "CMD"] as const).flatMap((instruction) => {
    const line = last(instruction);
    return line ? [{ path, kind: `Dockerfile ${instruction}`, detail: line.slice(instruction.length).trim() }] : [];
  });
}
