import { countTokens } from "../tokens";
import type { PromptMessage } from "./render";

/**
 * Continuing an answer that hit the output cap. The continuation must fit the window too: a
 * document that filled the window cannot be sent again with the answer appended, so the material
 * is cut to what is still needed (from the last part the answer cited onwards) and a long answer
 * is sent as its tail.
 */

/** Most of the answer so far that is sent back; the model needs the recent text, not all of it. */
export const ANSWER_TAIL_TOKENS = 12_000;

export const CONTINUE_REQUEST =
  "Your previous answer was cut off by the output limit. Continue it exactly where it stopped — in the middle of a word, sentence, list, table or code block if that is where it stopped — without repeating anything and without any preamble.";

export interface Block {
  label: string;
  /** The rendered block as sent. */
  text: string;
}

export interface ContinuationInput {
  /** Builds the step's [system, user] messages around a material string. */
  render(material: string): PromptMessage[];
  blocks: Block[];
  answerSoFar: string;
  prefixContinuation: "partial" | "continue_final_message" | "none";
  /** Tokens available for the prompt: window − max_tokens − margin. */
  promptBudget: number;
  count(messages: PromptMessage[]): number;
}

export interface Continuation {
  messages: PromptMessage[];
  promptTokens: number;
  /** True when the last message is the assistant prefix to continue (profile prefix continuation). */
  continueLastAssistant: boolean;
  blocksSent: number;
  blocksTotal: number;
}

/** The tail of `answer` with at most `maxTokens` tokens, starting at a line start when one is near. */
export function answerTail(answer: string, maxTokens: number): string {
  if (countTokens(answer) <= maxTokens) return answer;
  // Take the longest suffix within budget: truncate the reversed problem by trimming from the front.
  let cut = Math.max(0, answer.length - maxTokens * 4);
  while (cut < answer.length && countTokens(answer.slice(cut)) > maxTokens) cut += Math.max(1, Math.ceil((answer.length - cut) / 20));
  const newline = answer.indexOf("\n", cut);
  if (newline !== -1 && newline - cut < 400) cut = newline + 1;
  return answer.slice(cut);
}

/** "[p. 12]", "[p. 3–5]", "[src/a.ts]" and `src/a.ts:40`, as answers cite. */
const CITATION = /\[([^[\]\n]{1,200})\]|`([^`\n]{1,300}?):\d+(?:[-–]\d+)?`/g;

/** The label a block is cited by: without a split part or a cut marker. */
export function citedLabel(label: string): string {
  return label.replace(/ \((?:part \d+\/\d+|cut: [^)]*)\)$/, "");
}

/**
 * Index of the block the answer cited last (answers follow the material in order), or 0. A
 * citation names a block (a page, a file) or, for notes, appears inside the block's own text.
 */
export function lastCitedBlock(blocks: Block[], answer: string): number {
  const citations = [...answer.matchAll(CITATION)].slice(-20).reverse();
  for (const match of citations) {
    // "p. 3–5" and "p. 3, p. 7" cite from their first label on.
    const cited = (match[1] ?? match[2] ?? "").split(/[,;]/)[0]!.split("–")[0]!.trim();
    if (!cited) continue;
    const named = blocks.findIndex((block) => citedLabel(block.label) === cited);
    if (named !== -1) return named;
    for (let index = blocks.length - 1; index >= 0; index -= 1) {
      if (blocks[index]!.text.includes(`[${cited}]`)) return index;
    }
  }
  return 0;
}

export function buildContinuation(input: ContinuationInput): Continuation {
  let tail = input.answerSoFar;
  const compose = (blocks: Block[]): PromptMessage[] => {
    const messages = input.render(blocks.map((block) => block.text).join("\n"));
    if (input.prefixContinuation === "none") {
      return [...messages, { role: "assistant", content: tail }, { role: "user", content: CONTINUE_REQUEST }];
    }
    return [...messages, { role: "assistant", content: tail }];
  };
  const fits = (blocks: Block[]) => {
    const messages = compose(blocks);
    const tokens = input.count(messages);
    return { messages, tokens, ok: tokens <= input.promptBudget };
  };
  let attempt = fits(input.blocks);
  let sent = input.blocks.length;
  if (!attempt.ok) {
    tail = answerTail(input.answerSoFar, ANSWER_TAIL_TOKENS);
    let empty = fits([]);
    if (!empty.ok) {
      // Even the instructions and the tail are too much: keep less of the answer.
      tail = answerTail(tail, Math.max(500, input.promptBudget - (empty.tokens - countTokens(tail)) - 64));
      empty = fits([]);
    }
    // Choose by per-block counts (cheap), then verify the whole prompt exactly and drop blocks
    // from the far end until it fits. Material from the last cited block onwards comes first.
    const sizes = input.blocks.map((block) => countTokens(block.text) + 1);
    const from = lastCitedBlock(input.blocks, input.answerSoFar);
    let room = input.promptBudget - empty.tokens;
    let first = from;
    let last = from - 1;
    while (last + 1 < input.blocks.length && (sizes[last + 1] ?? 0) <= room) {
      last += 1;
      room -= sizes[last] ?? 0;
    }
    while (first - 1 >= 0 && (sizes[first - 1] ?? 0) <= room && last + 1 >= input.blocks.length) {
      first -= 1;
      room -= sizes[first] ?? 0;
    }
    let chosen = input.blocks.slice(first, last + 1);
    attempt = fits(chosen);
    while (!attempt.ok && chosen.length > 0) {
      chosen = first < from ? chosen.slice(1) : chosen.slice(0, -1);
      if (first < from) first += 1;
      attempt = fits(chosen);
    }
    if (!attempt.ok) attempt = empty;
    sent = chosen.length;
  }
  return {
    messages: attempt.messages,
    promptTokens: attempt.tokens,
    continueLastAssistant: input.prefixContinuation !== "none",
    blocksSent: sent,
    blocksTotal: input.blocks.length,
  };
}

/**
 * Joins a continuation to the answer so far without a repeated seam: a continuation that starts
 * by repeating the end of the answer (common without prefix continuation) loses the repeat, and a
 * code fence reopened at the seam is dropped.
 */
export function joinAtSeam(previous: string, next: string): string {
  let addition = next;
  const fences = [...previous.matchAll(/^```([\w-]*)/gm)];
  const open = fences.length % 2 === 1 ? fences[fences.length - 1] : undefined;
  // A continuation that reopens the same fenced block (```ts again) drops the reopening line; a
  // bare ``` closes the block and stays.
  if (open?.[1]) {
    const reopened = new RegExp(`^\\s*\`\`\`${open[1]}\\n`);
    addition = addition.replace(reopened, "");
  }
  const max = Math.min(previous.length, addition.length, 500);
  for (let length = max; length >= 12; length -= 1) {
    if (previous.endsWith(addition.slice(0, length))) {
      addition = addition.slice(length);
      break;
    }
  }
  return previous + addition;
}

/** Closes a code fence left open when an answer stops for good (round cap, cancel). */
export function closeOpenStructures(text: string): string {
  const fences = (text.match(/^```/gm) ?? []).length;
  return fences % 2 === 1 ? `${text}${text.endsWith("\n") ? "" : "\n"}\`\`\`\n` : text;
}
