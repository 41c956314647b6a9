import { describe, expect, it } from "vitest";
import { applyEvent, initialStreamState, type StreamState } from "./job-stream-state";

type Event = [type: string, data: Record<string, unknown>];

function replay(events: Event[], planned = [{ key: "single", purpose: "single", title: "whole document" }]): StreamState {
  return events.reduce((state, [type, data], index) => applyEvent(state, type, data, index + 1), initialStreamState(planned, planned.length));
}

const end = (status: string, errorCode: string | null = null) => ["end", { status, errorCode, errorMessage: errorCode ? "what to do" : null, costMicroLi: 7 }] as Event;

describe("applyEvent", () => {
  it("joins the final deltas into the report and leaves map notes out", () => {
    const state = replay(
      [
        ["status", { status: "running" }],
        ["call-start", { key: "map:0", purpose: "map", round: 0, title: "notes on p. 1–p. 9" }],
        ["delta", { key: "map:0", final: false, text: "notes" }],
        ["call-end", { key: "map:0", round: 0, finishReason: "stop", promptTokens: 10, completionTokens: 2, costMicroLi: 3, errorCode: null }],
        ["call-start", { key: "reduce:final", purpose: "reduce", round: 0, title: "final report" }],
        ["delta", { key: "reduce:final", final: true, text: "# Report\n" }],
        ["delta", { key: "reduce:final", final: true, text: "Body." }],
      ],
      [
        { key: "map:0", purpose: "map", title: "notes on p. 1–p. 9" },
        { key: "reduce:final", purpose: "reduce", title: "final report" },
      ],
    );
    expect(state.report).toBe("# Report\nBody.");
    expect(state.steps["map:0"]?.status).toBe("done");
    expect(state.steps["map:0"]?.streamedChars).toBe(5);
    expect(state.currentKey).toBe("reduce:final");
  });

  it("counts continuation rounds and keeps a step cut at the output cap running", () => {
    const state = replay([
      ["call-start", { key: "single", purpose: "single", round: 0, title: "whole document" }],
      ["call-end", { key: "single", round: 0, finishReason: "length", promptTokens: 5, completionTokens: 8192, costMicroLi: 1, errorCode: null }],
      ["call-start", { key: "single", purpose: "single", round: 1, title: "whole document" }],
    ]);
    expect(state.steps.single?.status).toBe("running");
    expect(state.steps.single?.rounds).toBe(2);
    expect(state.steps.single?.round).toBe(1);
  });

  it("goes on after an earlier end when the job was resumed", () => {
    const state = replay([
      ["status", { status: "running" }],
      ["delta", { key: "single", final: true, text: "Part one. " }],
      end("cancelled", "cancelled"),
      ["status", { status: "queued", message: "resumed" }],
      ["status", { status: "running" }],
      ["delta", { key: "single", final: true, text: "Part two." }],
      end("succeeded"),
    ]);
    expect(state.report).toBe("Part one. Part two.");
    expect(state.status).toBe("succeeded");
    expect(state.end?.errorCode).toBeNull();
  });

  it("keeps the end's error and the last event id", () => {
    const state = replay([["status", { status: "running" }], ["retry", { key: "single", attempt: 2, delayMs: 1000, code: "rate_limit", message: "slow down" }], end("failed", "balance")]);
    expect(state.end).toMatchObject({ status: "failed", errorCode: "balance" });
    expect(state.retry).toBeNull();
    expect(state.lastEventId).toBe(3);
  });
});
