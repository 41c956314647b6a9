/**
 * Provider profiles: what differs between OpenAI-compatible platforms (see
 * docs/upstream-contract.md). Code paths never branch on a platform name; they read these fields.
 */

export const PROFILE_NAMES = ["default", "dashscope", "vllm", "ollama", "openai"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface ProviderProfile {
  name: ProfileName;
  /**
   * How the thinking switch is sent: as a top-level `enable_thinking` (DashScope), inside
   * `chat_template_kwargs` (vLLM / SGLang), or not at all (servers that reject unknown keys).
   */
  thinkingSwitch: "enable_thinking" | "chat_template_kwargs" | "none";
  /**
   * Prefix continuation: the server continues a trailing assistant message when the request
   * says so (DashScope `partial: true` on the message; vLLM `continue_final_message`).
   */
  prefixContinuation: "partial" | "continue_final_message" | "none";
}

const PROFILES: Record<ProfileName, ProviderProfile> = {
  // The platform of DESIGN.md: DashScope-compatible body (enable_thinking, `partial` prefix
  // continuation), 402 for an exhausted balance.
  default: { name: "default", thinkingSwitch: "enable_thinking", prefixContinuation: "partial" },
  dashscope: { name: "dashscope", thinkingSwitch: "enable_thinking", prefixContinuation: "partial" },
  vllm: { name: "vllm", thinkingSwitch: "chat_template_kwargs", prefixContinuation: "continue_final_message" },
  ollama: { name: "ollama", thinkingSwitch: "none", prefixContinuation: "none" },
  openai: { name: "openai", thinkingSwitch: "none", prefixContinuation: "none" },
};

export function providerProfile(name: ProfileName): ProviderProfile {
  return PROFILES[name];
}
