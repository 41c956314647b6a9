import { afterEach, describe, expect, it, vi } from "vitest";
import { DeltaBuffer, type JobEvent } from "./events";

afterEach(() => vi.useRealTimers());

describe("the delta buffer", () => {
  it("batches a fast stream into one event per interval, and sends text followed by silence when the interval is up", () => {
    vi.useFakeTimers();
    const events: JobEvent[] = [];
    let flushes = 0;
    const buffer = new DeltaBuffer((event) => events.push(event), "single", true, () => (flushes += 1), 300);
    vi.advanceTimersByTime(300);
    buffer.push("a");
    expect(events).toHaveLength(1);
    buffer.push("b");
    vi.advanceTimersByTime(100);
    buffer.push("c");
    expect(events).toHaveLength(1);
    // The upstream goes quiet: "bc" must not wait for the next token.
    vi.advanceTimersByTime(200);
    expect(events.map((event) => (event.type === "delta" ? event.data.text : ""))).toEqual(["a", "bc"]);
    expect(flushes).toBe(2);
    vi.advanceTimersByTime(10_000);
    expect(events).toHaveLength(2);
    // A flush at the call's end clears the timer: nothing fires after it.
    buffer.push("d");
    buffer.flush();
    vi.advanceTimersByTime(1_000);
    expect(events.map((event) => (event.type === "delta" ? event.data.text : ""))).toEqual(["a", "bc", "d"]);
  });
});
