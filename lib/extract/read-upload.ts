import "server-only";
import { z } from "zod";
import { AppError, badRequest } from "../errors";

/** One uploaded file, read into memory. */
export interface UploadedFile {
  /** The part's filename: a name, or a path relative to an uploaded folder. */
  filename: string;
  mimeType?: string;
  bytes: Uint8Array;
}

export interface Upload {
  files: UploadedFile[];
  password?: string;
}

/** Room for the multipart envelope (boundaries, part headers, the password field) in bytes. */
const ENVELOPE_BYTES = 64 * 1024;

const fieldsSchema = z.object({
  password: z.string().max(1_024, "The password is longer than 1,024 characters.").optional(),
});

/**
 * Reads a multipart/form-data upload (`file` fields, optional `password`) without ever holding
 * more than the limit: a Content-Length over it is refused before the body is read, and the
 * body is counted as it streams in (a chunked upload has no Content-Length to trust).
 */
export async function readUpload(request: Request, options: { maxBytes: number }): Promise<Upload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new AppError("bad_request", 400, "Send the file as multipart/form-data, in a field named \"file\" (and the PDF password, if any, in \"password\").");
  }
  const cap = options.maxBytes + ENVELOPE_BYTES;
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > cap) throw tooLarge(declared, options.maxBytes);
  if (!request.body) throw badRequest("The upload has no body: choose a file and send it again.");

  let received = 0;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > cap) controller.error(tooLarge(received, options.maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  let form: FormData;
  try {
    form = await new Response(counted, { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    if (received > cap) throw tooLarge(received, options.maxBytes);
    throw new AppError("bad_request", 400, "The upload could not be read as multipart/form-data (it may have been cut off). Send it again.", { cause: error });
  }

  const parts = form.getAll("file").filter((value): value is File => typeof value !== "string");
  if (parts.length === 0) throw badRequest('No file in the upload: send it in a multipart field named "file".');
  const tooBig = parts.find((part) => part.size > options.maxBytes);
  if (tooBig) throw tooLarge(tooBig.size, options.maxBytes);

  const password = form.get("password");
  const fields = fieldsSchema.safeParse({ password: typeof password === "string" && password.length > 0 ? password : undefined });
  if (!fields.success) throw badRequest(fields.error.issues[0]?.message ?? "The password field is not valid.");

  const files = await Promise.all(
    parts.map(async (part) => ({
      filename: cleanFilename(part.name, { keepPath: parts.length > 1 }),
      ...(part.type ? { mimeType: part.type } : {}),
      bytes: new Uint8Array(await part.arrayBuffer()),
    })),
  );
  return fields.data.password === undefined ? { files } : { files, password: fields.data.password };
}

/**
 * A part's filename as it is stored and shown: control characters (NUL, newlines, escapes, the
 * C1 range) removed, blanks trimmed. A lone file keeps only its last path segment (`../../x.txt`
 * is `x.txt`, `/etc/passwd` is `passwd`); the parts of a folder keep their relative paths, which
 * the codebase reader checks.
 */
export function cleanFilename(name: string, { keepPath }: { keepPath: boolean }): string {
  const visible = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim();
  const named = keepPath ? visible : (visible.split(/[\\/]/).filter((segment) => segment !== "" && segment !== "." && segment !== "..").pop() ?? "");
  return named === "" ? "upload" : named;
}

function tooLarge(sizeBytes: number, maxBytes: number): AppError {
  return new AppError("upload_too_large", 413, `The upload is ${formatMegabytes(sizeBytes)}; the limit is ${formatMegabytes(maxBytes)} (UPLOAD_MAX_BYTES). Upload a smaller file, or raise the limit in the server's configuration.`);
}

function formatMegabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 10 ? `${Math.round(megabytes)} MB` : `${megabytes.toFixed(1)} MB`;
}

/**
 * A folder upload: several `file` parts named by their relative paths, as a browser's folder
 * picker sends them. Such an upload is a codebase; a single file is a document read by its
 * content, whatever path its name claims.
 */
export function isFolderUpload(upload: Upload): boolean {
  return upload.files.length > 1;
}
