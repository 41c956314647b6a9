import "server-only";
import type { z } from "zod";
import { AppError } from "./errors";

/** Parses with a zod schema; a failure is a 400 naming the fields. */
export function parseOr400<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
    throw new AppError("invalid_request", 400, `The request is not valid: ${detail}.`);
  }
  return result.data;
}

/** JSON bodies of this API are small (instructions are capped at 20,000 characters). */
const MAX_JSON_BYTES = 256 * 1024;

/** The JSON body of a request (at most 256 KiB, read no further), or a 400/413 saying what is wrong. */
export async function jsonBody(request: Request): Promise<unknown> {
  const tooLarge = () => new AppError("body_too_large", 413, `The request body is larger than ${MAX_JSON_BYTES / 1024} KiB; shorten the instructions.`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_JSON_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_JSON_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_json", 400, "The request body is not valid JSON.");
  }
}
