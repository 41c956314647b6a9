import { countTokens } from "../../lib/tokens";

/**
 * The emulator's deterministic "model": an answer made of the request's own document text, so a
 * test can see the document reached the model. "Summary." then numbered lines, each a sentence
 * of the material with the label of its block (`[p. 12]`, `[src/app.ts]`) when it has one,
 * spread over the whole material and cycling when more are needed. The numbers make every line
 * unique, so a continuation can find exactly where a prefix ends.
 */

const MARKER = /\[\[emulator:answer_tokens=(\d{1,7})\]\]/;

/** `[[emulator:answer_tokens=20000]]` in the user text asks for an answer of that length. */
export function answerTokensMarker(text: string): number | null {
  const match = MARKER.exec(text);
  return match ? Number(match[1]) : null;
}

interface Sentence {
  text: string;
  label: string | null;
}

/** Sentences of the material (the `<material>` element when present), with their block labels. */
export function sourceSentences(userText: string): Sentence[] {
  const withoutMarker = userText.replace(new RegExp(MARKER.source, "g"), " ");
  const material = /<material[^>]*>([\s\S]*)<\/material>/.exec(withoutMarker)?.[1] ?? withoutMarker;
  const sentences: Sentence[] = [];
  let label: string | null = null;
  for (const line of material.split("\n")) {
    const labelLine = /^\[([^\]\n]{1,200})\]\s*$/.exec(line.trim());
    if (labelLine) {
      label = labelLine[1] ?? null;
      continue;
    }
    for (const piece of line.split(/(?<=[。！？])|(?<=[.!?])\s+/)) {
      const text = piece.replace(/\s+/g, " ").trim();
      if (/[\p{L}\p{N}]/u.test(text)) sentences.push({ text: text.length > 300 ? `${text.slice(0, 300)}…` : text, label });
    }
  }
  return sentences;
}

const FALLBACK: Sentence[] = [
  { text: "The material is short.", label: null },
  { text: "It says little beyond its title.", label: null },
];

/**
 * The whole answer for a request: about `answerTokens` tokens, ending after a complete line.
 * Sentences are taken with a stride so a long material is covered from start to end.
 */
export function buildAnswer(userText: string, answerTokens: number): string {
  const found = sourceSentences(userText);
  const sentences = found.length > 0 ? found : FALLBACK;
  const head = "Summary.\n\n";
  const lines: string[] = [];
  let used = countTokens(head);
  const estimatedLines = Math.max(1, Math.ceil(answerTokens / 30));
  const stride = Math.max(1, Math.floor(sentences.length / estimatedLines));
  let index = 0;
  let offset = 0;
  for (let number = 1; ; number++) {
    const sentence = sentences[index] ?? FALLBACK[0]!;
    const line = `${number}. ${sentence.text}${sentence.label ? ` [${sentence.label}]` : ""}\n`;
    const cost = countTokens(line);
    if (used + cost > answerTokens && lines.length > 0) break;
    lines.push(line);
    used += cost;
    if (used >= answerTokens) break;
    index += stride;
    if (index >= sentences.length) {
      offset = (offset + 1) % stride;
      index = offset;
    }
  }
  return head + lines.join("");
}

/** The reasoning shown when thinking is on: a few plain sentences, about `tokens` long. */
export function buildReasoning(sentenceCount: number, tokens: number): string {
  if (tokens <= 0) return "";
  const parts = [
    `The user wants a summary of material with ${sentenceCount} sentences.`,
    "I should go through it in order and cite the labels.",
    "Let me check the key points once more before writing.",
  ];
  let text = "";
  for (let index = 0; countTokens(text) < tokens; index++) text += `${text ? " " : ""}${parts[index % parts.length]}`;
  return text;
}

/**
 * Where `prefix` ends inside `answer`, or null. The prefix may be the whole answer so far or
 * only its tail (a long answer is sent back as its tail), possibly with trailing whitespace
 * trimmed; the numbered lines make the match unique.
 */
export function endOfPrefix(answer: string, prefix: string): number | null {
  if (prefix === "") return 0;
  if (answer.startsWith(prefix)) return prefix.length;
  for (const candidate of [prefix, prefix.trimEnd()]) {
    for (const length of [candidate.length, 2_000, 500, 120]) {
      if (length > candidate.length || (length < 40 && length !== candidate.length)) continue;
      const tail = candidate.slice(candidate.length - length);
      const at = answer.indexOf(tail);
      if (at >= 0) return at + tail.length;
    }
  }
  return null;
}
