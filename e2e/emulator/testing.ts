import { parseConfig, type AppConfig } from "../../lib/config";
import { streamChat, type ChatCallOptions, type ChatCallResult, type ChatEvent, type StreamChatDeps } from "../../lib/llm/client";
import type { ProfileName } from "../../lib/llm/profiles";
import { RateGate } from "../../lib/llm/rate-gate";

/** Helpers for tests that drive the real client against the emulator. */

/** The client's configuration for an emulator, through the real config parser. */
export function llmConfigFor(baseUrl: string, options: { apiKey?: string | null; profile?: ProfileName; thinking?: boolean; env?: Record<string, string> } = {}): AppConfig["llm"] {
  const env: Record<string, string> = { LLM_BASE_URL: baseUrl, LLM_PROFILE: options.profile ?? "default", LLM_THINKING: options.thinking ? "on" : "off", ...options.env };
  if (options.apiKey !== null) env.LLM_API_KEY = options.apiKey ?? "sk-emulator";
  return parseConfig(env).llm;
}

export interface Collected {
  events: ChatEvent[];
  result: ChatCallResult;
  /** The text events joined: what a live view showed. */
  shownText: string;
  shownReasoning: string;
  retries: Extract<ChatEvent, { type: "retry" }>[];
  /** Delays passed to the fake sleep. */
  sleeps: number[];
}

/**
 * Runs one call to its end with a private gate and a sleep that returns at once (noting its
 * delay), unless `deps` brings its own: tests never wait for real time to pass.
 */
export async function collect(llm: AppConfig["llm"], options: ChatCallOptions, deps: StreamChatDeps = {}): Promise<Collected> {
  const sleeps: number[] = [];
  const sleep = async (ms: number) => void sleeps.push(ms);
  const events: ChatEvent[] = [];
  for await (const event of streamChat(llm, options, { gate: new RateGate(), sleep, ...deps })) events.push(event);
  const ends = events.filter((event) => event.type === "end");
  if (ends.length !== 1 || events.at(-1)?.type !== "end") throw new Error(`expected exactly one end event, last; got ${events.map((event) => event.type).join(",")}`);
  const end = ends[0] as Extract<ChatEvent, { type: "end" }>;
  return {
    events,
    result: end.result,
    shownText: events.map((event) => (event.type === "text" ? event.text : "")).join(""),
    shownReasoning: events.map((event) => (event.type === "reasoning" ? event.text : "")).join(""),
    retries: events.filter((event): event is Extract<ChatEvent, { type: "retry" }> => event.type === "retry"),
    sleeps,
  };
}

/** A small bilingual document in the prompt layout of lib/prompt, with page labels. */
export const SAMPLE_DOCUMENT = [
  "Task: Summarize the material.",
  '<material name="sample.pdf">',
  "[p. 1]",
  "The harbour opened in 1821. Ships from three continents used it.",
  "[p. 2]",
  "港口在一八二一年开放。来自三大洲的船只使用它。Émigrés arrived — with naïve hopes 😀.",
  "[p. 3]",
  "A fire in 1899 destroyed the customs house. It was rebuilt in stone.",
  "</material>",
  "The material ends here. Restated task: Summarize the material.",
].join("\n");

export const userMessage = (content: string = SAMPLE_DOCUMENT) => [{ role: "user" as const, content }];
