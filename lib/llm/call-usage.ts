import { costMicroLi, type Prices } from "../money";
import { countChatPrompt, countTokens } from "../tokens";
import type { NormalizedUsage } from "./chat-chunk";
import type { ChatMessage } from "./types";

export interface CallUsage {
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  usageSource: "reported" | "estimated";
  prices: Prices;
  costMicroLi: number;
}

export interface UsageInput {
  /** Usage the server reported (the last non-null one), or null. */
  reported: NormalizedUsage | null;
  /** False when no attempt got as far as a 200: nothing was generated, nothing is billed. */
  reachedModel: boolean;
  /** The messages as sent, for counting the prompt exactly when the server did not. */
  messages: ChatMessage[];
  thinking: boolean;
  continueLastAssistant: boolean;
  text: string;
  reasoning: string;
  prices: Prices;
}

/**
 * Tokens and cost of a call. Reported usage wins. When it never came (the stream was cut, or the
 * server does not send it), the prompt is counted with the exact tokenizer over the messages as
 * sent and the completion over what arrived (answer + reasoning, both billed as output), marked
 * "estimated". Calls that never got a 200 cost 0.
 */
export function callUsage(input: UsageInput): CallUsage {
  const { prices } = input;
  if (input.reported) {
    const { promptTokens, completionTokens } = input.reported;
    // DashScope reports no reasoning detail although completion_tokens includes it: count it.
    const reasoningTokens = Math.min(completionTokens, input.reported.reasoningTokens ?? (input.reasoning ? countTokens(input.reasoning) : 0));
    return { promptTokens, completionTokens, reasoningTokens, usageSource: "reported", prices, costMicroLi: costMicroLi(prices, promptTokens, completionTokens) };
  }
  if (!input.reachedModel) return { promptTokens: 0, completionTokens: 0, reasoningTokens: 0, usageSource: "estimated", prices, costMicroLi: 0 };
  const promptTokens = countChatPrompt(input.messages, { thinkingOff: !input.thinking, continueLastAssistant: input.continueLastAssistant });
  const reasoningTokens = input.reasoning ? countTokens(input.reasoning) : 0;
  const completionTokens = Math.max(reasoningTokens, countTokens(input.reasoning + input.text));
  return { promptTokens, completionTokens, reasoningTokens, usageSource: "estimated", prices, costMicroLi: costMicroLi(prices, promptTokens, completionTokens) };
}
