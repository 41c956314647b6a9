/**
 * How long to wait before the next attempt, after openai-node's `retryRequest` and
 * `calculateDefaultRetryTimeoutMillis` (upstream-contract.md §8).
 */

/** A server-given delay is honoured only up to this; beyond it we fall back to our backoff. */
export const MAX_SERVER_DELAY_MS = 60_000;

/** `x-should-retry: true|false` from the server, or null when absent or unreadable. */
export function shouldRetryHeader(headers: Headers | null): boolean | null {
  const value = headers?.get("x-should-retry")?.trim().toLowerCase();
  if (value === "true") return true;
  if (value === "false") return false;
  return null;
}

/**
 * The delay the server asked for: `retry-after-ms` (float ms) first, then `retry-after` in
 * seconds or as an HTTP date. Used only when finite, ≥ 0 and ≤ 60 s.
 */
export function serverRetryDelayMs(headers: Headers | null, now: number = Date.now()): number | null {
  if (!headers) return null;
  const candidates: (number | null)[] = [];
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") candidates.push(Number(ms));
  const after = headers.get("retry-after");
  if (after !== null && after.trim() !== "") {
    const seconds = Number(after);
    if (Number.isFinite(seconds)) candidates.push(seconds * 1000);
    else {
      const date = Date.parse(after);
      candidates.push(Number.isNaN(date) ? null : date - now);
    }
  }
  for (const value of candidates) {
    if (value !== null && Number.isFinite(value) && value >= 0 && value <= MAX_SERVER_DELAY_MS) return Math.ceil(value);
  }
  return null;
}

/**
 * Exponential backoff with jitter: min(0.5 s · 2^retryIndex, 8 s) × (1 − random · 0.25), so
 * ≈ 0.5, 1, 2, 4, 8 s. `retryIndex` is 0 for the first retry.
 */
export function backoffDelayMs(retryIndex: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** retryIndex, 8_000);
  return Math.round(base * (1 - random() * 0.25));
}
