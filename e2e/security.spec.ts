import { expect, test } from "@playwright/test";
import { textFile } from "./pages/api";
import { EmulatorControl } from "./pages/emulator";
import { HistoryPage } from "./pages/history-page";
import { HomePage } from "./pages/home-page";
import { JobPage } from "./pages/job-page";

const HOSTILE_NAME = `<img src=x onerror=alert(1)><script>alert(2)</script>.md`;
const HOSTILE_TEXT = [
  "# Report <script>window.__pwned = 'script'; alert('script')</script>",
  "",
  'The first claim is here. <img src="x" id="injected-img" onerror="window.__pwned = \'img\'; alert(\'img\')"> The image above must stay text.',
  "",
  "A link: [open me](javascript:alert('link')). Another claim follows here.",
  "",
  '<iframe id="injected-frame" src="javascript:alert(3)"></iframe> And a closing sentence.',
].join("\n");

test("a document with <script> and <img onerror> in its text and its name renders inert", async ({ page, request }) => {
  await new EmulatorControl(request).reset();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const home = new HomePage(page);
  await home.goto();
  await home.upload(textFile(HOSTILE_NAME, HOSTILE_TEXT));
  await expect(home.documentSummary.getByTestId("document-name")).toContainText("<img");

  await home.start();
  const job = new JobPage(page);
  await job.waitForStatus("succeeded");
  await expect(page.getByTestId("job-name")).toContainText("<script>");
  await expect(job.report).toContainText("claim");

  const history = new HistoryPage(page);
  await history.goto();
  await expect(history.rows.first().getByTestId("history-name")).toContainText("onerror");
  await page.goBack();
  await expect(job.report).toBeVisible();

  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  await expect(page.locator("#injected-img")).toHaveCount(0);
  await expect(page.locator("#injected-frame")).toHaveCount(0);
  await expect(page.locator("main img, main iframe")).toHaveCount(0);
  await expect(page.locator("main script")).toHaveCount(0);
  for (const href of await page.locator("main a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""))) {
    expect(href.toLowerCase()).not.toContain("javascript:");
  }
});
