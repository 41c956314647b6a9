import { z } from "zod";
import type { ProviderProfile } from "../../lib/llm/profiles";

/** The request fields the emulator reads; the rest is accepted and ignored, as servers do. */
const contentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() })), z.null()]);

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(z.looseObject({ role: z.enum(["system", "user", "assistant", "tool"]), content: contentSchema.optional(), partial: z.boolean().optional() })).min(1),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional(), continuous_usage_stats: z.boolean().optional() }).nullish(),
  enable_thinking: z.boolean().optional(),
  chat_template_kwargs: z.looseObject({ enable_thinking: z.boolean().optional() }).nullish(),
  continue_final_message: z.boolean().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export interface PlainMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequestView {
  messages: PlainMessage[];
  /** What the profile's switch says, or the platform's default when it is absent (E-10, E-11). */
  thinking: boolean;
  /** A trailing `/no_think` soft switch with thinking on: an empty think block (E-12). */
  softNoThink: boolean;
  /** The last message is an assistant prefix to continue. */
  continuing: boolean;
  stream: boolean;
  includeUsage: boolean;
  continuousUsage: boolean;
  maxTokens: number | null;
  /** The last user message: the material the answer is drawn from. */
  userText: string;
}

export function viewOf(request: ChatRequest, profile: ProviderProfile): ChatRequestView {
  const messages: PlainMessage[] = request.messages.map((message) => ({
    role: message.role === "tool" ? "user" : message.role,
    content: typeof message.content === "string" ? message.content : (message.content ?? []).map((part) => part.text ?? "").join(""),
  }));
  // Open-source Qwen3 thinks unless told not to (DashScope's and the chat template's default).
  const switched = profile.thinkingSwitch === "enable_thinking" ? request.enable_thinking : profile.thinkingSwitch === "chat_template_kwargs" ? request.chat_template_kwargs?.enable_thinking : false;
  const thinking = switched ?? true;
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  return {
    messages,
    thinking,
    softNoThink: thinking && lastSoftSwitch(messages) === "/no_think",
    continuing: messages[messages.length - 1]?.role === "assistant",
    stream: request.stream === true,
    includeUsage: request.stream_options?.include_usage === true,
    continuousUsage: request.stream_options?.continuous_usage_stats === true,
    maxTokens: request.max_tokens ?? request.max_completion_tokens ?? null,
    userText: lastUser?.content ?? "",
  };
}

/** The last `/think` or `/no_think` at the end of a user or system message wins (E-12). */
function lastSoftSwitch(messages: PlainMessage[]): "/think" | "/no_think" | null {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role === "assistant") continue;
    const match = /(\/no_think|\/think)\s*$/.exec(message.content);
    if (match) return match[1] as "/think" | "/no_think";
  }
  return null;
}
