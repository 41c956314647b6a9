import "server-only";
import { AppError, isAppError } from "./errors";
import { redactSecrets } from "./log";

/** The JSON error body every API route answers with. */
export interface ErrorBody {
  error: { code: string; message: string };
}

export function errorResponse(code: string, status: number, message: string, headers?: HeadersInit): Response {
  const body: ErrorBody = { error: { code, message } };
  return Response.json(body, { status, headers });
}

/**
 * Turns anything thrown by a route into the JSON error shape. An unexpected error is logged on
 * the server (with secrets redacted) and answered with a generic message: no stack, no key.
 */
export function toErrorResponse(error: unknown, context = "request"): Response {
  if (isAppError(error)) {
    if (error.status >= 500) console.error(`[longdoc] ${context}: ${redactSecrets(describe(error))}`);
    return errorResponse(error.code, error.status, error.message);
  }
  console.error(`[longdoc] unexpected error in ${context}: ${redactSecrets(describe(error))}`);
  return errorResponse("internal_error", 500, "Something went wrong on the server. The details are in the server log; try again, and report it if it keeps happening.");
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `\n  caused by: ${error.cause.stack ?? error.cause.message}` : "";
    return `${error.stack ?? error.message}${cause}`;
  }
  return String(error);
}

/** Wraps a route handler so every throw becomes the JSON error shape. */
export function handle<Args extends unknown[]>(context: string, handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      return toErrorResponse(error, context);
    }
  };
}

export { AppError };
