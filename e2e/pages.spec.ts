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

test("the plan form works from the keyboard", async ({ page, request }) => {
  await new EmulatorControl(request).reset();
  const home = new HomePage(page);
  await home.goto();
  await home.upload(textFile("keyboard.md", prose("keyboard")));
  await page.getByTestId("task-summary").focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByTestId("task-key-points")).toBeChecked();
  await home.instructions.focus();
  await page.keyboard.type("Only the numbers.");
  await home.startButton.focus();
  await expect(home.startButton).toBeEnabled();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/jobs\//);
  const job = new JobPage(page);
  await job.waitForStatus("succeeded");
  await expect(page.getByText("Instructions: Only the numbers.")).toBeVisible();

  // Re-run: back to the plan form for the same document, prefilled.
  await page.getByTestId("rerun").click();
  await expect(home.documentSummary.getByTestId("document-name")).toHaveText("keyboard.md");
  await expect(page.getByTestId("task-key-points")).toBeChecked();
  await expect(home.instructions).toHaveValue("Only the numbers.");
  await expect(home.costEstimate).toBeVisible();
});

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("pages follow the system's dark setting", async ({ page, request }) => {
    await new EmulatorControl(request).reset();
    const history = new HistoryPage(page);
    await history.goto();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // zinc-950: a near-black background, not white.
    expect(background).not.toBe("rgb(255, 255, 255)");
    expect(background).not.toBe("rgb(250, 250, 250)");
    await page.screenshot({ path: test.info().outputPath("history-dark.png"), fullPage: true });
    const home = new HomePage(page);
    await home.goto();
    await home.upload(textFile("dark.md", prose("dark")));
    await page.screenshot({ path: test.info().outputPath("plan-dark.png"), fullPage: true });
  });
});
