import type { Dependency, Manifest } from "./types";

/** go.mod: the module path, the Go version, and `require` lines (`// indirect` ones marked so). */
export function parseGoMod(path: string, text: string): Manifest {
  const dependencies: Dependency[] = [];
  let name: string | undefined;
  let version: string | undefined;
  let inRequire = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const indirect = /\/\/\s*indirect\b/.test(line);
    const code = line.replace(/\/\/.*$/, "").trim();
    if (code === "") continue;
    if (inRequire) {
      if (code === ")") inRequire = false;
      else addRequire(code, indirect, dependencies);
      continue;
    }
    const modulePath = /^module\s+(\S+)/.exec(code);
    if (modulePath) name = modulePath[1];
    const go = /^go\s+(\S+)/.exec(code);
    if (go) version = `go ${go[1]}`;
    if (/^require\s*\($/.test(code)) inRequire = true;
    else if (code.startsWith("require ")) addRequire(code.slice("require ".length), indirect, dependencies);
  }
  return { path, ecosystem: "go", ...(name ? { name } : {}), ...(version ? { version } : {}), dependencies };
}

function addRequire(code: string, indirect: boolean, into: Dependency[]): void {
  const [modulePath, version] = code.split(/\s+/);
  if (modulePath) into.push({ name: modulePath, version: version ?? "", scope: indirect ? "indirect" : "runtime" });
}
