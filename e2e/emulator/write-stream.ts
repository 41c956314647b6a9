import type { ServerResponse } from "node:http";
import type { ChatRequestView } from "./chat-request";
import type { ChunkFactory, Delta, Usage } from "./chunks";
import type { Generation, ReasoningForm } from "./generate";
import type { RecordedRequest } from "./recorded-request";
import type { ResolvedBehaviour, StreamVariant } from "./scenario";
import type { SseWriter } from "./sse-writer";
import { tokenChunks } from "./token-chunks";
import { sleepUnlessClosed } from "./sleep-unless-closed";

export interface StreamInput {
  writer: SseWriter;
  response: ServerResponse;
  factory: ChunkFactory;
  generation: Generation;
  usage: Usage;
  promptTokens: number;
  variant: StreamVariant;
  reasoningForm: ReasoningForm;
  view: ChatRequestView;
  behaviour: ResolvedBehaviour;
  record: RecordedRequest;
  /** Resolves when the test releases held streams. */
  released(): Promise<void>;
  /** DashScope's delta forms: `content:null` beside reasoning, `{"content":""}` on the finish. */
  dashscopeLike: boolean;
}

interface Piece {
  kind: "reasoning" | "content";
  text: string;
  tokens: number;
}

/**
 * The body of a streamed answer: role chunk, one chunk per token group, finish chunk, usage in
 * the chosen mode, `[DONE]`, with the behaviour's failure (E-15) after K tokens when it has one.
 */
export async function writeStream(input: StreamInput): Promise<void> {
  const { writer, factory, generation, variant, record, behaviour } = input;
  const usageMode = resolveUsage(variant.usage, input.view);
  const pieces: Piece[] = [
    ...tokenChunks(generation.reasoning, variant.tokensPerChunk).map((piece) => ({ ...piece, kind: "reasoning" as const })),
    ...tokenChunks(generation.content, variant.tokensPerChunk).map((piece) => ({ ...piece, kind: variant.answerInReasoning ? ("reasoning" as const) : ("content" as const) })),
  ];
  const heldForFinish = variant.contentOnFinish && pieces.at(-1)?.kind === "content" ? pieces.pop() : undefined;
  const failAfter = behaviour.type === "ok" ? null : behaviour.type === "error" ? null : behaviour.afterTokens;
  const role: Delta = variant.roleOnEveryChunk ? { role: "assistant" } : {};
  const pendingFinish = variant.emptyFinishReason ? "" : null;
  const cumulative = (completion: number) => (usageMode.perChunk ? factory.usage(input.promptTokens, completion, 0) : null);

  if (variant.firstByteDelayMs > 0) await sleepUnlessClosed(input.response, variant.firstByteDelayMs);
  if (variant.keepAlive !== "none") await keepAlive(writer, variant);
  const thinkingFirst = input.reasoningForm === "reasoning_content" && input.dashscopeLike && generation.reasoning !== "";
  await writer.data(factory.chunk(thinkingFirst ? { content: null, role: "assistant", reasoning_content: "" } : { role: "assistant", content: "" }, pendingFinish, cumulative(0)));

  let sent = 0;
  let failed = false;
  for (const [index, piece] of pieces.entries()) {
    if (writer.closed) return;
    if (!failed && failAfter !== null && sent >= failAfter) {
      failed = true;
      if (await fail(input, sent)) return;
    }
    const delta: Delta = piece.kind === "content" ? { ...role, content: piece.text } : { ...role, ...reasoningDelta(input, piece.text) };
    await writer.data(factory.chunk(delta, pendingFinish, cumulative(sent + piece.tokens)));
    sent += piece.tokens;
    record.tokensSent = sent;
    if (variant.keepAlive !== "none" && index % 5 === 4) await keepAlive(writer, variant);
    if (variant.tokenDelayMs > 0) await sleepUnlessClosed(input.response, variant.tokenDelayMs);
  }
  if (!failed && failAfter !== null && (await fail(input, sent))) return;
  if (writer.closed) return;

  const finishDelta: Delta = heldForFinish ? { ...role, content: heldForFinish.text } : input.dashscopeLike ? { ...role, content: "" } : { ...role };
  sent += heldForFinish?.tokens ?? 0;
  record.tokensSent = sent;
  const onFinish = usageMode.onFinish ? input.usage : usageMode.perChunk ? factory.usage(input.promptTokens, generation.completionTokens, generation.reasoningTokens) : null;
  await writer.data(factory.chunk(finishDelta, generation.finishReason, onFinish));
  if (usageMode.final) await writer.data(factory.usageChunk(input.usage));
  if (!variant.omitDone) await writer.done();
  record.outcome = "completed";
  input.response.end();
}

