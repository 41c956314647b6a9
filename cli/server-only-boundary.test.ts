import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Modules only route handlers use start with `import "server-only"`, which throws outside Next's
 * react-server condition (vitest resolves it to its empty module). These run plain Node with tsx,
 * as `npm run longdoc` does: every CLI command must load, and an app-only module must refuse to.
 */
const load = (modules: string[]) => {
  const script = `for (const m of ${JSON.stringify(modules)}) await import(m);`;
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: process.cwd(), encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
};

describe("server-only boundary", () => {
  it("every CLI command loads without the react-server condition", () => {
    const commands = fs.readdirSync(path.join("cli", "commands")).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));
    expect(commands.length).toBeGreaterThan(0);
    const result = load(commands.map((name) => path.resolve("cli", "commands", name)));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it.each(["lib/http.ts", "lib/validate.ts", "lib/version.ts", "lib/extract/read-upload.ts", "lib/extract/folder-upload.ts", "lib/jobs/event-stream.ts", "lib/jobs/report-markdown.ts"])("%s refuses to load outside the server", (module) => {
    const result = load([path.resolve(module)]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/server-only|Client Component/);
    // …and loads under the condition Next gives route handlers.
    expect(execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", `await import(${JSON.stringify(path.resolve(module))}); console.log("loaded")`], { encoding: "utf8" }).trim()).toBe("loaded");
  });
});
