import type { AppConfig } from "../config";
import { runAttempt, type AttemptOutcome } from "./attempt";
import { callUsage } from "./call-usage";
import { cancelledError, missingKeyError, type LlmError } from "./errors";
import { sharedRateGate, type RateGate } from "./rate-gate";
import { assertCallableMessages, buildRequestBody, clampMaxTokens, type RequestShape } from "./request-body";
import { backoffDelayMs, serverRetryDelayMs } from "./retry-delay";
import type { ChatCallOptions, ChatCallResult, ChatEvent } from "./types";

export type { ChatCallOptions, ChatCallResult, ChatEvent, ChatMessage } from "./types";

export interface StreamChatDeps {
  fetch?: typeof fetch;
  /** Default: the process's shared gate. */
  gate?: RateGate;
  /** Waits between attempts; tests pass a fake to skip long backoffs. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source for the backoff. */
  random?: () => number;
}

/** 500/502/503/504 are retried once, within this (DESIGN.md: "retry once within 3 s"). */
const SERVER_RETRY_MAX_DELAY_MS = 3_000;
const SERVER_RETRIES = 1;

/**
 * One chat call, streamed: text and reasoning as they arrive, retries announced, and exactly
 * one `end` event with the result. Upstream trouble is a value (`result.error`), never a throw;
 * only a caller's bug (empty messages, a bad maxTokens) throws. Retries follow C-10 and never
 * happen once text was shown (C-11). Leaving the loop early aborts the upstream request.
 */
export async function* streamChat(llm: AppConfig["llm"], options: ChatCallOptions, deps: StreamChatDeps = {}): AsyncGenerator<ChatEvent> {
  const continueLastAssistant = options.continueLastAssistant ?? false;
  assertCallableMessages(options.messages, continueLastAssistant);
  const shape: RequestShape = {
    messages: options.messages,
    maxTokens: clampMaxTokens(options.maxTokens, llm.maxOutputTokens),
    temperature: options.temperature ?? 0.3,
    thinking: options.thinking ?? llm.thinking,
    continueLastAssistant,
  };
  const body = buildRequestBody(llm, shape);
  const gate = deps.gate ?? sharedRateGate;
  const sleep = deps.sleep ?? defaultSleep;
  const { signal } = options;
  const startedAt = performance.now();
  let firstTokenAt: number | null = null;
  let attempts = 0;
  let last: AttemptOutcome | null = null;

  const prices = { inputMicroLiPerToken: llm.inputMicroLiPerToken, outputMicroLiPerToken: llm.outputMicroLiPerToken };
  const usageOf = (outcome: AttemptOutcome | null) =>
    callUsage({
      reported: outcome?.assembler?.usage ?? null,
      reachedModel: outcome?.reachedModel ?? false,
      messages: shape.messages,
      thinking: shape.thinking,
      continueLastAssistant,
      text: outcome?.assembler?.text ?? "",
      reasoning: outcome?.assembler?.reasoning ?? "",
      prices,
    });
  // Attempts given up after the server had taken the request (a 200, then silence or a cut before
  // any text): the model may have read the prompt and begun, so each is billed as estimated, like
  // any partial call, instead of vanishing behind the retry that followed.
  const abandoned: ReturnType<typeof callUsage>[] = [];

  const end = (error: LlmError | null, finishReason: string): ChatEvent => {
    const assembler = last?.assembler;
    const usage = [usageOf(last), ...abandoned].reduce((sum, part) => ({
      promptTokens: sum.promptTokens + part.promptTokens,
      completionTokens: sum.completionTokens + part.completionTokens,
      reasoningTokens: sum.reasoningTokens + part.reasoningTokens,
      usageSource: sum.usageSource === "reported" && part.usageSource === "reported" ? "reported" : "estimated",
      prices,
      costMicroLi: sum.costMicroLi + part.costMicroLi,
    }));
    const result: ChatCallResult = {
      text: assembler?.text ?? "",
      reasoning: assembler?.reasoning ?? "",
      finishReason,
      ...usage,
      attempts,
      httpStatus: last?.status ?? null,
      timeToFirstTokenMs: firstTokenAt === null ? null : Math.round(firstTokenAt - startedAt),
      durationMs: Math.round(performance.now() - startedAt),
      error,
    };
    return { type: "end", result };
  };

  if (!llm.apiKey) {
    yield end(missingKeyError(), "error");
    return;
  }

  let serverRetries = 0;
  for (let attempt = 1; ; attempt++) {
    if (!(await untilAborted(gate.wait(sleep), signal))) {
      yield end(cancelledError(), "cancelled");
      return;
    }
    attempts = attempt;
    const run = runAttempt({ llm, body, expectReasoning: shape.thinking || llm.profile.thinkingSwitch === "none", signal, fetch: deps.fetch ?? globalThis.fetch });
    let step;
    try {
      step = await run.next();
      while (!step.done) {
        firstTokenAt ??= performance.now();
        yield step.value;
        step = await run.next();
      }
    } finally {
      // The consumer left mid-stream: close the attempt, which aborts the upstream request.
      if (!step?.done) await run.return(undefined as never);
    }
    last = step.value;
    const { error } = last;
    if (!error) {
      yield end(null, last.finishReason);
      return;
    }
    const isServer = error.code === "server";
    const retry = error.retryable && !last.shown && attempt < llm.maxAttempts && (!isServer || serverRetries < SERVER_RETRIES);
    if (!retry) {
      yield end(error, last.finishReason);
      return;
    }
    if (isServer) serverRetries++;
    if (last.reachedModel) abandoned.push(usageOf(last));
    const serverDelay = serverRetryDelayMs(last.headers);
    const backoff = backoffDelayMs(attempt - 1, deps.random);
    const delayMs = isServer ? Math.min(serverDelay ?? backoff, SERVER_RETRY_MAX_DELAY_MS) : (serverDelay ?? backoff);
    yield { type: "retry", attempt: attempt + 1, delayMs, code: error.code, message: error.message };
    // A 429 holds every call of the process at the gate; other failures wait alone.
    if (error.code === "rate_limit") gate.close(delayMs);
    else if (!(await untilAborted(sleep(delayMs), signal))) {
      yield end(cancelledError(), "cancelled");
      return;
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves true when `promise` settles first, false when `signal` aborts first. */
async function untilAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<boolean> {
  if (!signal) {
    await promise;
    return true;
  }
  if (signal.aborted) return false;
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([promise.then(() => true as const), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
