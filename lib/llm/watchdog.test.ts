import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Watchdog } from "./watchdog";

/** The timeouts on fake timers: where each one falls is exact, whatever the machine's load. */
describe("Watchdog", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("aborts when the phase's time has passed, not a millisecond before", () => {
    const controller = new AbortController();
    const watchdog = new Watchdog(controller);
    watchdog.arm("connect", 15_000);
    vi.advanceTimersByTime(14_999);
    expect(controller.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(controller.signal.aborted).toBe(true);
    expect(watchdog.firedPhase).toBe("connect");
    expect(watchdog.firedAfterMs).toBe(15_000);
    expect((controller.signal.reason as Error).message).toBe("upstream connect timeout after 15000 ms");
  });

  it("idle: every chunk re-arms it, so a long stream of short pauses lives and one long silence ends it", () => {
    const controller = new AbortController();
    const watchdog = new Watchdog(controller);
    watchdog.arm("idle", 500);
    // Ten pauses of 400 ms: 4 s in all, eight times the timeout, each shorter than it.
    for (let chunk = 0; chunk < 10; chunk++) {
      vi.advanceTimersByTime(400);
      watchdog.arm("idle", 500);
    }
    expect(controller.signal.aborted).toBe(false);
    vi.advanceTimersByTime(499);
    expect(controller.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(watchdog.firedPhase).toBe("idle");
  });

  it("touch re-arms the current phase from now; after firing it does nothing", () => {
    const controller = new AbortController();
    const watchdog = new Watchdog(controller);
    watchdog.arm("first_byte", 1_000);
    vi.advanceTimersByTime(900);
    watchdog.touch();
    vi.advanceTimersByTime(900);
    expect(controller.signal.aborted).toBe(false);
    vi.advanceTimersByTime(100);
    expect(watchdog.firedPhase).toBe("first_byte");
    watchdog.touch();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a new phase replaces the old one's timer, and clear stops it", () => {
    const controller = new AbortController();
    const watchdog = new Watchdog(controller);
    watchdog.arm("connect", 100);
    watchdog.arm("first_byte", 10_000);
    vi.advanceTimersByTime(5_000);
    expect(controller.signal.aborted).toBe(false);
    watchdog.clear();
    vi.advanceTimersByTime(60_000);
    expect(controller.signal.aborted).toBe(false);
    expect(watchdog.firedPhase).toBeNull();
  });
});
