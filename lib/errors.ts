/**
 * The one error type of the app: a stable code, an HTTP status, and a message a person can act
 * on. Causes are kept for the server log and never sent to a client.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  override readonly cause?: unknown;

  constructor(code: string, status: number, message: string, options: { cause?: unknown } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = status;
    this.cause = options.cause;
  }
}

export const notFound = (what: string) => new AppError("not_found", 404, `${what} was not found. It may have been deleted.`);

export const badRequest = (message: string, code = "bad_request") => new AppError(code, 400, message);

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
