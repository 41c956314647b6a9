import { expect, type Locator, type Page } from "@playwright/test";

/** `/settings`: configuration in use and the connection test. */
export class SettingsPage {
  readonly model: Locator;
  readonly key: Locator;
  readonly testButton: Locator;
  readonly result: Locator;

  constructor(readonly page: Page) {
    this.model = page.getByTestId("settings-model");
    this.key = page.getByTestId("settings-key");
    this.testButton = page.getByTestId("test-connection");
    this.result = page.getByTestId("connection-result");
  }

  async goto(): Promise<void> {
    await this.page.goto(`${process.env.E2E_BASE_URL ?? ""}/settings`);
    await expect(this.model).toBeVisible();
  }
}
