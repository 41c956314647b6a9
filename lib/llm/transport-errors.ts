import { redactSecrets } from "../log";
import { LlmError } from "./errors";
import type { TimeoutPhase } from "./watchdog";

/** Errors of the connection itself, as opposed to what the server said. */

export function timeoutError(phase: TimeoutPhase, afterMs: number, baseUrl: string): LlmError {
  const seconds = Math.round(afterMs / 100) / 10;
  const messages: Record<TimeoutPhase, string> = {
    connect: `The model service at ${baseUrl} did not answer within ${seconds} s (connect timeout). Check LLM_BASE_URL and the network; raise LLM_CONNECT_TIMEOUT_MS if the server is slow to accept requests.`,
    first_byte: `The model service accepted the request but sent nothing for ${seconds} s (first-byte timeout). It may be overloaded; for very long prompts raise LLM_FIRST_BYTE_TIMEOUT_MS.`,
    idle: `The answer stream went silent for ${seconds} s (idle timeout). The text received so far is kept; resume the job to continue, or raise LLM_IDLE_TIMEOUT_MS if the model thinks silently for long.`,
  };
  return new LlmError("timeout", messages[phase], { retryable: true });
}

export function networkError(cause: unknown, baseUrl: string): LlmError {
  const detail = describeCause(cause);
  return new LlmError("network", `Could not reach the model service at ${baseUrl}${detail ? ` (${detail})` : ""}. Check LLM_BASE_URL, the network and any proxy; longdoc retries connection errors on its own.`, {
    retryable: true,
    cause,
  });
}

/** The connection closed before the answer ended, with no finish_reason seen (C-2). */
export function interruptedError(cause?: unknown): LlmError {
  return new LlmError("interrupted", "The connection to the model service closed before the answer finished. The text received so far is kept and is marked incomplete; resume the job to continue.", {
    retryable: true,
    cause,
  });
}

/** undici hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
function describeCause(cause: unknown): string {
  const parts: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; depth < 3 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    parts.push(typeof code === "string" ? code : current.message);
    current = current.cause;
  }
  return redactSecrets(parts.filter((part) => part && part !== "fetch failed").join(": "));
}
