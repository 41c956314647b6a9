import { parseArgs } from "node:util";
import { listCalls } from "../../db/queries/calls";
import { getJob } from "../../db/queries/jobs";
import { createJob } from "../../lib/jobs/create";
import { executeJob } from "../../lib/jobs/execute";
import { parseLi } from "../../lib/money";
import { serverContext } from "../../lib/server-context";
import { documentFromArgument } from "../document";
import { jobJson, jobSummaryLine } from "../job-json";

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
  const context = serverContext();
  const document = await documentFromArgument(context, file, values.password);
  const job = createJob(context, {
    documentId: document.id,
    task: values.task,
    instructions: values.instructions,
    maxMicroLi: values["max-li"] !== undefined ? parseLi(values["max-li"]) : null,
    packing: values.packing === "full" ? "full" : "priority",
  });
  const controller = new AbortController();
  // The first Ctrl-C cancels the job (its partial call is recorded); later ones are absorbed
  // until the job has written its end.
  const onSignal = () => {
    if (!controller.signal.aborted) process.stderr.write("\ncancelling…\n");
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const status = await executeJob(context, job.id, controller.signal, {
    observe: (event) => {
      if (values.json) return;
      if (event.type === "delta" && event.data.final) process.stdout.write(event.data.text);
      else if (event.type === "call-start" && event.data.purpose !== "single") process.stderr.write(`[${event.data.key}${event.data.round > 0 ? ` round ${event.data.round + 1}` : ""}] ${event.data.title}\n`);
      else if (event.type === "retry") process.stderr.write(`[retry ${event.data.attempt}] ${event.data.message}\n`);
    },
  });
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  const finished = getJob(context.db, { id: job.id });
  if (!finished) return 1;
  const calls = listCalls(context.db, { jobId: job.id });
  if (values.json) {
    console.log(JSON.stringify(jobJson(finished, calls)));
  } else {
    process.stdout.write("\n");
    console.error(`\n${jobSummaryLine(finished, calls)}`);
    if (finished.errorMessage) console.error(finished.errorMessage);
  }
  return status === "succeeded" ? 0 : 1;
}
