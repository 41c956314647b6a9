import { describe, expect, it, vi } from "vitest";
import { parseJobEvent } from "./parse-job-event";

describe("parseJobEvent", () => {
  it("returns a well-formed event, typed by its SSE type", () => {
    const warn = vi.fn();
    const event = parseJobEvent("delta", JSON.stringify({ key: "single", final: true, text: "Hello" }), warn);
    expect(event).toEqual({ type: "delta", data: { key: "single", final: true, text: "Hello" } });
    expect(warn).not.toHaveBeenCalled();
  });

  it("drops a field it does not know instead of rejecting the event (a newer server)", () => {
    const event = parseJobEvent("status", JSON.stringify({ status: "running", added: 1 }), vi.fn());
    expect(event).toEqual({ type: "status", data: { status: "running" } });
  });

  it.each([
    ["data that is not JSON", "end", "{not json"],
    ["a missing field", "call-end", JSON.stringify({ key: "single", round: 0, finishReason: "stop" })],
    ["a field of the wrong type", "delta", JSON.stringify({ key: "single", final: "yes", text: "Hello" })],
    ["a status no job has", "status", JSON.stringify({ status: "exploded" })],
    ["a fractional money amount", "progress", JSON.stringify({ callsDone: 1, callsPlanned: 1, completionTokens: 2, costMicroLi: 0.5 })],
    ["an unknown event type", "surprise", JSON.stringify({ status: "running" })],
    ["null data", "status", "null"],
  ])("skips %s with a warning and does not throw", (_, type, data) => {
    const warn = vi.fn();
    expect(parseJobEvent(type, data, warn)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain(`"${type}"`);
  });

  it("warns on the console by default", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(parseJobEvent("end", "{", undefined)).toBeNull();
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});
