import { getJob } from "@/db/queries/jobs";
import { AppError, notFound } from "@/lib/errors";
import { handle } from "@/lib/http";
import { getRunner } from "@/lib/jobs/runner";
import { jobSummary } from "@/lib/jobs/view";
import { serverContext } from "@/lib/server-context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Aborts the job's upstream call at once; the partial call's cost is recorded. */
export const POST = handle("POST /api/jobs/:id/cancel", async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const context = serverContext();
  const job = getJob(context.db, { id });
  if (!job) throw notFound("The job");
  if (!getRunner(context).cancel(id)) throw new AppError("not_running", 409, `This job is ${job.status}, not running or queued, so there is nothing to cancel.`);
  return Response.json({ job: jobSummary(getJob(context.db, { id }) ?? job) }, { status: 202 });
});
