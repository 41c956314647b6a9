import { describe, expect, it } from "vitest";
import { backoffDelayMs, serverRetryDelayMs, shouldRetryHeader } from "./retry-delay";

describe("retry delay (openai-node rules)", () => {
  it("prefers retry-after-ms, then retry-after seconds or date, within 60 s", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(serverRetryDelayMs(new Headers({ "retry-after-ms": "1500.5", "retry-after": "9" }), now)).toBe(1501);
    expect(serverRetryDelayMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(serverRetryDelayMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000);
    expect(serverRetryDelayMs(new Headers({ "retry-after": "0" }), now)).toBe(0);
    expect(serverRetryDelayMs(new Headers({ "retry-after": "61" }), now)).toBeNull();
    expect(serverRetryDelayMs(new Headers({ "retry-after": "-1" }), now)).toBeNull();
    expect(serverRetryDelayMs(new Headers({ "retry-after-ms": "soon" }), now)).toBeNull();
    expect(serverRetryDelayMs(new Headers(), now)).toBeNull();
    expect(serverRetryDelayMs(null, now)).toBeNull();
  });

  it("backs off exponentially with up to 25% jitter, capped at 8 s", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelayMs(0, () => 1)).toBe(375);
  });

  it("reads x-should-retry", () => {
    expect(shouldRetryHeader(new Headers({ "x-should-retry": "true" }))).toBe(true);
    expect(shouldRetryHeader(new Headers({ "x-should-retry": "FALSE" }))).toBe(false);
    expect(shouldRetryHeader(new Headers({ "x-should-retry": "maybe" }))).toBeNull();
  });
});
