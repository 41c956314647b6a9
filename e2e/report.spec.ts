import path from "node:path";
import { expect, test } from "@playwright/test";
import { getJob } from "./pages/api";
import { EmulatorControl } from "./pages/emulator";
import { HistoryPage } from "./pages/history-page";
import { HomePage } from "./pages/home-page";
import { JobPage } from "./pages/job-page";

const TRACEMONKEY = path.join(process.cwd(), "e2e", "fixtures", "pdf", "tracemonkey.pdf");

test("a multi-page PDF: upload, plan and cost, the report streams, history shows the same cost", async ({ page, request }) => {
  const emulator = new EmulatorControl(request);
  await emulator.reset();
  // Paced so the report streams in, and held after 300 tokens until the running job has been
  // looked at: it cannot finish first, however slow the page.
  await emulator.scenario({ answerTokens: 600, queue: [{ type: "hold", afterTokens: 300 }], stream: { tokensPerChunk: 3, tokenDelayMs: 20 } });

  const home = new HomePage(page);
  await home.goto();
  await page.screenshot({ path: test.info().outputPath("home.png"), fullPage: true });

  await home.upload(TRACEMONKEY);
  await expect(home.documentSummary.getByTestId("document-name")).toHaveText("tracemonkey.pdf");
  await expect(home.documentSummary.getByTestId("document-units")).toHaveText("14");
  await expect(page.getByTestId("window-picture").locator("[data-part=document]")).toBeVisible();
  await expect(page.getByTestId("cost-estimate-li")).toContainText("li");
  await expect(page.getByTestId("cost-estimate-yuan")).toContainText("¥");
  await page.screenshot({ path: test.info().outputPath("plan.png"), fullPage: true });

  const id = await home.start();
  const job = new JobPage(page);
  await expect(job.report).toContainText("Summary", { timeout: 30_000 });
  await expect(job.status).toHaveText("running");
  await page.screenshot({ path: test.info().outputPath("job-streaming.png"), fullPage: true });
  await emulator.release();

  await job.waitForStatus("succeeded");
  const detail = await getJob(request, id);
  await expect(job.page.getByTestId("job-total-cost")).toHaveText(`${detail.costLi} li`);
  await expect(job.cost).toHaveText(`${detail.costLi} li`);
  await expect(job.callTable.getByTestId("call-row")).toHaveCount(detail.calls.length);
  await expect(job.coverage.getByTestId("coverage-used-count")).toContainText("14 pages");
  // The report as rendered holds the stored output's lines (the emulator cites the page labels).
  const firstLine = detail.output.split("\n").find((line) => /^1\. /.test(line)) ?? "";
  expect(firstLine).not.toBe("");
  await expect(job.report).toContainText(firstLine.replace(/^1\. /, "").slice(0, 40));
  await expect(page.getByTestId("export-markdown")).toHaveAttribute("href", `/api/jobs/${id}/report.md`);
  await page.screenshot({ path: test.info().outputPath("job-report.png"), fullPage: true });

  const history = new HistoryPage(page);
  await history.goto();
  const row = history.row(id);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("history-cost")).toHaveText(`${detail.costLi} li`);
  await expect(history.chart.getByTestId("spend-bar").first()).toBeVisible();
  await history.search.fill("tracemonkey");
  await expect(history.row(id)).toBeVisible();
  await history.search.fill("no-such-report-text-zzz");
  await expect(page.getByTestId("history-empty")).toBeVisible();
  await history.search.fill("");
  await expect(history.row(id)).toBeVisible();
  await page.getByTestId("history-kind").selectOption("codebase");
  await expect(history.row(id)).toHaveCount(0);
  await page.getByTestId("history-kind").selectOption("");
  await expect(history.row(id)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("history.png"), fullPage: true });
});
