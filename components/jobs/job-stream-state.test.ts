import { describe, expect, it } from "vitest";
import type { JobEvent, JobEventData, JobStatus } from "@/lib/jobs/wire";
import { applyEvent, initialStreamState, type StreamState } from "./job-stream-state";

function replay(events: JobEvent[], planned = [{ key: "single", purpose: "single", title: "whole document" }]): StreamState {
  return events.reduce((state, event, index) => applyEvent(state, event, index + 1), initialStreamState(planned, planned.length));
}

const status = (value: JobStatus, message?: string): JobEvent => ({ type: "status", data: message === undefined ? { status: value } : { status: value, message } });
const callStart = (key: string, purpose: string, round: number, title: string): JobEvent => ({ type: "call-start", data: { key, purpose, round, promptTokens: 10, maxTokens: 8192, title } });
const delta = (key: string, final: boolean, text: string): JobEvent => ({ type: "delta", data: { key, final, text } });
const callEnd = (key: string, round: number, data: Partial<JobEventData<"call-end">> = {}): JobEvent => ({
  type: "call-end",
  data: { key, round, finishReason: "stop", promptTokens: 10, completionTokens: 2, reasoningTokens: 0, usageSource: "reported", costMicroLi: 3, attempts: 1, errorCode: null, ...data },
});
const end = (value: JobStatus, errorCode: string | null = null): JobEvent => ({ type: "end", data: { status: value, errorCode, errorMessage: errorCode ? "what to do" : null, costMicroLi: 7 } });

describe("applyEvent", () => {
  it("joins the final deltas into the report and leaves map notes out", () => {
    const state = replay(
      [
        status("running"),
        callStart("map:0", "map", 0, "notes on p. 1–p. 9"),
        delta("map:0", false, "notes"),
        callEnd("map:0", 0),
        callStart("reduce:final", "reduce", 0, "final report"),
        delta("reduce:final", true, "# Report\n"),
        delta("reduce:final", true, "Body."),
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
    const state = replay([callStart("single", "single", 0, "whole document"), callEnd("single", 0, { finishReason: "length", completionTokens: 8192 }), callStart("single", "single", 1, "whole document")]);
    expect(state.steps.single?.status).toBe("running");
    expect(state.steps.single?.rounds).toBe(2);
    expect(state.steps.single?.round).toBe(1);
    expect(state.steps.single?.completionTokens).toBe(8192);
  });

  it("marks a step whose call ended with an error failed", () => {
    const state = replay([callStart("single", "single", 0, "whole document"), callEnd("single", 0, { finishReason: "error", errorCode: "balance" })]);
    expect(state.steps.single?.status).toBe("failed");
  });

  it("goes on after an earlier end when the job was resumed", () => {
    const state = replay([
      status("running"),
      delta("single", true, "Part one. "),
      end("cancelled", "cancelled"),
      status("queued", "resumed"),
      status("running"),
      delta("single", true, "Part two."),
      end("succeeded"),
    ]);
    expect(state.report).toBe("Part one. Part two.");
    expect(state.status).toBe("succeeded");
    expect(state.end?.errorCode).toBeNull();
  });

  it("keeps the end's error and the last event id", () => {
    const state = replay([status("running"), { type: "retry", data: { key: "single", attempt: 2, delayMs: 1000, code: "rate_limit", message: "slow down" } }, end("failed", "balance")]);
    expect(state.end).toMatchObject({ status: "failed", errorCode: "balance" });
    expect(state.retry).toBeNull();
    expect(state.lastEventId).toBe(3);
  });

  it("takes the counters of a progress event", () => {
    const state = replay([{ type: "progress", data: { callsDone: 1, callsPlanned: 3, completionTokens: 40, costMicroLi: 900 } }]);
    expect(state).toMatchObject({ callsDone: 1, callsPlanned: 3, completionTokens: 40, costMicroLi: 900 });
  });
});
