import { z } from "zod";
import { loadStoredDocument, removeStoredDocument } from "@/lib/extract/store";
import { notFound } from "@/lib/errors";
import { handle } from "@/lib/http";
import { serverContext } from "@/lib/server-context";
import { parseOr400 } from "@/lib/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const querySchema = z.object({
  /** `?text=1` includes each unit's text. */
  text: z.enum(["0", "1", "true", "false"]).optional(),
});

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** A document with its units (labels and tokens; text with ?text=1) and skipped units. */
export const GET = handle("GET /api/documents/:id", async (request: Request, { params }: RouteContext) => {
  const { id } = await params;
  const query = parseOr400(querySchema, Object.fromEntries(new URL(request.url).searchParams));
  const document = loadStoredDocument(serverContext().db, { id, includeText: query.text === "1" || query.text === "true" });
  if (!document) throw notFound("The document");
  return Response.json({ document });
});

/** Deletes a document and its units; jobs made from it keep their reports. */
export const DELETE = handle("DELETE /api/documents/:id", async (_request: Request, { params }: RouteContext) => {
  const { id } = await params;
  if (!removeStoredDocument(serverContext().db, { id })) throw notFound("The document");
  return Response.json({ deleted: true, id });
});
