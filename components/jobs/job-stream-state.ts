/**
 * What the live job view knows, built only from the job's event log (lib/jobs/events.ts). The
 * log replays from the start on every connection, so a reload or a second tab rebuilds the same
 * state; this function is pure so replay and live updates go through the same path.
 */

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

export interface RetryView {
  key: string;
  attempt: number;
  delayMs: number;
  code: string;
  message: string;
}

export interface EndView {
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  costMicroLi: number;
}

export interface StreamState {
  status: string;
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

export const TERMINAL_STATUSES = new Set(["succeeded", "failed", "cancelled", "interrupted"]);

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

type Data = Record<string, unknown>;
const num = (value: unknown, fallback = 0) => (typeof value === "number" && Number.isFinite(value) ? value : fallback);
const str = (value: unknown, fallback = "") => (typeof value === "string" ? value : fallback);
const strOrNull = (value: unknown) => (typeof value === "string" ? value : null);

function withStep(state: StreamState, key: string, update: (step: StepView) => StepView, create?: { purpose: string; title: string }): StreamState {
  const existing = state.steps[key];
  const base = existing ?? emptyStep(key, create?.purpose ?? "", create?.title ?? key);
  return {
    ...state,
    steps: { ...state.steps, [key]: update(base) },
    stepOrder: existing ? state.stepOrder : [...state.stepOrder, key],
  };
}

/** Applies one SSE event (its `event:` type, parsed `data:` and `id:`). Unknown types are ignored. */
export function applyEvent(previous: StreamState, type: string, data: Data, id: number): StreamState {
  let state: StreamState = { ...previous, lastEventId: Math.max(previous.lastEventId, id), eventCount: previous.eventCount + 1 };
  switch (type) {
    case "status": {
      const status = str(data.status, state.status);
      state = { ...state, status };
      // A resumed job goes on after its earlier end.
      if (!TERMINAL_STATUSES.has(status)) state = { ...state, end: null };
      return state;
    }
    case "call-start": {
      const key = str(data.key);
      const round = num(data.round);
      state = withStep(
        state,
        key,
        (step) => ({ ...step, status: "running", round, rounds: Math.max(step.rounds, round + 1), title: str(data.title, step.title), purpose: str(data.purpose, step.purpose) }),
        { purpose: str(data.purpose), title: str(data.title, key) },
      );
      return { ...state, currentKey: key, retry: null };
    }
    case "delta": {
      const text = str(data.text);
      const key = str(data.key);
      if (data.final === true) state = { ...state, report: state.report + text };
      if (state.steps[key]) state = withStep(state, key, (step) => ({ ...step, streamedChars: step.streamedChars + text.length }));
      return state;
    }
    case "retry":
      return { ...state, retry: { key: str(data.key), attempt: num(data.attempt), delayMs: num(data.delayMs), code: str(data.code), message: str(data.message) } };
    case "call-end": {
      const key = str(data.key);
      const errorCode = strOrNull(data.errorCode);
      const finishReason = str(data.finishReason);
      state = withStep(state, key, (step) => ({
        ...step,
        // A call cut at the output cap is not the end of the step: the next round continues it.
        status: errorCode ? "failed" : finishReason === "length" ? "running" : "done",
        promptTokens: step.promptTokens + num(data.promptTokens),
        completionTokens: step.completionTokens + num(data.completionTokens),
        costMicroLi: step.costMicroLi + num(data.costMicroLi),
        lastFinishReason: finishReason,
      }));
      return { ...state, retry: null };
    }
    case "progress":
      return { ...state, callsDone: num(data.callsDone, state.callsDone), callsPlanned: num(data.callsPlanned, state.callsPlanned), completionTokens: num(data.completionTokens, state.completionTokens), costMicroLi: num(data.costMicroLi, state.costMicroLi) };
    case "end": {
      const end: EndView = { status: str(data.status), errorCode: strOrNull(data.errorCode), errorMessage: strOrNull(data.errorMessage), costMicroLi: num(data.costMicroLi) };
      const steps = { ...state.steps };
      for (const [key, step] of Object.entries(steps)) if (step.status === "running") steps[key] = { ...step, status: end.status === "succeeded" ? "done" : "failed" };
      return { ...state, status: end.status, end, steps, currentKey: null, retry: null, costMicroLi: end.costMicroLi };
    }
    default:
      return state;
  }
}
