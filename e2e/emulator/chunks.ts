import type { ProfileName } from "../../lib/llm/profiles";

/**
 * `chat.completion.chunk` objects as the profiles send them (E-5…E-9): the same id, created and
 * model on every chunk; DashScope's `usage:null` and `system_fingerprint:null` on every chunk
 * and its own key order; vLLM's `stop_reason`; usage details where the platform reports them.
 */
export interface ChunkFactoryOptions {
  profile: ProfileName;
  model: string;
  id: string;
  created: number;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
}

export type Delta = Record<string, string | null>;

export class ChunkFactory {
  constructor(private readonly options: ChunkFactoryOptions) {}

  private get dashscopeLike(): boolean {
    return this.options.profile === "dashscope" || this.options.profile === "default";
  }

  chunk(delta: Delta, finishReason: string | null, usage: Usage | null = null): Record<string, unknown> {
    const choice: Record<string, unknown> = this.dashscopeLike
      ? { finish_reason: finishReason, delta, index: 0, logprobs: null }
      : { index: 0, delta, logprobs: null, finish_reason: finishReason, ...(this.options.profile === "vllm" ? { stop_reason: null } : {}) };
    return this.wrap([choice], usage);
  }

  /** E-8 (b): the extra chunk with `choices:[]` and the usage. */
  usageChunk(usage: Usage): Record<string, unknown> {
    return this.wrap([], usage);
  }

  private wrap(choices: unknown[], usage: Usage | null): Record<string, unknown> {
    const { id, created, model } = this.options;
    if (this.dashscopeLike) return { choices, object: "chat.completion.chunk", usage, created, system_fingerprint: null, model, id };
    return { id, object: "chat.completion.chunk", created, model, choices, ...(usage ? { usage } : {}) };
  }

  usage(promptTokens: number, completionTokens: number, reasoningTokens: number): Usage {
    const usage: Usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    // DashScope's thinking usage has no details although completion_tokens includes reasoning (E-9).
    if (!this.dashscopeLike && reasoningTokens > 0) usage.completion_tokens_details = { reasoning_tokens: reasoningTokens };
    return usage;
  }

  /** A whole non-streaming `chat.completion`. */
  completion(message: Record<string, string | null>, finishReason: string, usage: Usage): Record<string, unknown> {
    const { id, created, model } = this.options;
    return { id, object: "chat.completion", created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }], usage };
  }
}
