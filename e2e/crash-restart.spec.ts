import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort, startNodeServer, type Started } from "./support/servers";

/**
 * The production server killed with SIGKILL in the middle of a streaming job: after a restart on
 * the same SQLite file the job shows as interrupted with its output intact, and resume finishes
 * it. Runs its own app instance (own port, own database) against the shared emulator.
 */
const emulatorUrl = () => process.env.E2E_EMULATOR_URL ?? "";

async function setScenario(scenario: unknown): Promise<void> {
  const response = await fetch(`${emulatorUrl()}/__emulator/scenario`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(scenario) });
  expect(response.ok).toBe(true);
}

/** The delta text of a job's event stream, read until it passes `chars` characters (or the stream ends). */
async function streamedText(eventsUrl: string, chars: number): Promise<string> {
  const response = await fetch(eventsUrl);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  let text = "";
  while (text.length <= chars) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += value;
    for (let end = pending.indexOf("\n\n"); end >= 0; end = pending.indexOf("\n\n")) {
      const frame = pending.slice(0, end);
      pending = pending.slice(end + 2);
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (/^event: delta$/m.test(frame) && data) text += (JSON.parse(data) as { text: string }).text;
    }
  }
  await reader.cancel();
  return text;
}

test.describe("kill -9 mid-job", () => {
  let dataDir = "";
  let app: Started | undefined;

  test.beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "longdoc-crash-e2e-"));
  });
  test.afterAll(async () => {
    await app?.stop("SIGKILL");
    await fetch(`${emulatorUrl()}/__emulator/reset`, { method: "POST" });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("restart shows the job interrupted with its text, and resume finishes it", async () => {
    const port = await freePort();
    const start = () =>
      startNodeServer({
        name: "crash-app",
        script: "scripts/start.ts",
        env: { HOST: "127.0.0.1", PORT: String(port), DATABASE_PATH: path.join(dataDir, "crash.db"), LLM_BASE_URL: `${emulatorUrl()}/v1`, LLM_API_KEY: "sk-e2e-emulator", NODE_ENV: "production" },
        readyUrl: `http://127.0.0.1:${port}/api/health`,
        url: `http://127.0.0.1:${port}`,
      });
    app = await start();
    const base = app.url;
    const text = Array.from({ length: 40 }, (_, index) => `Paragraph ${index + 1}: the pilot plant doubled its output while energy use fell by a third.`).join("\n\n");
    const form = new FormData();
    form.append("file", new Blob([`# Plant report\n\n[[emulator:answer_tokens=1500]]\n\n${text}\n`], { type: "text/markdown" }), "plant-report.md");
    const uploaded = await fetch(`${base}/api/documents`, { method: "POST", body: form });
    expect(uploaded.status).toBeLessThan(300);
    const { document } = (await uploaded.json()) as { document: { id: string } };

    // Held after 300 tokens (3 s of paced streaming, stored as it streams): the job is still
    // running when the server is killed, however slow the machine.
    await setScenario({ queue: [{ type: "hold", afterTokens: 300 }], stream: { tokenDelayMs: 10 } });
    const started = await fetch(`${base}/api/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ documentId: document.id, task: "summary" }) });
    expect(started.status).toBe(202);
    const { job } = (await started.json()) as { job: { id: string } };

    // Wait on the job's events until 200 characters have streamed, then kill the server without
    // a chance to clean up.
    const before = await streamedText(`${base}/api/jobs/${job.id}/events`, 200);
    expect(before.length).toBeGreaterThan(200);
    await app.stop("SIGKILL");
    await setScenario({});

    app = await start();
    const afterRestart = (await (await fetch(`${base}/api/jobs/${job.id}`)).json()) as { job: { status: string; output: string; calls: { finishReason: string; usageSource: string; costMicroLi: number }[]; costMicroLi: number } };
    expect(afterRestart.job.status).toBe("interrupted");
    expect(afterRestart.job.output.startsWith(before)).toBe(true);
    expect(afterRestart.job.calls).toHaveLength(1);
    expect(afterRestart.job.calls[0]).toMatchObject({ finishReason: "interrupted", usageSource: "estimated" });
    expect(afterRestart.job.costMicroLi).toBe(afterRestart.job.calls[0]!.costMicroLi);

    const resumed = await fetch(`${base}/api/jobs/${job.id}/resume`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(resumed.status).toBe(202);
    let final: { status: string; output: string; calls: { costMicroLi: number }[]; costMicroLi: number } | undefined;
    await expect
      .poll(
        async () => {
          final = ((await (await fetch(`${base}/api/jobs/${job.id}`)).json()) as { job: NonNullable<typeof final> }).job;
          return final.status;
        },
        { timeout: 60_000 },
      )
      .toBe("succeeded");
    expect(final!.output.startsWith(afterRestart.job.output)).toBe(true);
    // The numbered lines of the deterministic answer run on without a gap or a repeat.
    const numbers = final!.output
      .split("\n")
      .filter((line) => /^\d+\. /.test(line))
      .map((line) => Number(line.split(".")[0]));
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    expect(final!.costMicroLi).toBe(final!.calls.reduce((sum, call) => sum + call.costMicroLi, 0));
  });
});
