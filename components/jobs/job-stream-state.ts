/**
 * What the live job view knows, built only from the job's event log (lib/jobs/events.ts). The
 * log replays from the start on every connection, so a reload or a second tab rebuilds the same
 * state; this function is pure so replay and live updates go through the same path.
 */
import { TERMINAL_JOB_STATUSES, type JobEvent, type JobEventData, type JobStatus } from "@/lib/jobs/wire";

export type StepStatus = "pending" | "running" | "done" | "failed";

export interface StepView {
  key: string;
  purpose: string;
  title: string;
  status: StepStatus;
  /** Calls made for this step so far (1 + continuation rounds). */
  rounds: number;
  /** Round of the call running now or last run (0-based). */
  round: number;
  promptTokens: number;
  completionTokens: number;
  costMicroLi: number;
  lastFinishReason: string | null;
  /** Characters streamed for this step (map notes are not part of the report). */
  streamedChars: number;
}

export type RetryView = JobEventData<"retry">;
export type EndView = JobEventData<"end">;

export interface StreamState {
  status: JobStatus;
  report: string;
  lastEventId: number;
  callsDone: number;
  callsPlanned: number;
  completionTokens: number;
  costMicroLi: number;
  steps: Record<string, StepView>;
  stepOrder: string[];
  /** The step whose call is running now. */
  currentKey: string | null;
  retry: RetryView | null;
  end: EndView | null;
  /** Events applied (for tests and the "replaying" hint). */
  eventCount: number;
}

export function initialStreamState(planned: { key: string; purpose: string; title: string }[], callsPlanned: number): StreamState {
  const steps: Record<string, StepView> = {};
  for (const call of planned) steps[call.key] = emptyStep(call.key, call.purpose, call.title);
  return {
    status: "queued",
    report: "",
    lastEventId: 0,
    callsDone: 0,
    callsPlanned,
    completionTokens: 0,
    costMicroLi: 0,
    steps,
    stepOrder: planned.map((call) => call.key),
    currentKey: null,
    retry: null,
    end: null,
    eventCount: 0,
  };
}

function emptyStep(key: string, purpose: string, title: string): StepView {
  return { key, purpose, title, status: "pending", rounds: 0, round: 0, promptTokens: 0, completionTokens: 0, costMicroLi: 0, lastFinishReason: null, streamedChars: 0 };
}

function withStep(state: StreamState, key: string, update: (step: StepView) => StepView, create?: { purpose: string; title: string }): StreamState {
  const existing = state.steps[key];
  const base = existing ?? emptyStep(key, create?.purpose ?? "", create?.title ?? key);
  return {
    ...state,
    steps: { ...state.steps, [key]: update(base) },
    stepOrder: existing ? state.stepOrder : [...state.stepOrder, key],
  };
}

/** Applies one SSE event (parsed by parseJobEvent) with its `id:` (0 when it has none). */
export function applyEvent(previous: StreamState, event: JobEvent, id: number): StreamState {
  let state: StreamState = { ...previous, lastEventId: Math.max(previous.lastEventId, id), eventCount: previous.eventCount + 1 };
  switch (event.type) {
    case "status": {
      const { status } = event.data;
      state = { ...state, status };
      // A resumed job goes on after its earlier end.
      if (!TERMINAL_JOB_STATUSES.has(status)) state = { ...state, end: null };
      return state;
    }
    case "call-start": {
      const { key, round, title, purpose } = event.data;
      state = withStep(state, key, (step) => ({ ...step, status: "running", round, rounds: Math.max(step.rounds, round + 1), title, purpose }), { purpose, title });
      return { ...state, currentKey: key, retry: null };
    }
    case "delta": {
      const { key, text, final } = event.data;
      if (final) state = { ...state, report: state.report + text };
      if (state.steps[key]) state = withStep(state, key, (step) => ({ ...step, streamedChars: step.streamedChars + text.length }));
      return state;
    }
    case "retry": {
      const { key, attempt, delayMs, code, message } = event.data;
      return { ...state, retry: { key, attempt, delayMs, code, message } };
    }
    case "call-end": {
      const { key, errorCode, finishReason } = event.data;
      state = withStep(state, key, (step) => ({
        ...step,
        // A call cut at the output cap is not the end of the step: the next round continues it.
        status: errorCode ? "failed" : finishReason === "length" ? "running" : "done",
        promptTokens: step.promptTokens + event.data.promptTokens,
        completionTokens: step.completionTokens + event.data.completionTokens,
        costMicroLi: step.costMicroLi + event.data.costMicroLi,
        lastFinishReason: finishReason,
      }));
      return { ...state, retry: null };
    }
    case "progress": {
      const { callsDone, callsPlanned, completionTokens, costMicroLi } = event.data;
      return { ...state, callsDone, callsPlanned, completionTokens, costMicroLi };
    }
    case "end": {
      const end: EndView = { ...event.data };
      const steps = { ...state.steps };
      for (const [key, step] of Object.entries(steps)) if (step.status === "running") steps[key] = { ...step, status: end.status === "succeeded" ? "done" : "failed" };
      return { ...state, status: end.status, end, steps, currentKey: null, retry: null, costMicroLi: end.costMicroLi };
    }
  }
}
