import type { AppConfig } from "../config";
import { AnswerAssembler, type AnswerEvent } from "./answer-assembler";
import { errorFromResponse, errorFromStreamPayload } from "./error-from-response";
import { cancelledError, type LlmError } from "./errors";
import type { ChatRequestBody } from "./request-body";
import { streamParts } from "./stream-pipeline";
import { interruptedError, networkError, timeoutError } from "./transport-errors";
import { Watchdog } from "./watchdog";

export interface AttemptInput {
  llm: AppConfig["llm"];
  body: ChatRequestBody;
  expectReasoning: boolean;
  signal: AbortSignal | undefined;
  fetch: typeof fetch;
}

export interface AttemptOutcome {
  assembler: AnswerAssembler;
  /** Null when the stream ended cleanly (C-2: a finish_reason was seen, or `[DONE]`). */
  error: LlmError | null;
  /** On failure "interrupted" (text was kept), "cancelled" or "error"; else the upstream's reason. */
  finishReason: string;
  status: number | null;
  headers: Headers | null;
  /** A 200 came: the model ran, so the call is billed (estimated if no usage arrives). */
  reachedModel: boolean;
  /** Text or reasoning was passed on: from here on a retry would show content twice (C-11). */
  shown: boolean;
}

/** Error bodies are small; a proxy's HTML page is not worth more than this. */
const ERROR_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * One HTTP request and its stream: bytes → timeouts → UTF-8 text → SSE items → typed parts →
 * answer events, each layer its own small module. Yields events as they arrive and returns how
 * the attempt ended; never throws for upstream trouble. Leaving early (the consumer stops
 * iterating) aborts the request at once.
 */
export async function* runAttempt(input: AttemptInput): AsyncGenerator<AnswerEvent, AttemptOutcome> {
  const { llm, signal } = input;
  const controller = new AbortController();
  const watchdog = new Watchdog(controller);
  const forwardAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", forwardAbort, { once: true });
  const assembler = new AnswerAssembler(input.expectReasoning);
  const outcome = (error: LlmError | null, finishReason: string, extra: Partial<AttemptOutcome> = {}): AttemptOutcome => ({
    assembler,
    error,
    finishReason,
    status: null,
    headers: null,
    reachedModel: false,
    shown: false,
    ...extra,
  });
  const failure = (cause: unknown): LlmError => {
    if (signal?.aborted) return cancelledError();
    if (watchdog.firedPhase) return timeoutError(watchdog.firedPhase, watchdog.firedAfterMs, llm.baseUrl);
    return networkError(cause, llm.baseUrl);
  };
  const requestStart = Date.now();
  watchdog.arm("connect", llm.connectTimeoutMs);
  try {
    if (signal?.aborted) return outcome(cancelledError(), "cancelled");
    let response: Response;
    try {
      response = await input.fetch(`${llm.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${llm.apiKey ?? ""}` },
        body: JSON.stringify(input.body),
        signal: controller.signal,
      });
    } catch (cause) {
      const error = failure(cause);
      return outcome(error, error.code === "cancelled" ? "cancelled" : "error");
    }
    const { status, headers } = response;
    if (!response.ok) {
      watchdog.arm("idle", llm.idleTimeoutMs);
      const text = await readCapped(response, ERROR_BODY_LIMIT_BYTES).catch(() => "");
      if (signal?.aborted) return outcome(cancelledError(), "cancelled", { status, headers });
      return outcome(errorFromResponse(status, text, headers, { model: llm.model }), "error", { status, headers });
    }
    const base = { status, headers, reachedModel: true };
    watchdog.arm("first_byte", requestStart + llm.firstByteTimeoutMs - Date.now());
    if (!response.body) return outcome(interruptedError(), "interrupted", base);
    const activity = new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform(chunk, streamController) {
        watchdog.arm("idle", llm.idleTimeoutMs);
        streamController.enqueue(chunk);
      },
    });
    const reader = streamParts(response.body.pipeThrough(activity)).getReader();
    let shown = false;
    let broken: unknown = null;
    try {
      while (!assembler.ended) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const event of assembler.accept(value)) {
          shown = true;
          yield event;
        }
      }
    } catch (cause) {
      broken = cause ?? new Error("stream failed");
    } finally {
      reader.cancel().catch(() => undefined);
    }
    for (const event of assembler.finish()) {
      shown = true;
      yield event;
    }
    const attempt = { ...base, shown };
    if (signal?.aborted) return outcome(cancelledError(), "cancelled", attempt);
    if (assembler.error) return outcome(errorFromStreamPayload(assembler.error, { model: llm.model }), "error", attempt);
    if (broken !== null && assembler.finishReason === null) {
      const error = watchdog.firedPhase ? failure(broken) : shown ? interruptedError(broken) : networkError(broken, llm.baseUrl);
      return outcome(error, shown ? "interrupted" : "error", attempt);
    }
    // C-2: a finish_reason seen means a normal end even without [DONE]; [DONE] alone also ends.
    if (assembler.finishReason !== null) return outcome(null, assembler.finishReason, attempt);
    if (assembler.sawDone) return outcome(null, "stop", attempt);
    return outcome(interruptedError(), shown ? "interrupted" : "error", attempt);
  } finally {
    watchdog.clear();
    signal?.removeEventListener("abort", forwardAbort);
    // Ends the upstream request if we leave before it ended on its own (cancel, consumer gone).
    controller.abort();
  }
}

async function readCapped(response: Response, limitBytes: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < limitBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks)).slice(0, limitBytes);
}
