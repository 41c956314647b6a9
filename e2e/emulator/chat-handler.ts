import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProviderProfile } from "../../lib/llm/profiles";
import { countChatPrompt } from "../../lib/tokens";
import type { AnswerCache } from "./answer-cache";
import { chatRequestSchema, viewOf } from "./chat-request";
import { ChunkFactory } from "./chunks";
import { errorReply, type ErrorContext, type ErrorReply } from "./error-bodies";
import { generate, type ReasoningForm } from "./generate";
import type { RecordedRequest } from "./recorded-request";
import { streamVariantSchema, type ResolvedBehaviour, type ResolvedScenario } from "./scenario";
import { SseWriter } from "./sse-writer";
import { sleepUnlessClosed } from "./sleep-unless-closed";
import { writeStream } from "./write-stream";

export interface ChatContext {
  profile: ProviderProfile;
  apiKey: string;
  scenario: ResolvedScenario;
  nextBehaviour(): ResolvedBehaviour;
  /** Resolves when the test releases held streams (at once if it already has). */
  released(): Promise<void>;
  cache: AnswerCache;
  record: RecordedRequest;
}

/** Profiles' usual reasoning field when the scenario says "auto" (E-10, E-11). */
const REASONING_FIELD: Record<ProviderProfile["name"], ReasoningForm> = {
  default: "reasoning_content",
  dashscope: "reasoning_content",
  vllm: "reasoning",
  ollama: "reasoning",
  openai: "reasoning_content",
};

/** `POST …/chat/completions`: auth, validation, the scenario's behaviour, then the answer. */
export async function handleChat(request: IncomingMessage, response: ServerResponse, bodyText: string, context: ChatContext): Promise<void> {
  const { profile, scenario, record } = context;
  const errorContext: ErrorContext = { profile: profile.name, model: "qwen3-32b", requestId: record.requestId, contextWindowTokens: scenario.contextWindowTokens, maxOutputTokens: scenario.maxOutputTokens };
  if (request.headers.authorization !== `Bearer ${context.apiKey}`) return sendError(response, record, errorReply("auth", errorContext));

  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return sendError(response, record, errorReply("bad_request", { ...errorContext, message: "The request body is not valid JSON." }));
  }
  const parsed = chatRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return sendError(response, record, errorReply("bad_request", { ...errorContext, message: `Invalid request: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim() }));
  }
  errorContext.model = parsed.data.model;

  const behaviour = context.nextBehaviour();
  record.behaviour = behaviour.type === "error" ? `error:${behaviour.error}` : behaviour.type;
  if (behaviour.type === "error") {
    const reply = errorReply(behaviour.error, errorContext);
    return sendError(response, record, { status: behaviour.status ?? reply.status, headers: { ...reply.headers, ...behaviour.headers }, body: behaviour.body ?? reply.body });
  }

  const view = viewOf(parsed.data, profile);
  const promptTokens = countChatPrompt(view.messages, { thinkingOff: !view.thinking, continueLastAssistant: view.continuing });
  record.promptTokens = promptTokens;
  if (view.maxTokens !== null && view.maxTokens > scenario.maxOutputTokens) {
    return sendError(response, record, errorReply("bad_request", { ...errorContext, message: `Range of max_tokens should be [1, ${scenario.maxOutputTokens}]` }));
  }
  const maxTokens = view.maxTokens ?? scenario.maxOutputTokens;
  if (promptTokens + (view.maxTokens ?? 0) > scenario.contextWindowTokens || promptTokens >= scenario.contextWindowTokens) {
    return sendError(response, record, errorReply("context", { ...errorContext, promptTokens, maxTokens: view.maxTokens ?? 0 }));
  }
  // DashScope: open-source Qwen3 streams only while thinking is on (E-10).
  if (!view.stream && view.thinking && profile.thinkingSwitch === "enable_thinking") return sendError(response, record, errorReply("thinking_non_stream", errorContext));

  const variant = streamVariantSchema.parse({ ...scenario.stream, ...(behaviour.type === "ok" ? behaviour.stream : {}) });
  const reasoningForm = variant.reasoning === "auto" ? REASONING_FIELD[profile.name] : variant.reasoning;
  const generation = generate(
    { view, reasoningForm, maxTokens, answerTokens: behaviour.type === "ok" && behaviour.answerTokens ? behaviour.answerTokens : scenario.answerTokens, reasoningTokens: scenario.reasoningTokens },
    context.cache,
  );
  record.completionTokens = generation.completionTokens;
  const factory = new ChunkFactory({ profile: profile.name, model: parsed.data.model, id: `chatcmpl-${record.requestId}`, created: Math.floor(record.receivedAt / 1000) });
  const usage = factory.usage(promptTokens, generation.completionTokens, generation.reasoningTokens);

  if (!view.stream) {
    const message: Record<string, string | null> = { role: "assistant", content: generation.content };
    if (generation.reasoning) message[reasoningForm === "reasoning" ? "reasoning" : "reasoning_content"] = generation.reasoning;
    record.status = 200;
    record.outcome = "completed";
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(factory.completion(message, generation.finishReason, usage)));
    return;
  }

  if (variant.headersDelayMs > 0) await sleepUnlessClosed(response, variant.headersDelayMs);
  if (response.destroyed) return;
  record.status = 200;
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  response.flushHeaders();
  response.socket?.setNoDelay(true);
  const writer = new SseWriter(response, variant, record.id);
  await writeStream({ writer, response, factory, generation, usage, promptTokens, variant, reasoningForm, view, behaviour, record, released: context.released, dashscopeLike: profile.thinkingSwitch === "enable_thinking" });
}

function sendError(response: ServerResponse, record: RecordedRequest, reply: ErrorReply): void {
  record.status = reply.status;
  record.outcome = "error_sent";
  response.writeHead(reply.status, reply.headers).end(reply.body);
}
