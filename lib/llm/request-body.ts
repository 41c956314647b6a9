import type { AppConfig } from "../config";
import type { ChatMessage } from "./types";

/** What we send upstream for one attempt. */
export interface ChatRequestBody {
  model: string;
  messages: (ChatMessage & { partial?: true })[];
  max_tokens: number;
  temperature: number;
  stream: true;
  stream_options: { include_usage: true };
  enable_thinking?: boolean;
  chat_template_kwargs?: { enable_thinking: boolean };
  continue_final_message?: true;
  add_generation_prompt?: false;
}

export interface RequestShape {
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  thinking: boolean;
  continueLastAssistant: boolean;
}

/**
 * The body of `POST {baseUrl}/chat/completions`, per profile (C-5, C-7): usage always asked
 * for; the thinking switch always sent explicitly where the server has one, because its default
 * differs between DashScope, vLLM and the docs of the day (E-10); prefix continuation in the
 * profile's dialect.
 */
export function buildRequestBody(llm: AppConfig["llm"], shape: RequestShape): ChatRequestBody {
  const { profile } = llm;
  const continuing = shape.continueLastAssistant;
  const messages: ChatRequestBody["messages"] = shape.messages.map((message, index) =>
    continuing && profile.prefixContinuation === "partial" && index === shape.messages.length - 1 ? { ...message, partial: true } : { ...message },
  );
  const body: ChatRequestBody = {
    model: llm.model,
    messages,
    max_tokens: shape.maxTokens,
    temperature: shape.temperature,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (profile.thinkingSwitch === "enable_thinking") body.enable_thinking = shape.thinking;
  if (profile.thinkingSwitch === "chat_template_kwargs") body.chat_template_kwargs = { enable_thinking: shape.thinking };
  if (continuing && profile.prefixContinuation === "continue_final_message") {
    body.continue_final_message = true;
    body.add_generation_prompt = false;
  }
  return body;
}

/** `maxTokens` clamped to the configured output cap; a bad value is a programmer error. */
export function clampMaxTokens(maxTokens: number, cap: number): number {
  if (!Number.isSafeInteger(maxTokens) || maxTokens < 1) throw new TypeError(`maxTokens must be a positive integer, got ${maxTokens}`);
  return Math.min(maxTokens, cap);
}

/** Checks the messages once, before any request: these are bugs in the caller, not upstream trouble. */
export function assertCallableMessages(messages: ChatMessage[], continueLastAssistant: boolean): void {
  if (messages.length === 0) throw new TypeError("messages must not be empty");
  if (continueLastAssistant && messages[messages.length - 1]?.role !== "assistant") {
    throw new TypeError("continueLastAssistant needs an assistant message last");
  }
}
