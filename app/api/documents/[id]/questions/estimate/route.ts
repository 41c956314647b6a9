import { handle } from "@/lib/http";
import { planQuestion } from "@/lib/jobs/ask";
import { estimateQuerySchema } from "@/lib/jobs/ask-schemas";
import { serverContext } from "@/lib/server-context";
import { parseOr400 } from "@/lib/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The plan for a question (what would be sent, and its cost) before anything is spent. */
export const GET = handle("GET /api/documents/:id/questions/estimate", async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const query = parseOr400(estimateQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const { plan } = planQuestion(serverContext(), { documentId: id, question: query.question });
  return Response.json({ plan });
});
