import { chatChunkSchema, normalizeUsage, type NormalizedUsage } from "./chat-chunk";
import { isRecord, parseErrorBody, type UpstreamErrorInfo } from "./error-body";
import type { SseItem } from "./sse-event-stream";

/** Typed parts of an upstream stream, in wire order. */
export type StreamPart =
  | { type: "content"; text: string }
  | { type: "reasoning"; text: string }
  | { type: "finish"; reason: string }
  | { type: "usage"; usage: NormalizedUsage }
  | { type: "error"; error: UpstreamErrorInfo }
  | { type: "done" };

/**
 * SSE items → typed parts. Every way servers report an error after the 200 (E-15, C-11) becomes
 * an `error` part: an `error` key in the payload (object or string), `object:"error"`,
 * `event: error`, llama.cpp's `error:` field line, Ollama's bare JSON line, and
 * `finish_reason:"error"`. Payloads that are not JSON are skipped, not fatal: one garbled line
 * from a proxy should not throw away a long answer.
 */
export class StreamPartStream extends TransformStream<SseItem, StreamPart> {
  constructor() {
    super({
      transform(item, controller) {
        for (const part of partsOfItem(item)) controller.enqueue(part);
      },
    });
  }
}

export function partsOfItem(item: SseItem): StreamPart[] {
  if (item.kind === "field") {
    if (item.field.trim().toLowerCase() === "error") return [{ type: "error", error: parseErrorBody(item.value) }];
    const line = item.line.trim();
    return line.startsWith("{") ? partsOfPayload(parseJson(line)) : [];
  }
  const data = item.data.trim();
  if (data === "[DONE]") return [{ type: "done" }];
  if (item.event?.trim().toLowerCase() === "error") return [{ type: "error", error: parseErrorBody(data) }];
  return partsOfPayload(parseJson(data));
}

export function partsOfPayload(payload: unknown): StreamPart[] {
  if (!isRecord(payload)) return [];
  if ((payload.error !== undefined && payload.error !== null) || payload.object === "error") {
    return [{ type: "error", error: parseErrorBody(payload) }];
  }
  const parsed = chatChunkSchema.safeParse(payload);
  if (!parsed.success) return [];
  const chunk = parsed.data;
  const parts: StreamPart[] = [];
  // n > 1 is never requested; take choice 0, and never index an empty array blindly (C-3).
  const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
  const delta = choice?.delta ?? choice?.message;
  // An empty string counts as absent (C-6); reasoning precedes the answer within a chunk.
  const reasoning = delta?.reasoning_content || delta?.reasoning;
  if (reasoning) parts.push({ type: "reasoning", text: reasoning });
  if (delta?.content) parts.push({ type: "content", text: delta.content });
  const finish = choice?.finish_reason;
  if (finish === "error") parts.push({ type: "error", error: parseErrorBody(payload) });
  else if (finish) parts.push({ type: "finish", reason: finish });
  if (chunk.usage) parts.push({ type: "usage", usage: normalizeUsage(chunk.usage) });
  return parts;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
