import type { LlmError } from "./errors";

/** The shapes of one chat call. Re-exported by `client.ts`, which is where callers import them. */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatCallOptions {
  messages: ChatMessage[];
  /** Clamped to `config.llm.maxOutputTokens`, never above. A positive integer. */
  maxTokens: number;
  /** Default 0.3. */
  temperature?: number;
  /** Default `config.llm.thinking`; always sent explicitly where the profile has a switch. */
  thinking?: boolean;
  /**
   * The last message is an assistant prefix to continue (profile `prefixContinuation`: DashScope
   * `partial: true` on that message, vLLM `continue_final_message` + `add_generation_prompt:false`;
   * profiles with no switch send the trailing assistant message as it is).
   */
  continueLastAssistant?: boolean;
  /** Aborts the upstream request at once; the call then ends with finishReason "cancelled". */
  signal?: AbortSignal;
}

export type ChatEvent =
  | { type: "text"; text: string }
  | { type: "reasoning"; text: string }
  /** `attempt` is the number of the attempt about to be made (2 for the first retry). */
  | { type: "retry"; attempt: number; delayMs: number; code: string; message: string }
  | { type: "end"; result: ChatCallResult };

export interface ChatCallResult {
  /** The answer, without reasoning. */
  text: string;
  reasoning: string;
  /** "stop" | "length" | "content_filter" | "tool_calls" | an unknown upstream reason | "interrupted" | "cancelled" | "error". */
  finishReason: string;
  promptTokens: number;
  /** Includes reasoning tokens, which are billed as output. */
  completionTokens: number;
  reasoningTokens: number;
  /** "estimated": counted here with the exact tokenizer because the server sent no usage. */
  usageSource: "reported" | "estimated";
  prices: { inputMicroLiPerToken: number; outputMicroLiPerToken: number };
  costMicroLi: number;
  /** HTTP requests made (0 when none could be: missing key, cancelled first). */
  attempts: number;
  /** Status of the last response, null when none came. */
  httpStatus: number | null;
  /** From the start of the call (retries included) to the first text or reasoning. */
  timeToFirstTokenMs: number | null;
  durationMs: number;
  /** Null when the call finished cleanly (stop, length, content_filter, …). */
  error: LlmError | null;
}
