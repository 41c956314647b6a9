import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { staleReason } from "./worker-file";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A repository root with one source and a worker built from it, with chosen modification times (seconds). */
function builtTree(times: { source: number; built: number }): { root: string; file: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-worker-file-"));
  dirs.push(root);
  fs.mkdirSync(path.join(root, "src"));
  fs.mkdirSync(path.join(root, "dist"));
  const source = path.join(root, "src", "entry.ts");
  const file = path.join(root, "dist", "entry.mjs");
  fs.writeFileSync(source, "export const a = 1;\n");
  fs.writeFileSync(file, "export const a = 1;\n");
  fs.writeFileSync(path.join(root, "dist", "entry.inputs.json"), JSON.stringify({ entry: "src/entry.ts", inputs: ["src/entry.ts"] }));
  fs.utimesSync(source, times.source, times.source);
  fs.utimesSync(file, times.built, times.built);
  return { root, file };
}

describe("staleReason", () => {
  it("accepts a worker built after its sources", async () => {
    const { root, file } = builtTree({ source: 1_000_000, built: 1_000_100 });
    expect(await staleReason(file, root)).toBeNull();
  });

  it("asks for a rebuild when a source changed after the build", async () => {
    const { root, file } = builtTree({ source: 1_000_100, built: 1_000_000 });
    expect(await staleReason(file, root)).toMatch(/src\/entry\.ts changed since dist\/entry\.mjs was built/);
  });

  it("asks for a build when the file, its list of inputs or a listed source is missing", async () => {
    const missingSource = builtTree({ source: 1_000_000, built: 1_000_100 });
    fs.rmSync(path.join(missingSource.root, "src", "entry.ts"));
    expect(await staleReason(missingSource.file, missingSource.root)).toMatch(/changed since/);
    const noList = builtTree({ source: 1_000_000, built: 1_000_100 });
    fs.rmSync(path.join(noList.root, "dist", "entry.inputs.json"));
    expect(await staleReason(noList.file, noList.root)).toMatch(/dist\/entry\.mjs is not built/);
    const noFile = builtTree({ source: 1_000_000, built: 1_000_100 });
    fs.rmSync(noFile.file);
    expect(await staleReason(noFile.file, noFile.root)).toMatch(/is not built/);
  });
});
