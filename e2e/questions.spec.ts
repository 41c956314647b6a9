import { expect, test } from "@playwright/test";
import { textFile } from "./pages/api";
import { DocumentPage } from "./pages/document-page";
import { EmulatorControl } from "./pages/emulator";

/** A Markdown document far larger than the window: 500 sections of distinct filler, one fact. */
function longDocument(seed: string): string {
  const words = "harbour valley council river market winter orchard ledger village bridge museum garden station engineer farmer teacher painter sailor merchant".split(" ");
  const sections: string[] = [];
  for (let section = 1; section <= 500; section += 1) {
    const sentences: string[] = [];
    for (let sentence = 0; sentence < 16; sentence += 1) {
      const picked = Array.from({ length: 12 }, (_, index) => words[(section * 7 + sentence * 5 + index * 3) % words.length]);
      sentences.push(`${picked.join(" ")} ${seed}.${section}.${sentence}.`);
    }
    if (section === 437) sentences.splice(8, 0, "The retry budget is 17 attempts.");
    sections.push(`## Section ${section}\n\n${sentences.join(" ")}\n`);
  }
  return `# Operations manual ${seed}\n\n${sections.join("\n")}`;
}

test("ask a saved document too large for the window: estimate first, streamed answer, citations link to the sections", async ({ page, request }) => {
  test.setTimeout(180_000);
  const emulator = new EmulatorControl(request);
  await emulator.reset();
  await emulator.scenario({ answerTokens: 200, stream: { tokensPerChunk: 2, tokenDelayMs: 10 } });
  const seed = String(Date.now());
  const upload = await request.post(`${process.env.E2E_BASE_URL ?? ""}/api/documents`, { multipart: { file: textFile(`manual-${seed}.md`, longDocument(seed)) }, timeout: 120_000 });
  expect(upload.ok()).toBe(true);
  const { document } = (await upload.json()) as { document: { id: string; totalTokens: number } };
  expect(document.totalTokens).toBeGreaterThan(128_000);

  const view = new DocumentPage(page);
  await view.goto(document.id);
  await expect(view.name).toHaveText(`manual-${seed}.md`);
  const entry = await view.ask("What is the retry budget?");
  await expect(view.estimate).toHaveCount(0);
  await expect(entry.getByTestId("thread-question")).toHaveText("What is the retry budget?");
  await expect(entry).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });
  await page.screenshot({ path: test.info().outputPath("answered.png"), fullPage: true });

  // The section with the fact reached the model, with its label, and the question came before and after it.
  const sent = (await (await request.get(`${process.env.E2E_EMULATOR_URL ?? ""}/__emulator/requests`)).json()) as { requests: Array<{ body: { messages: Array<{ content: string }> } }> };
  const user = sent.requests.at(-1)?.body.messages[1]?.content ?? "";
  // Sections are labelled by their heading path ("Operations manual … > Section 437").
  expect(user).toContain(`[Operations manual ${seed} > Section 437]\n`);
  expect(user).toContain("The retry budget is 17 attempts.");
  expect(user.lastIndexOf("What is the retry budget?")).toBeGreaterThan(user.indexOf("</material>"));

  // A citation goes to its section on the page.
  const citation = entry.getByTestId("citation").first();
  const href = await citation.getAttribute("href");
  expect(href).toMatch(/^#u-\d+$/);
  await citation.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.locator(href ?? "#none")).toBeInViewport();

  // The thread is kept with the document.
  await page.reload();
  await expect(view.entries).toHaveCount(1);
  await expect(view.entries.first().getByTestId("citation").first()).toHaveAttribute("href", href ?? "");
});
