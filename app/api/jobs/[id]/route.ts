import { listCalls } from "@/db/queries/calls";
import { deleteJob, getJob } from "@/db/queries/jobs";
import { notFound } from "@/lib/errors";
import { handle } from "@/lib/http";
import { stopBeforeDelete } from "@/lib/jobs/control";
import { getRunner } from "@/lib/jobs/runner";
import { jobDetail } from "@/lib/jobs/view";
import { serverContext } from "@/lib/server-context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** The job with its calls, costs, plan and output. */
export const GET = handle("GET /api/jobs/:id", async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const { db } = serverContext();
  const job = getJob(db, { id });
  if (!job) throw notFound("The job");
  return Response.json({ job: jobDetail(job, listCalls(db, { jobId: id })) });
});

/** Deletes a job, its calls and events (a running job is cancelled first). */
export const DELETE = handle("DELETE /api/jobs/:id", async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const context = serverContext();
  await stopBeforeDelete(context, { id, runner: getRunner(context) });
  if (!deleteJob(context.db, { id })) throw notFound("The job");
  return new Response(null, { status: 204 });
});
