import { codebaseLimits } from "@/lib/extract/codebase";
import { extractAndStoreFolder } from "@/lib/extract/folder-upload";
import { isFolderUpload, readUpload } from "@/lib/extract/read-upload";
import { extractAndStore } from "@/lib/extract/store";
import { handle } from "@/lib/http";
import { serverContext } from "@/lib/server-context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Upload a document: multipart/form-data with `file` (and `password` for an encrypted PDF); a
 * .zip / .tar.gz of a repository, or a folder (several `file` parts named by relative paths), is
 * a codebase. 201 with the new document, 200 when the same upload was stored before.
 */
export const POST = handle("POST /api/documents", async (request: Request) => {
  const { config, db } = serverContext();
  const upload = await readUpload(request, { maxBytes: config.uploadMaxBytes });
  const limits = codebaseLimits(config);
  const [file] = upload.files;
  const { created, ...document } =
    isFolderUpload(upload) || !file
      ? await extractAndStoreFolder(db, upload.files, limits)
      : await extractAndStore(db, { ...file, password: upload.password, signal: request.signal, codebaseLimits: limits });
  return Response.json({ document }, { status: created ? 201 : 200 });
});
