import { expect, type Locator, type Page } from "@playwright/test";

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** `/`: upload, the document, the plan form. */
export class HomePage {
  readonly fileInput: Locator;
  readonly documentSummary: Locator;
  readonly planForm: Locator;
  readonly planPreview: Locator;
  readonly costEstimate: Locator;
  readonly startButton: Locator;
  readonly instructions: Locator;
  readonly budget: Locator;

  constructor(readonly page: Page) {
    this.fileInput = page.getByTestId("file-input");
    this.documentSummary = page.getByTestId("document-summary");
    this.planForm = page.getByTestId("plan-form");
    this.planPreview = page.getByTestId("plan-preview");
    this.costEstimate = page.getByTestId("cost-estimate");
    this.startButton = page.getByTestId("start-job");
    this.instructions = page.getByTestId("instructions");
    this.budget = page.getByTestId("budget");
  }

  async goto(): Promise<void> {
    await this.page.goto(`${process.env.E2E_BASE_URL ?? ""}/`);
    await expect(this.page.getByTestId("upload-panel")).toBeVisible();
  }

  /** Uploads a file (a path or an in-memory file) and waits for the document and its plan. */
  async upload(file: string | UploadFile): Promise<void> {
    await this.fileInput.setInputFiles(file);
    await expect(this.documentSummary).toBeVisible({ timeout: 60_000 });
    await expect(this.costEstimate).toBeVisible({ timeout: 30_000 });
  }

  async chooseTask(id: string): Promise<void> {
    await this.page.getByTestId(`task-${id}`).check();
  }

  /** Starts the job and waits for the job page. Returns the job id. */
  async start(): Promise<string> {
    await expect(this.startButton).toBeEnabled();
    await this.startButton.click();
    await this.page.waitForURL(/\/jobs\/[^/]+$/);
    const id = new URL(this.page.url()).pathname.split("/").pop();
    if (!id) throw new Error("no job id in the URL");
    return decodeURIComponent(id);
  }
}
