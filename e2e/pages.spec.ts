import { expect, test } from "@playwright/test";
import { prose, textFile } from "./pages/api";
import { EmulatorControl } from "./pages/emulator";
import { HistoryPage } from "./pages/history-page";
import { HomePage } from "./pages/home-page";
import { JobPage } from "./pages/job-page";
import { SettingsPage } from "./pages/settings-page";

test("settings show the configuration (never the key) and the connection test works", async ({ page, request }) => {
  await new EmulatorControl(request).reset();
  const settings = new SettingsPage(page);
  await settings.goto();
  await expect(settings.model).toHaveText("qwen3-32b");
  await expect(settings.key).toContainText("set");
  await expect(page.getByTestId("emulator-banner")).toContainText("offline emulator");
  expect(await page.content()).not.toContain("sk-e2e-emulator");
  await settings.testButton.click();
  await expect(settings.result).toContainText("Connected");
  await page.screenshot({ path: test.info().outputPath("settings.png"), fullPage: true });
});

test("history: delete asks first, then removes the job", async ({ page, request }) => {
  await new EmulatorControl(request).reset();
  const home = new HomePage(page);
  await home.goto();
  await home.upload(textFile("delete-me.md", prose("delete")));
  const id = await home.start();
  await new JobPage(page).waitForStatus("succeeded");
  const history = new HistoryPage(page);
  await history.goto();
  const row = history.row(id);
  await row.getByTestId("delete-job").click();
  await expect(row.getByTestId("confirm-delete")).toBeVisible();
  await row.getByTestId("confirm-delete").click();
  await expect(row).toHaveCount(0);
  const response = await request.get(`${process.env.E2E_BASE_URL ?? ""}/api/jobs/${id}`);
  expect(response.status()).toBe(404);
});

test.describe("at phone width", () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test("home, plan and report are usable at 375 px", async ({ page, request }) => {
    await new EmulatorControl(request).reset();
    const home = new HomePage(page);
    await home.goto();
    await page.screenshot({ path: test.info().outputPath("phone-home.png"), fullPage: true });
    await home.upload(textFile("phone.md", prose("phone")));
    await page.screenshot({ path: test.info().outputPath("phone-plan.png"), fullPage: true });
    await home.start();
    const job = new JobPage(page);
    await job.waitForStatus("succeeded");
    // Nothing wider than the screen: the page does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: test.info().outputPath("phone-report.png"), fullPage: true });
  });
});
