import { parseArgs } from "node:util";
import { listUnits } from "../../db/queries/documents";
import { createQuestionJob, planQuestion, prepareQuestion } from "../../lib/jobs/ask";
import { formatLi, parseLi } from "../../lib/money";
import { QUESTION_MAX_CHARS } from "../../lib/prompt/question-task";
import { findCitations } from "../../lib/retrieval/citations";
import { cliContext } from "../context";
import { documentFromArgument } from "../document";
import { jobJson, jobSummaryLine, runJobInTerminal } from "../job-json";

export const usage =
  'ask FILE|DOCUMENT_ID "question" [--max-li N] [--estimate] [--password P] [--json]  answer a question from the document (retrieval when it does not fit), stream the answer';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "max-li": { type: "string" },
      estimate: { type: "boolean", default: false },
      password: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const [file, ...words] = positionals;
  const question = words.join(" ").trim();
  if (!file || question === "") {
    console.error(`usage: npm run longdoc -- ${usage}`);
    return 2;
  }
  if (question.length > QUESTION_MAX_CHARS) {
    console.error(`longdoc: the question is limited to ${QUESTION_MAX_CHARS.toLocaleString("en-US")} characters`);
    return 2;
  }
  const context = cliContext();
  const document = await documentFromArgument(context, file, values.password);
  await prepareQuestion(context, { documentId: document.id, question });
  if (values.estimate) {
    const { plan } = planQuestion(context, { documentId: document.id, question });
    const call = plan.calls[0];
    if (values.json) console.log(JSON.stringify({ documentId: document.id, plan }));
    else {
      console.log(`${plan.documentName}: ${plan.strategy}, ${plan.coverage.unitsIncluded} of ${plan.coverage.unitsTotal} part(s) sent, prompt ${call?.promptTokens.toLocaleString("en-US") ?? 0} tokens`);
      console.log(`sent: ${call?.segments.map((segment) => segment.label).join(", ") ?? ""}`);
      console.log(`cost: ${formatLi(plan.cost.totalMicroLiMin)}–${formatLi(plan.cost.totalMicroLiMax)} li`);
    }
    return 0;
  }
  const job = createQuestionJob(context, { documentId: document.id, question, maxMicroLi: values["max-li"] !== undefined ? parseLi(values["max-li"]) : null });
  const ran = await runJobInTerminal(context, job.id, { json: values.json });
  if (!ran) return 1;
  const { status, job: finished, calls } = ran;
  if (values.json) {
    const labels = listUnits(context.db, { documentId: document.id }).map((unit) => unit.label);
    console.log(
      JSON.stringify({
        ...jobJson(finished, calls),
        documentId: document.id,
        question,
        citations: findCitations(finished.output, labels).map((citation) => ({ text: citation.text, label: citation.label, ordinal: citation.ordinal, ...(citation.line !== undefined ? { line: citation.line } : {}) })),
      }),
    );
  } else {
    process.stdout.write("\n");
    console.error(`\n${jobSummaryLine(finished, calls, `, document ${document.id}`)}`);
    if (finished.errorMessage) console.error(finished.errorMessage);
  }
  return status === "succeeded" ? 0 : 1;
}
