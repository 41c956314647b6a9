import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { z } from "zod";
import { AppError, badRequest } from "../errors";

/** One uploaded file, read into memory (one copy: its chunks joined once when it ends). */
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
 * Reads a multipart/form-data upload (`file` fields, optional `password`) as it streams in, with
 * busboy: parsed a chunk at a time (the whole-body parse of `Request.formData()` held the server
 * for ~50 ms per 5 MB and kept the body, the parsed parts and a copy of each file at once), and
 * refused the moment it passes the limit, with the size read so far (a chunked upload has no
 * Content-Length to trust; a Content-Length over the limit is refused before the body is read).
 */
export async function readUpload(request: Request, options: { maxBytes: number }): Promise<Upload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new AppError("bad_request", 400, "Send the file as multipart/form-data, in a field named \"file\" (and the PDF password, if any, in \"password\").");
  }
  const cap = options.maxBytes + ENVELOPE_BYTES;
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > cap) throw tooLarge(declared, options.maxBytes, "declared");
  if (!request.body) throw badRequest("The upload has no body: choose a file and send it again.");

  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": contentType }, defParamCharset: "utf8", preservePath: true, limits: { fieldSize: 4_096, fields: 20, fileSize: options.maxBytes + 1 } });
  } catch (error) {
    throw new AppError("bad_request", 400, "The upload could not be read as multipart/form-data (its boundary is missing). Send it again.", { cause: error });
  }
  const body = Readable.fromWeb(request.body as NodeWebReadableStream<Uint8Array>);
  const files: UploadedFile[] = [];
  let password: string | undefined;
  let received = 0;

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      body.unpipe(parser);
      body.destroy();
      parser.removeAllListeners("file");
      reject(error);
    };
    body.on("data", (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > cap) fail(tooLarge(received, options.maxBytes, "read"));
    });
    body.on("error", (error) => fail(new AppError("bad_request", 400, "The upload was cut off before it ended. Send it again.", { cause: error })));
    parser.on("field", (name, value) => {
      if (name === "password" && value.length > 0) password = value;
    });
    parser.on("file", (name, stream, info) => {
      if (name !== "file") {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.byteLength;
        chunks.push(chunk);
      });
      stream.on("limit", () => fail(tooLarge(size, options.maxBytes, "file")));
      stream.on("end", () => {
        if (settled) return;
        // Its own ArrayBuffer (a joined Buffer may be a view on Node's shared pool, which must not be transferred).
        const bytes = new Uint8Array(size);
        let offset = 0;
        for (const chunk of chunks) {
          bytes.set(chunk, offset);
          offset += chunk.byteLength;
        }
        files.push({ filename: info.filename ?? "", ...(info.mimeType && info.mimeType !== "application/octet-stream" ? { mimeType: info.mimeType } : {}), bytes });
      });
    });
    parser.on("error", (error) =>
      fail(
        /part header/i.test(error instanceof Error ? error.message : "")
          ? new AppError("bad_request", 400, "A part of the upload has a malformed header (a file name with control characters such as NUL or a raw line break?). Rename the file and send it again.", { cause: error })
          : new AppError("bad_request", 400, "The upload could not be read as multipart/form-data (it may have been cut off). Send it again.", { cause: error }),
      ),
    );
    parser.on("close", () => {
      if (settled) return;
      settled = true;
      resolve();
    });
    body.pipe(parser);
  });

  if (files.length === 0) throw badRequest('No file in the upload: send it in a multipart field named "file".');
  const fields = fieldsSchema.safeParse({ password });
  if (!fields.success) throw badRequest(fields.error.issues[0]?.message ?? "The password field is not valid.");
  const named = files.map((file) => ({ ...file, filename: cleanFilename(file.filename) }));
  return fields.data.password === undefined ? { files: named } : { files: named, password: fields.data.password };
}

/**
 * A part's filename as it is stored and shown: control characters (NUL, newlines, escapes, the
 * C1 range) removed, blanks trimmed. Nothing is ever written under it: a lone file named
 * `../../x.txt` is a document of that name (shown as text), and a folder's relative paths are
 * checked by the codebase reader.
 */
export function cleanFilename(name: string): string {
  const visible = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim();
  return visible === "" ? "upload" : visible;
}

function tooLarge(sizeBytes: number, maxBytes: number, how: "declared" | "read" | "file"): AppError {
  const size =
    how === "declared"
      ? `The upload declares ${formatMegabytes(sizeBytes)}`
      : how === "file"
        ? `The file is over ${formatMegabytes(maxBytes)} (${formatMegabytes(sizeBytes)} were read before it was stopped)`
        : `The upload was stopped after ${formatMegabytes(sizeBytes)} were read`;
  return new AppError("upload_too_large", 413, `${size}; the limit is ${formatMegabytes(maxBytes)} (UPLOAD_MAX_BYTES). Upload a smaller file, or raise the limit in the server's configuration.`);
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
