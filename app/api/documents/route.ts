import { readUpload, singleFile } from "@/lib/extract/read-upload";
import { extractAndStore } from "@/lib/extract/store";
import { handle } from "@/lib/http";
import { serverContext } from "@/lib/server-context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Upload a document: multipart/form-data with `file` (and `password` for an encrypted PDF).
 * 201 with the new document, 200 when the same bytes were uploaded before (no second extraction).
 */
export const POST = handle("POST /api/documents", async (request: Request) => {
  const { config, db } = serverContext();
  const upload = await readUpload(request, { maxBytes: config.uploadMaxBytes });
  const file = singleFile(upload);
  const { created, ...document } = await extractAndStore(db, { ...file, password: upload.password, signal: request.signal });
  return Response.json({ document }, { status: created ? 201 : 200 });
});
