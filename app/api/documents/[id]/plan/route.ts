import { handle } from "@/lib/http";
import { planQuerySchema } from "@/lib/jobs/api-schemas";
import { planForDocument } from "@/lib/jobs/create";
import { serverContext } from "@/lib/server-context";
import { parseOr400 } from "@/lib/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The plan for a task on a document: calls, token layout, coverage and cost, before any spend. */
export const GET = handle("GET /api/documents/:id/plan", async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const url = new URL(request.url);
  const query = parseOr400(planQuerySchema, Object.fromEntries(url.searchParams));
  const { plan } = planForDocument(serverContext(), { documentId: id, task: query.task, instructions: query.instructions, packing: query.packing });
  return Response.json({ plan });
});
