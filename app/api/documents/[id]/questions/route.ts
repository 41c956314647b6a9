import { handle } from "@/lib/http";
import { createQuestionJob, prepareQuestion, questionThread } from "@/lib/jobs/ask";
import { askSchema } from "@/lib/jobs/ask-schemas";
import { getRunner } from "@/lib/jobs/runner";
import { jobSummary } from "@/lib/jobs/view";
import { serverContext } from "@/lib/server-context";
import { jsonBody, parseOr400 } from "@/lib/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** Asks a question of a saved document; the answer streams at /api/jobs/:id/events like any job. */
export const POST = handle("POST /api/documents/:id/questions", async (request: Request, { params }: RouteContext) => {
  const { id } = await params;
  const body = parseOr400(askSchema, await jsonBody(request));
  const context = serverContext();
  // A first question on a large document waits for its search index, built in slices meanwhile.
  await prepareQuestion(context, { documentId: id, question: body.question });
  const job = createQuestionJob(context, { documentId: id, question: body.question, maxMicroLi: body.maxLi });
  getRunner(context).enqueue();
  return Response.json({ job: jobSummary(job), events: `/api/jobs/${job.id}/events` }, { status: 202 });
});

/** The document's questions and answers, oldest first, with status and cost. */
export const GET = handle("GET /api/documents/:id/questions", async (_request: Request, { params }: RouteContext) => {
  const { id } = await params;
  return Response.json({ questions: questionThread(serverContext(), { documentId: id }) });
});
