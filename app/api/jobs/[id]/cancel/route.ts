import { handle } from "@/lib/http";
import { cancelJob } from "@/lib/jobs/control";
import { getRunner } from "@/lib/jobs/runner";
import { jobSummary } from "@/lib/jobs/view";
import { serverContext } from "@/lib/server-context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Cancels the job wherever it runs (this server, another process, the CLI): its holder stops
 * within a second and the partial call's cost is recorded.
 */
export const POST = handle("POST /api/jobs/:id/cancel", async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const context = serverContext();
  const job = cancelJob(context, { id, runner: getRunner(context) });
  return Response.json({ job: jobSummary(job) }, { status: 202 });
});
