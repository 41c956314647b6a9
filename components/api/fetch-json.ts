/** An API error as the server sent it: `{ error: { code, message } }` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const OFFLINE_MESSAGE = "The server did not answer. Check that longdoc is still running, then try again.";

/** Reads an error body; a body that is not our JSON shape still gives a message a person can use. */
export function errorFromBody(status: number, body: unknown): ApiError {
  if (typeof body === "object" && body !== null && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === "object" && error !== null) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      if (typeof message === "string") return new ApiError(status, typeof code === "string" ? code : "error", message);
    }
  }
  return new ApiError(status, `http_${status}`, `The server answered ${status}. Try again; if it keeps happening, look at the server log.`);
}

/** fetch + JSON, throwing an ApiError for any non-2xx answer or a network failure. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}), ...init?.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", OFFLINE_MESSAGE);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // not JSON: handled below
  }
  if (!response.ok) throw errorFromBody(response.status, body);
  return body as T;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
