import { expect, test } from "@playwright/test";
import { getJob, lastShownLine, prose, textFile } from "./pages/api";
import { EmulatorControl } from "./pages/emulator";
import { HomePage } from "./pages/home-page";
import { JobPage } from "./pages/job-page";

test.beforeEach(async ({ request }) => {
  await new EmulatorControl(request).reset();
});

test("an answer longer than the output cap continues in rounds, and the rounds are visible", async ({ page, request }) => {
  const emulator = new EmulatorControl(request);
  // Round 2 is held after 100 tokens until the page has shown it, however long that takes.
  await emulator.scenario({ queue: [{ type: "ok" }, { type: "hold", afterTokens: 100 }], stream: { tokensPerChunk: 40 } });
  const home = new HomePage(page);
  await home.goto();
  await home.upload(textFile("long-answer.md", `${prose("continuation")}\n\n[[emulator:answer_tokens=20000]]\n`));
  const id = await home.start();
  const job = new JobPage(page);
  await expect(page.getByTestId("job-round")).toContainText("round 2 of the answer", { timeout: 60_000 });
  await emulator.release();
  await job.waitForStatus("succeeded", 90_000);
  const detail = await getJob(request, id);
  const rounds = detail.calls.map((call) => call.round);
  expect(Math.max(...rounds)).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("step-rounds")).toContainText(`${Math.max(...rounds) + 1} rounds`);
  await expect(job.callTable.getByTestId("call-row")).toHaveCount(detail.calls.length);
  expect(detail.calls.filter((call) => call.finishReason === "length").length).toBe(Math.max(...rounds));
});

test("cancel stops the job and keeps its text; resume finishes it", async ({ page, request }) => {
  const emulator = new EmulatorControl(request);
  // Held after 300 tokens (7.5 s of paced streaming, so the page has shown some text): the job
  // cannot finish before the cancel, however slow the machine.
  await emulator.scenario({ queue: [{ type: "hold", afterTokens: 300 }], stream: { tokensPerChunk: 1, tokenDelayMs: 25 } });
  const home = new HomePage(page);
  await home.goto();
  await home.upload(textFile("cancel-me.md", `${prose("cancel")}\n\n[[emulator:answer_tokens=3000]]\n`));
  const id = await home.start();
  const job = new JobPage(page);
  await expect(job.report).toContainText("Summary", { timeout: 30_000 });
  await job.cancelButton.click();
  await job.waitForStatus("cancelled");
  await expect(job.error).toContainText("Cancelled");
  const kept = await getJob(request, id);
  expect(kept.status).toBe("cancelled");
  expect(kept.output.length).toBeGreaterThan(0);
  await expect(job.report).toContainText(lastShownLine(kept.output).slice(0, 20));

  await emulator.scenario({ stream: { tokensPerChunk: 50, tokenDelayMs: 0 } });
  await job.resumeButton.click();
  await job.waitForStatus("succeeded");
  const done = await getJob(request, id);
  expect(done.output.startsWith(kept.output.trimEnd().slice(0, 200))).toBe(true);
});

test("a 402 from the model server is shown as a balance message", async ({ page, request }) => {
  await new EmulatorControl(request).scenario({ queue: [{ type: "error", error: "balance" }] });
  const home = new HomePage(page);
  await home.goto();
  await home.upload(textFile("balance.md", prose("balance")));
  await home.start();
  const job = new JobPage(page);
  await job.waitForStatus("failed");
  await expect(job.error).toContainText("balance");
  await expect(page.getByTestId("job-error-code")).toHaveAttribute("data-code", "balance");
  await expect(job.resumeButton).toBeVisible();
});

test("a reload and a second tab while streaming show the same text and keep streaming", async ({ page, request, context }) => {
  const emulator = new EmulatorControl(request);
  // Held after 400 tokens until the reload has been checked: the job is still running then,
  // however slow the page; the pace gives the page text to show before the hold.
  await emulator.scenario({ queue: [{ type: "hold", afterTokens: 400 }], stream: { tokensPerChunk: 1, tokenDelayMs: 15 } });
  const home = new HomePage(page);
  await home.goto();
  await home.upload(textFile("reload.md", `${prose("reload")}\n\n[[emulator:answer_tokens=1200]]\n`));
  const id = await home.start();
  const job = new JobPage(page);
  await expect(job.report).toContainText("3.", { timeout: 30_000 });
  const before = await job.reportText();
  await page.reload();
  await expect(job.view).toBeVisible();
  await expect(job.report).toContainText(before.slice(0, 80));
  await expect(job.status).toHaveText("running");
  await emulator.release();
  await expect.poll(async () => (await job.reportText()).length, { timeout: 30_000 }).toBeGreaterThan(before.length);

  const second = new JobPage(await context.newPage());
  await second.goto(id);
  await expect(second.report).toContainText(before.slice(0, 80));
  await job.waitForStatus("succeeded");
  await second.waitForStatus("succeeded");
  const detail = await getJob(request, id);
  await expect(second.report).toContainText(lastShownLine(detail.output).slice(0, 30));
  expect(await job.reportText()).toBe(await second.reportText());
});

test("a budget cap stops the job before a call that could pass it; resume with a higher cap finishes it", async ({ page, request }) => {
  await new EmulatorControl(request).scenario({ stream: { tokensPerChunk: 200, tokenDelayMs: 0 } });
  const home = new HomePage(page);
  await home.goto();
  await home.upload(textFile("budget.md", `${prose("budget")}\n\n[[emulator:answer_tokens=12000]]\n`));
  // The first round (at most 8,192 tokens out, about 84 li) fits under 100 li; a second one could not.
  await home.budget.fill("100");
  const id = await home.start();
  const job = new JobPage(page);
  await job.waitForStatus("failed");
  await expect(page.getByTestId("job-error-code")).toHaveAttribute("data-code", "budget");
  await expect(job.error).toContainText("budget cap");
  const stopped = await getJob(request, id);
  expect(stopped.costMicroLi).toBeLessThanOrEqual(100_000_000);
  await page.getByTestId("resume-cap").fill("1000");
  await job.resumeButton.click();
  await job.waitForStatus("succeeded");
  expect((await getJob(request, id)).calls.length).toBeGreaterThanOrEqual(2);
});