function reasoningDelta(input: StreamInput, text: string): Delta {
  if (input.reasoningForm === "reasoning") return { reasoning: text };
  return input.dashscopeLike ? { content: null, reasoning_content: text } : { reasoning_content: text };
}

async function keepAlive(writer: SseWriter, variant: StreamVariant): Promise<void> {
  await writer.comment(variant.keepAlive === "openrouter" ? "OPENROUTER PROCESSING" : `ping - ${new Date().toISOString()}`);
}

function resolveUsage(mode: StreamVariant["usage"], view: ChatRequestView): { perChunk: boolean; final: boolean; onFinish: boolean } {
  switch (mode) {
    case "auto":
      return { perChunk: view.continuousUsage, final: view.includeUsage, onFinish: false };
    case "none":
      return { perChunk: false, final: false, onFinish: false };
    case "final":
    case "forced":
      return { perChunk: false, final: true, onFinish: false };
    case "continuous":
      return { perChunk: true, final: true, onFinish: false };
    case "on_finish":
      return { perChunk: false, final: false, onFinish: true };
  }
}

const FAILURE_MESSAGE = "The engine failed while generating (emulated).";

/**
 * E-15: the stream fails after K tokens, in the behaviour's way. Returns false when the stream
 * goes on afterwards (a stall of limited length), true when it is over.
 */
async function fail(input: StreamInput, sent: number): Promise<boolean> {
  const { writer, response, behaviour, record, factory } = input;
  record.tokensSent = sent;
  if (behaviour.type === "drop") {
    record.outcome = "dropped";
    // Closed after what was written has left (end, then destroy once flushed): a drop loses
    // nothing already "sent", however slowly the socket drains, and the stream never ends properly.
    response.socket?.destroySoon();
    return true;
  }
  if (behaviour.type === "truncate") {
    record.outcome = "truncated";
    response.end();
    return true;
  }
  if (behaviour.type === "stall") {
    if (behaviour.ms === undefined) {
      record.outcome = "stalled";
      return true; // silent until the client leaves
    }
    await sleepUnlessClosed(response, behaviour.ms);
    return writer.closed;
  }
  if (behaviour.type === "hold") {
    record.outcome = "held";
    await Promise.race([input.released(), new Promise<void>((resolve) => response.once("close", () => resolve()))]);
    if (writer.closed) return true;
    record.outcome = "pending";
    return false;
  }
  if (behaviour.type !== "midStreamError") return false;
  record.outcome = "stream_error";
  switch (behaviour.variant) {
    case 1: // vLLM
      await writer.data({ error: { message: FAILURE_MESSAGE, type: "InternalServerError", param: null, code: 500 } });
      await writer.done();
      break;
    case 2: // SGLang / old vLLM
      await writer.data({ error: { object: "error", message: FAILURE_MESSAGE, type: "InternalServerError", param: null, code: 500 } });
      await writer.done();
      break;
    case 3: // OpenRouter
      await writer.data({ ...factory.chunk({ content: "" }, "error"), error: { code: "server_error", message: FAILURE_MESSAGE } });
      break;
    case 4: // llama.cpp before PR #16109: a non-standard `error:` field
      await writer.line(`error: ${JSON.stringify({ code: 500, message: FAILURE_MESSAGE, type: "server_error" })}`);
      await writer.done();
      break;
    case 5: // Ollama: bare JSON, no `data:`, no [DONE]
      await writer.line(JSON.stringify({ error: { message: FAILURE_MESSAGE, type: "api_error", param: null, code: null } }), false);
      break;
    case 6: // `event: error`
      await writer.data({ message: FAILURE_MESSAGE, code: 500 }, "error");
      break;
  }
  response.end();
  return true;
}
