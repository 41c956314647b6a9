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

/** The JSON body of a request, or a 400 saying it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_json", 400, "The request body is not valid JSON.");
  }
}
