import { parseArgs } from "node:util";
import { createJob } from "../../lib/jobs/create";
import { parseLi } from "../../lib/money";
import { cliContext } from "../context";
import { documentFromArgument } from "../document";
import { jobJson, jobSummaryLine, runJobInTerminal } from "../job-json";

export const usage =
  "summarize FILE|DOCUMENT_ID [--task summary|key-points|brief|custom] [--instructions TEXT] [--max-li N] [--password P] [--json]  run a job, stream the report";

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      task: { type: "string" },
      instructions: { type: "string", default: "" },
      "max-li": { type: "string" },
      password: { type: "string" },
      packing: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const file = positionals[0];
  if (!file) {
    console.error(`usage: npm run longdoc -- ${usage}`);
    return 2;
  }
  const context = cliContext();
  const document = await documentFromArgument(context, file, values.password);
  const job = createJob(context, {
    documentId: document.id,
    task: values.task,
    instructions: values.instructions,
    maxMicroLi: values["max-li"] !== undefined ? parseLi(values["max-li"]) : null,
    packing: values.packing === "full" ? "full" : "priority",
  });
  const ran = await runJobInTerminal(context, job.id, { json: values.json });
  if (!ran) return 1;
  const { status, job: finished, calls } = ran;
  if (values.json) {
    console.log(JSON.stringify(jobJson(finished, calls)));
  } else {
    process.stdout.write("\n");
    console.error(`\n${jobSummaryLine(finished, calls)}`);
    if (finished.errorMessage) console.error(finished.errorMessage);
  }
  return status === "succeeded" ? 0 : 1;
}
