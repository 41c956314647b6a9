import { getDocument } from "@/db/queries/documents";
import { getJob } from "@/db/queries/jobs";
import { notFound } from "@/lib/errors";
import { handle } from "@/lib/http";
import { reportMarkdown } from "@/lib/jobs/report-markdown";
import { serverContext } from "@/lib/server-context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The report as a Markdown file. */
export const GET = handle("GET /api/jobs/:id/report.md", async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { db, config } = serverContext();
  const job = getJob(db, { id });
  if (!job) throw notFound("The job");
  const document = job.documentId ? getDocument(db, { id: job.documentId }) : undefined;
  const filename = `${job.name.replace(/[^\w.-]+/g, "_").slice(0, 80) || "report"}.md`;
  return new Response(reportMarkdown(job, document, config.llm.model), {
    headers: { "content-type": "text/markdown; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });
});
