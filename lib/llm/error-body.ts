/**
 * Normalizes the error bodies upstream servers send (C-9) into one shape. Seen in the wild:
 * `{"error":{message,type,param,code}}` (OpenAI, DashScope, vLLM), `{"error":"Unauthorized"}`
 * (vLLM auth), flat `{"object":"error","message",…}` (SGLang), DashScope native
 * `{code,message,request_id}`, and HTML pages from proxies. `code` is a string or an int.
 */

export interface UpstreamErrorInfo {
  /** The server's message, or null when the body said nothing readable. */
  message: string | null;
  type: string | null;
  /** Always a string: vLLM's int `400` becomes "400". */
  code: string | null;
  param: string | null;
  requestId: string | null;
}

const EMPTY: UpstreamErrorInfo = { message: null, type: null, code: null, param: null, requestId: null };

/** Reads an error body given as text (HTTP) or as an already parsed value (stream payloads). */
export function parseErrorBody(body: unknown): UpstreamErrorInfo {
  if (typeof body === "string") {
    const trimmed = body.trim();
    if (trimmed === "") return EMPTY;
    try {
      return fromValue(JSON.parse(trimmed));
    } catch {
      return { ...EMPTY, message: textOfNonJson(trimmed) };
    }
  }
  return fromValue(body);
}

function fromValue(value: unknown): UpstreamErrorInfo {
  if (typeof value === "string") return { ...EMPTY, message: value };
  if (!isRecord(value)) return EMPTY;
  const requestId = asString(value.request_id) ?? asString(value.requestId);
  const inner = value.error;
  if (typeof inner === "string") return { ...EMPTY, message: inner, requestId, code: asString(value.code) };
  if (isRecord(inner)) return { ...fields(inner), requestId: requestId ?? asString(inner.request_id) };
  // Flat shapes: SGLang `{"object":"error",…}` and DashScope native `{code,message,request_id}`.
  return { ...fields(value), requestId };
}

function fields(record: Record<string, unknown>): UpstreamErrorInfo {
  return {
    message: asString(record.message) ?? asString(record.msg) ?? asString(record.detail),
    type: asString(record.type),
    code: asString(record.code),
    param: asString(record.param),
    requestId: null,
  };
}

/** A proxy's HTML page: keep its title or first words, not the markup. */
function textOfNonJson(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

function asString(value: unknown): string | null {
  if (typeof value === "string") return value.length > 0 ? value : null;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
