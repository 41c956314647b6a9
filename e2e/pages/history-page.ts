import { expect, type Locator, type Page } from "@playwright/test";

/** `/history`: every job, search, delete, spend. */
export class HistoryPage {
  readonly search: Locator;
  readonly rows: Locator;
  readonly totalSpend: Locator;
  readonly chart: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByTestId("history-search");
    this.rows = page.getByTestId("history-row");
    this.totalSpend = page.getByTestId("total-spend");
    this.chart = page.getByTestId("spend-chart");
  }

  async goto(): Promise<void> {
    await this.page.goto(`${process.env.E2E_BASE_URL ?? ""}/history`);
    await expect(this.page.getByTestId("history-view")).toBeVisible();
  }

  row(jobId: string): Locator {
    return this.page.locator(`[data-testid="history-row"][data-job-id="${jobId}"]`);
  }
}
