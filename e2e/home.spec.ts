import { expect, test } from "@playwright/test";

const baseUrl = () => process.env.E2E_BASE_URL ?? "";

test("the home page renders from the production build", async ({ page }) => {
  await page.goto(baseUrl());
  await expect(page.getByRole("heading", { level: 1 })).toContainText("report");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("home.png"), fullPage: true });
});

test("health reports the database, the model and whether a key is set, never the key", async ({ request }) => {
  const response = await request.get(`${baseUrl()}/api/health`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body.database).toBe("ok");
  expect(body.model).toBe("qwen3-32b");
  expect(body.apiKeySet).toBe(true);
  expect(JSON.stringify(body)).not.toContain("sk-e2e-emulator");
});
