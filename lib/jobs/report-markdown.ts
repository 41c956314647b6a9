import "server-only";
import type { DocumentRow } from "../../db/queries/documents";
import type { JobRow } from "../../db/queries/jobs";
import { formatLi, formatYuan } from "../money";

/** The Markdown export: a header of source, date, model, tokens and cost, then the report. */
export function reportMarkdown(job: JobRow, document: DocumentRow | undefined, model: string): string {
  const date = new Date(job.finishedAtMs ?? job.createdAtMs).toISOString();
  const header = [
    `# ${job.name.replace(/\n/g, " ")}`,
    "",
    `- Source: ${document ? `${document.name} (${document.kind}, ${document.totalTokens.toLocaleString("en-US")} tokens)` : "deleted document"}`,
    `- Task: ${job.task}${job.question ? ` — ${job.question.replace(/\n/g, " ")}` : ""}`,
    `- Date: ${date}`,
    `- Model: ${model}`,
    `- Status: ${job.status}`,
    `- Tokens: ${job.promptTokens.toLocaleString("en-US")} in, ${job.completionTokens.toLocaleString("en-US")} out`,
    `- Cost: ${formatLi(job.costMicroLi)} li (${formatYuan(job.costMicroLi)})`,
    "",
    "---",
    "",
  ];
  return `${header.join("\n")}${job.output}\n`;
}
