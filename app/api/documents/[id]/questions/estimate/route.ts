import { handle } from "@/lib/http";
import { estimateQuestion } from "@/lib/jobs/ask";
import { estimateQuerySchema } from "@/lib/jobs/ask-schemas";
import { serverContext } from "@/lib/server-context";
import { parseOr400 } from "@/lib/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The plan for a question (what would be sent, and its cost) before anything is spent; while the
 * document's search index is being built for its first question, 202 with the build's progress
 * (ask again to get the plan).
 */
export const GET = handle("GET /api/documents/:id/questions/estimate", async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const query = parseOr400(estimateQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const estimate = estimateQuestion(serverContext(), { documentId: id, question: query.question });
  return Response.json(estimate, { status: "plan" in estimate ? 200 : 202 });
});
