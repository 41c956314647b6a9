import { parseArgs } from "node:util";
import { planForDocument } from "../../lib/jobs/create";
import { formatLi, formatYuan } from "../../lib/money";
import { serverContext } from "../../lib/server-context";
import { documentFromArgument } from "../document";

export const usage = "plan FILE|DOCUMENT_ID [--task summary|key-points|brief|custom] [--instructions TEXT] [--password P] [--json]  the plan and its cost before any spend";

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      task: { type: "string" },
      instructions: { type: "string", default: "" },
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
  const { plan } = planForDocument(context, { documentId: document.id, task: values.task, instructions: values.instructions, packing: values.packing === "full" ? "full" : "priority" });
  if (values.json) {
    console.log(JSON.stringify({ documentId: document.id, plan }));
    return 0;
  }
  console.log(`${plan.documentName}: ${plan.documentTokens.toLocaleString("en-US")} tokens, ${plan.strategy}, ${plan.calls.length} call(s), input budget ${plan.inputBudgetTokens.toLocaleString("en-US")} per call`);
  for (const call of plan.calls) {
    const layout = call.layout;
    console.log(
      `  ${call.key.padEnd(14)} ${call.title}\n      prompt ${call.promptTokensExact ? "" : "≤ "}${call.promptTokens.toLocaleString("en-US")} tokens (template ${layout.templateTokens}, instructions ${layout.instructionTokens}, material ${layout.documentTokens}), output reserved ${layout.reservedOutputTokens}`,
    );
  }
  const cost = plan.cost;
  console.log(`cost: ${formatLi(cost.totalMicroLiMin)}–${formatLi(cost.totalMicroLiMax)} li (${formatYuan(cost.totalMicroLiMin)}–${formatYuan(cost.totalMicroLiMax)}); input ${formatLi(cost.inputMicroLiMin)}${cost.inputMicroLiMax !== cost.inputMicroLiMin ? `–${formatLi(cost.inputMicroLiMax)}` : ""} li`);
  for (const note of plan.notes) console.log(`note: ${note}`);
  for (const omitted of plan.coverage.omitted) console.log(`not sent: ${omitted.label} (${omitted.reason})`);
  return 0;
}
