/**
 * Qwen3's chat template (tokenizer_config.json, no tools), rendered to the exact string the
 * server tokenizes, so a prompt is counted as the server counts it: the template's boundaries
 * ("\n" + content, content + <|im_end|>) are tokenized together with the content.
 */
export interface ChatMessageForCount {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatPromptOptions {
  /**
   * The generation prompt gets `<think>\n\n</think>\n\n`, as `enable_thinking: false` does.
   * Ignored when the last assistant message is continued (the template adds no generation
   * prompt then).
   */
  thinkingOff?: boolean;
  /**
   * The last message is an assistant prefix the model continues: it is left open (no
   * `<|im_end|>\n`) and no generation prompt follows, like `continue_final_message` in vLLM
   * and transformers. Note that Qwen3's template gives that message an empty
   * `<think>\n\n</think>\n\n` block of its own (4 tokens), thinking on or off.
   */
  continueLastAssistant?: boolean;
}

/** Tokens the template adds around one system and one user message plus the assistant prefix. */
export const CHAT_OVERHEAD_TOKENS = { systemUserAssistant: 13, withThinkingOff: 17 } as const;

const THINKING_OFF_BLOCK = "<think>\n\n</think>\n\n";

export function renderQwen3ChatPrompt(messages: readonly ChatMessageForCount[], options: ChatPromptOptions = {}): string {
  const last = messages[messages.length - 1];
  const continuing = options.continueLastAssistant === true && last !== undefined && last.role === "assistant";

  // The template's "last query": the last user message that is not a tool response.
  let lastQueryIndex = messages.length - 1;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role === "user" && !(message.content.startsWith("<tool_response>") && message.content.endsWith("</tool_response>"))) {
      lastQueryIndex = i;
      break;
    }
  }

  let prompt = "";
  messages.forEach((message, index) => {
    const isLast = index === messages.length - 1;
    // Every message is closed; a continued one is reopened by cutAfterFinalMessage below.
    if (message.role !== "assistant") {
      prompt += `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`;
      return;
    }
    let content = message.content;
    let reasoning = "";
    if (content.includes("</think>")) {
      // The template drops an earlier answer's reasoning; these lines are its split/strip calls.
      const parts = content.split("</think>");
      reasoning = trimStart(trimEnd(parts[0]!, "\n").split("<think>").at(-1)!, "\n");
      content = trimStart(parts.at(-1)!, "\n");
    }
    if (index > lastQueryIndex && (isLast || reasoning !== "")) {
      // Note: this is what gives a continued (last) assistant message an empty think block.
      prompt += `<|im_start|>assistant\n<think>\n${trimEnd(trimStart(reasoning, "\n"), "\n")}\n</think>\n\n${trimStart(content, "\n")}`;
    } else {
      prompt += `<|im_start|>assistant\n${content}`;
    }
    prompt += "<|im_end|>\n";
  });
  if (continuing) return cutAfterFinalMessage(prompt, last.content);
  return `${prompt}<|im_start|>assistant\n${options.thinkingOff === true ? THINKING_OFF_BLOCK : ""}`;
}

/**
 * transformers' `continue_final_message`, line for line (vLLM calls it): find the last
 * occurrence of the stripped content and cut after it — keeping the content's trailing
 * whitespace only when the content had no leading whitespace. Quirks included, since the
 * server's count has them: an empty content cuts nothing, so the `<|im_end|>` stays.
 */
function cutAfterFinalMessage(rendered: string, content: string): string {
  const stripped = pythonStrip(content);
  const at = rendered.lastIndexOf(stripped);
  // transformers raises here; the template only drops text when the content has "</think>".
  if (at === -1) return rendered.slice(0, rendered.length - "<|im_end|>\n".length);
  const withTrailing = pythonStripStart(content);
  if (rendered.slice(at, at + withTrailing.length) === content) return rendered.slice(0, at + withTrailing.length);
  return rendered.slice(0, at + stripped.length);
}

/** Python's `str.isspace` characters, which `str.strip()` removes (JavaScript's `trim` differs). */
const PYTHON_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function pythonStripStart(text: string): string {
  let start = 0;
  while (start < text.length && PYTHON_SPACE.test(text[start]!)) start++;
  return text.slice(start);
}

function pythonStrip(text: string): string {
  const head = pythonStripStart(text);
  let end = head.length;
  while (end > 0 && PYTHON_SPACE.test(head[end - 1]!)) end--;
  return head.slice(0, end);
}

function trimStart(text: string, character: string): string {
  let start = 0;
  while (text.startsWith(character, start)) start += character.length;
  return text.slice(start);
}

function trimEnd(text: string, character: string): string {
  let end = text.length;
  while (end >= character.length && text.startsWith(character, end - character.length)) end -= character.length;
  return text.slice(0, end);
}
