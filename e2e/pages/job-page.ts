import { expect, type Locator, type Page } from "@playwright/test";

/** `/jobs/:id`: the live job and, once it ends, the report view. */
export class JobPage {
  readonly view: Locator;
  readonly status: Locator;
  readonly report: Locator;
  readonly progress: Locator;
  readonly cost: Locator;
  readonly cancelButton: Locator;
  readonly resumeButton: Locator;
  readonly error: Locator;
  readonly callTable: Locator;
  readonly coverage: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId("job-view");
    this.status = page.getByTestId("job-status");
    this.report = page.getByTestId("report");
    this.progress = page.getByTestId("job-progress");
    this.cost = page.getByTestId("job-cost");
    this.cancelButton = page.getByTestId("cancel-job");
    this.resumeButton = page.getByTestId("resume-job");
    this.error = page.getByTestId("job-error");
    this.callTable = page.getByTestId("call-table");
    this.coverage = page.getByTestId("coverage");
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(`${process.env.E2E_BASE_URL ?? ""}/jobs/${encodeURIComponent(id)}`);
    await expect(this.view).toBeVisible();
  }

  async waitForStatus(status: string, timeout = 60_000): Promise<void> {
    await expect(this.view).toHaveAttribute("data-status", status, { timeout });
  }

  async reportText(): Promise<string> {
    return (await this.report.count()) > 0 ? this.report.innerText() : "";
  }
}
