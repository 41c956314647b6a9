import type { APIRequestContext } from "@playwright/test";

export interface JobJson {
  id: string;
  name: string;
  status: string;
  costLi: string;
  costMicroLi: number;
  errorCode: string | null;
  output: string;
  calls: { round: number; stepKey: string; finishReason: string | null; costMicroLi: number }[];
}

/** Reads a job the way the browser does, to compare what the page shows with the API. */
export async function getJob(request: APIRequestContext, id: string): Promise<JobJson> {
  const response = await request.get(`${process.env.E2E_BASE_URL ?? ""}/api/jobs/${encodeURIComponent(id)}`);
  if (!response.ok()) throw new Error(`GET /api/jobs/${id} answered ${response.status()}`);
  return ((await response.json()) as { job: JobJson }).job;
}

/** A text document as an in-memory upload; unique text makes a new document (uploads are deduplicated by hash). */
export function textFile(name: string, text: string) {
  return { name, mimeType: "text/markdown", buffer: Buffer.from(text, "utf8") };
}

/** Some paragraphs of plain prose, numbered so each document is different. */
export function prose(seed: string, paragraphs = 6): string {
  const lines: string[] = [`# Field notes ${seed}`, ""];
  for (let index = 1; index <= paragraphs; index++) {
    lines.push(`## Section ${index}`, "", `Observation ${index} of run ${seed}: the river rose by ${index * 3} centimetres overnight. The team moved the instruments uphill and logged the readings every hour. Costs stayed within the plan for week ${index}.`, "");
  }
  return lines.join("\n");
}

/** A Markdown line as the rendered page shows it: without list numbers, bullets and heading marks. */
export function plainLine(line: string): string {
  let text = line.trim();
  for (;;) {
    // A marker alone ("2." where a cancel cut the line) renders as an empty list item: no text.
    const next = text.replace(/^(?:\d+\.|[-*+]|#{1,6}|>)(?:\s+|$)/, "");
    if (next === text) return text;
    text = next;
  }
}

/** The last non-empty line of a Markdown text, as shown. */
export function lastShownLine(markdown: string): string {
  return plainLine(markdown.split("\n").filter((line) => plainLine(line) !== "").pop() ?? "");
}
