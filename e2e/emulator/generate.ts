import { countTokens, truncateToTokens } from "../../lib/tokens";
import { answerTokensMarker, buildAnswer, buildReasoning, endOfPrefix, sourceSentences } from "./answer";
import type { AnswerCache } from "./answer-cache";
import type { ChatRequestView } from "./chat-request";

export type ReasoningForm = "reasoning_content" | "reasoning" | "think_tags";

export interface GenerationInput {
  view: ChatRequestView;
  reasoningForm: ReasoningForm;
  /** The output cap of this request (its max_tokens, or the server's default). */
  maxTokens: number;
  answerTokens: number;
  reasoningTokens: number;
}

/** What the "model" says to one request, already cut at max_tokens. */
export interface Generation {
  /** Reasoning for a reasoning field; empty with `think_tags` (it is inside `content`). */
  reasoning: string;
  content: string;
  finishReason: "stop" | "length";
  /** Everything generated, reasoning and tags included: what completion_tokens bills. */
  completionTokens: number;
  reasoningTokens: number;
}

/**
 * Decides the output: reasoning first when thinking is on, then the answer (or, for a trailing
 * assistant message, the rest of the answer it is a prefix of), the whole cut at `maxTokens`
 * tokens like a real server cuts at max_tokens.
 */
export function generate(input: GenerationInput, cache: AnswerCache): Generation {
  const { view } = input;
  const answer = answerFor(input, cache);
  // A continued message goes on with the answer: no new thinking.
  const thinking = view.thinking && !view.continuing;
  const reasoningText = thinking && !view.softNoThink ? buildReasoning(sourceSentences(view.userText).length, input.reasoningTokens) : "";
  if (input.reasoningForm === "think_tags") {
    const full = thinking ? `<think>\n${reasoningText}${reasoningText ? "\n" : ""}</think>\n\n${answer}` : answer;
    const { text, cut } = capTokens(full, input.maxTokens);
    return { reasoning: "", content: text, finishReason: cut ? "length" : "stop", completionTokens: countTokens(text), reasoningTokens: thinking ? countTokens(text.split("</think>")[0] ?? "") : 0 };
  }
  const reasoning = capTokens(reasoningText, input.maxTokens);
  const reasoningTokens = countTokens(reasoning.text);
  const room = input.maxTokens - reasoningTokens;
  const content = reasoning.cut ? { text: "", cut: true } : capTokens(answer, room);
  return { reasoning: reasoning.text, content: content.text, finishReason: content.cut ? "length" : "stop", completionTokens: reasoningTokens + countTokens(content.text), reasoningTokens };
}

function answerFor(input: GenerationInput, cache: AnswerCache): string {
  const { view } = input;
  const messages = view.messages;
  const last = messages[messages.length - 1];
  const beforeLast = messages[messages.length - 2];
  // Prefix continuation: the trailing assistant message. Instruction continuation: an assistant
  // message followed by one user message ("continue where you stopped").
  const prefix = view.continuing ? (last?.content ?? "") : beforeLast?.role === "assistant" ? beforeLast.content : null;
  if (prefix !== null && prefix !== "") {
    const found = cache.find(prefix);
    if (found && (view.continuing || found.end < found.answer.length)) return found.answer.slice(found.end);
  }
  const tokens = answerTokensMarker(view.userText) ?? input.answerTokens;
  const fresh = buildAnswer(view.userText, tokens);
  cache.remember(fresh);
  if (view.continuing && prefix) {
    const end = endOfPrefix(fresh, prefix);
    if (end !== null) return fresh.slice(end);
  }
  return fresh;
}

function capTokens(text: string, maxTokens: number): { text: string; cut: boolean } {
  if (maxTokens <= 0) return { text: "", cut: text !== "" };
  if (countTokens(text) <= maxTokens) return { text, cut: false };
  return { text: truncateToTokens(text, maxTokens), cut: true };
}
