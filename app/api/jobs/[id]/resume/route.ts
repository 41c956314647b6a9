import { handle } from "@/lib/http";
import { resumeJobSchema } from "@/lib/jobs/api-schemas";
import { resumeJob } from "@/lib/jobs/control";
import { getRunner } from "@/lib/jobs/runner";
import { jobSummary } from "@/lib/jobs/view";
import { serverContext } from "@/lib/server-context";
import { jsonBody, parseOr400 } from "@/lib/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Goes on from where the job stopped: finished steps are not paid for again. */
export const POST = handle("POST /api/jobs/:id/resume", async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const body = parseOr400(resumeJobSchema, await jsonBody(request));
  const context = serverContext();
  const job = resumeJob(context, { id, maxMicroLi: body.maxLi, runner: getRunner(context) });
  return Response.json({ job: jobSummary(job) }, { status: 202 });
});
