import { getJob } from "@/db/queries/jobs";
import { notFound } from "@/lib/errors";
import { handle } from "@/lib/http";
import { jobEventStream } from "@/lib/jobs/event-stream";
import { serverContext } from "@/lib/server-context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** SSE of the job's events, replayable from `Last-Event-ID` (or `?after=`). */
export const GET = handle("GET /api/jobs/:id/events", async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { db } = serverContext();
  if (!getJob(db, { id })) throw notFound("The job");
  const header = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? "0";
  const afterId = /^\d+$/.test(header) ? Number(header) : 0;
  return new Response(jobEventStream(db, { jobId: id, afterId, signal: request.signal }), {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
});
