import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { EmulatorControl } from "./pages/emulator";
import { HomePage } from "./pages/home-page";
import { JobPage } from "./pages/job-page";

/** A small repository on disk, with a node_modules folder the browser must leave out. */
function makeRepository(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-ui-repo-"));
  const repo = path.join(root, "tiny-repo");
  const files: Record<string, string> = {
    "package.json": '{ "name": "tiny-repo", "version": "1.0.0" }\n',
    "src/app.ts": 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
    "src/util/format.ts": "export const format = (value: number) => value.toFixed(2);\n",
    "node_modules/left-pad/index.js": "module.exports = () => 'x';\n",
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    fs.writeFileSync(path.join(repo, name), text);
  }
  return repo;
}

test("a folder is uploaded as one `file` part per file, named by its relative path, without node_modules", async ({ page, request }) => {
  await new EmulatorControl(request).reset();
  const repo = makeRepository();
  // Chromium does not expose a multipart body made of files to Playwright: record what the
  // page hands to XMLHttpRequest instead.
  await page.addInitScript(() => {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body) {
      if (body instanceof FormData) {
        (window as unknown as { __sentParts: string[] }).__sentParts = [...body.entries()].map(([name, value]) => `${name}=${typeof value === "string" ? value : value.name}`);
      }
      return send.call(this, body);
    };
  });
  const home = new HomePage(page);
  await home.goto();
  await page.getByTestId("tab-codebase").click();
  await expect(page.getByTestId("tab-codebase")).toHaveAttribute("aria-selected", "true");
  const upload = page.waitForRequest((sent) => sent.url().endsWith("/api/documents") && sent.method() === "POST");
  await page.getByTestId("folder-input").setInputFiles(repo);
  await upload;
  const parts = await page.evaluate(() => (window as unknown as { __sentParts?: string[] }).__sentParts ?? []);
  expect(parts.sort()).toEqual(["file=tiny-repo/package.json", "file=tiny-repo/src/app.ts", "file=tiny-repo/src/util/format.ts"]);
  // The server reads the folder as a codebase: files and tokens, then a report that opens with
  // the measured facts and cites the files it read.
  await expect(home.documentSummary).toBeVisible({ timeout: 60_000 });
  await expect(home.documentSummary).toContainText("3");
  // The token tree: folders by default, largest first; the Files view lists every file read.
  const tree = page.getByTestId("codebase-tree");
  await expect(tree).toBeVisible();
  await page.getByTestId("tree-view-files").click();
  await expect(tree.getByTestId("tree-row")).toHaveCount(3);
  await page.getByTestId("tree-sort-path").click();
  await expect(tree.getByTestId("tree-row").first()).toContainText("package.json");
  await home.chooseTask("architecture");
  const jobId = await home.start();
  const job = new JobPage(page);
  await job.waitForStatus("succeeded");
  const report = await job.reportText();
  expect(report).toContain("Measured facts");
  expect(report).toContain("src/app.ts");
  await page.screenshot({ path: test.info().outputPath("codebase-report.png"), fullPage: true });
  const detail = (await (await request.get(`${process.env.E2E_BASE_URL}/api/jobs/${jobId}`)).json()) as { job: { kind: string; plan: { calls: { segments: { label: string }[] }[] } } };
  expect(detail.job.kind).toBe("codebase");
  expect(detail.job.plan.calls[0]!.segments.map((segment) => segment.label).sort()).toEqual(["package.json", "src/app.ts", "src/util/format.ts"]);
  fs.rmSync(path.dirname(repo), { recursive: true, force: true });
});
