import { deletedJobsSpendMicroLi, listJobs, spendByDay, totalSpendMicroLi } from "@/db/queries/jobs";
import { handle } from "@/lib/http";
import { historyQuerySchema, startJobSchema } from "@/lib/jobs/api-schemas";
import { createJob } from "@/lib/jobs/create";
import { getRunner } from "@/lib/jobs/runner";
import { jobSummary } from "@/lib/jobs/view";
import { formatLi } from "@/lib/money";
import { serverContext } from "@/lib/server-context";
import { jsonBody, parseOr400 } from "@/lib/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Starts a job on the server and answers at once; follow it at /api/jobs/:id/events. */
export const POST = handle("POST /api/jobs", async (request: Request) => {
  const body = parseOr400(startJobSchema, await jsonBody(request));
  const context = serverContext();
  const job = createJob(context, { documentId: body.documentId, task: body.task, instructions: body.instructions, maxMicroLi: body.maxLi, name: body.name, packing: body.packing });
  getRunner(context).enqueue();
  return Response.json({ job: jobSummary(job), events: `/api/jobs/${job.id}/events` }, { status: 202 });
});

/** History, newest first; search by name and report text; keyset paging with `before`. */
export const GET = handle("GET /api/jobs", async (request: Request) => {
  const query = parseOr400(historyQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const { db } = serverContext();
  const rows = listJobs(db, { search: query.search, limit: query.limit, before: query.before, kind: query.kind, documentId: query.documentId });
  const last = rows[rows.length - 1];
  const total = totalSpendMicroLi(db);
  return Response.json({
    jobs: rows.map(jobSummary),
    nextBefore: rows.length === query.limit && last ? `${last.createdAtMs}:${last.id}` : null,
    totalSpendMicroLi: total,
    deletedJobsSpendMicroLi: deletedJobsSpendMicroLi(db),
    totalSpendLi: formatLi(total),
    spendByDay: spendByDay(db),
  });
});
