import { formatYuan } from "@/lib/money";
import { formatDuration, formatTokens, li } from "../format";
import { ProgressBar } from "../ui/progress-bar";
import type { StreamState } from "./job-stream-state";

/** Calls done of planned, tokens written, cost so far, and what the running call is doing. */
export function JobProgress({ state, finalKey }: { state: StreamState; finalKey: string | null }) {
  const current = state.currentKey ? state.steps[state.currentKey] : undefined;
  const active = state.status === "running" || state.status === "queued";
  const planned = Math.max(state.callsPlanned, state.callsDone, 1);
  return (
    <div data-testid="job-progress" className="space-y-3">
      <ProgressBar label="Calls done" value={state.status === "succeeded" ? planned : state.callsDone} max={planned} testId="job-progress-bar" />
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-zinc-500">Calls</dt>
          <dd className="font-medium tabular-nums" data-testid="job-calls">
            {state.callsDone} of {planned}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Tokens out</dt>
          <dd className="font-medium tabular-nums" data-testid="job-tokens-out">
            {formatTokens(state.completionTokens)}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">{active ? "Cost so far" : "Cost"}</dt>
          <dd className="font-medium tabular-nums" data-testid="job-cost">
            {li(state.costMicroLi)}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">In yuan</dt>
          <dd className="font-medium tabular-nums">{formatYuan(state.costMicroLi)}</dd>
        </div>
      </dl>
      {active && current ? (
        <p className="text-sm" data-testid="job-current" aria-live="polite">
          <span className="font-medium">{current.purpose === "map" ? "Reading" : current.purpose === "reduce" ? "Writing from the notes" : "Writing"}</span> — {current.title}
          {current.round > 0 ? (
            <span data-testid="job-round" className="ml-2 rounded bg-violet-100 px-2 py-0.5 text-xs font-medium text-violet-800 dark:bg-violet-900 dark:text-violet-100">
              round {current.round + 1} of the {current.key === finalKey || current.purpose === "single" ? "answer" : "step"}
            </span>
          ) : null}
          {current.purpose === "map" || (current.purpose === "reduce" && current.key !== finalKey) ? (
            <span className="ml-2 text-xs tabular-nums text-zinc-500" data-testid="job-notes-chars">
              {formatTokens(current.streamedChars)} characters of notes so far
            </span>
          ) : null}
        </p>
      ) : active ? (
        <p className="text-sm text-zinc-500" data-testid="job-current">
          {state.status === "queued" ? "Waiting for a free slot on the server…" : "Starting…"}
        </p>
      ) : null}
      {state.retry ? (
        <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="job-retry" role="status">
          {state.retry.message} — trying again (attempt {state.retry.attempt}) in {formatDuration(state.retry.delayMs)}.
        </p>
      ) : null}
    </div>
  );
}
