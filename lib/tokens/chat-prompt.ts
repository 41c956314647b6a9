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
   * `<|im_end|>\n`) and no generation prompt follows, like vLLM's `continue_final_message`.
   */
  continueLastAssistant?: boolean;
}

/** Tokens the template adds around one system and one user message plus the assistant prefix. */
export const CHAT_OVERHEAD_TOKENS = { systemUserAssistant: 13, withThinkingOff: 17 } as const;

const THINKING_OFF_BLOCK = "<think>\n\n</think>\n\n";

export function renderQwen3ChatPrompt(messages: readonly ChatMessageForCount[], options: ChatPromptOptions = {}): string {
  const last = messages[messages.length - 1];
  const continuing = options.continueLastAssistant === true && last?.role === "assistant";

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
    if (!(isLast && continuing)) prompt += "<|im_end|>\n";
  });
  if (!continuing) prompt += `<|im_start|>assistant\n${options.thinkingOff === true ? THINKING_OFF_BLOCK : ""}`;
  return prompt;
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
