import { expect, type Locator, type Page } from "@playwright/test";

/** `/documents/:id`: the document's text, its question thread and the ask box. */
export class DocumentPage {
  readonly name: Locator;
  readonly units: Locator;
  readonly questionInput: Locator;
  readonly estimate: Locator;
  readonly cost: Locator;
  readonly askButton: Locator;
  readonly entries: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId("document-name");
    this.units = page.getByTestId("document-units");
    this.questionInput = page.getByTestId("question-input");
    this.estimate = page.getByTestId("question-estimate");
    this.cost = page.getByTestId("question-cost");
    this.askButton = page.getByTestId("ask-button");
    this.entries = page.getByTestId("thread-entry");
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(`${process.env.E2E_BASE_URL ?? ""}/documents/${encodeURIComponent(id)}`);
  }

  /** Types the question, waits for its estimate, asks it; returns the thread entry. */
  async ask(question: string): Promise<Locator> {
    await this.questionInput.fill(question);
    await expect(this.estimate).toBeVisible({ timeout: 60_000 });
    const before = await this.entries.count();
    await this.askButton.click();
    await expect(this.entries).toHaveCount(before + 1);
    return this.entries.nth(before);
  }
}
