import { formatTokens, li } from "../format";
import type { StepView } from "./job-stream-state";

const STATUS_TEXT: Record<string, string> = { pending: "waiting", running: "running", done: "done", failed: "stopped" };
const STATUS_DOT: Record<string, string> = {
  pending: "bg-zinc-300 dark:bg-zinc-600",
  running: "bg-sky-500 animate-pulse",
  done: "bg-emerald-500",
  failed: "bg-red-500",
};

/** Every step of the job (map calls, merges, the final report) with its status and rounds. */
export function StepList({ steps }: { steps: StepView[] }) {
  return (
    <ol className="space-y-1 text-sm" data-testid="step-list">
      {steps.map((step) => (
        <li key={step.key} data-testid="step" data-step-key={step.key} data-status={step.status} className="flex flex-wrap items-center gap-x-3 gap-y-0.5 rounded px-2 py-1 odd:bg-zinc-50 dark:odd:bg-zinc-900">
          <span aria-hidden className={`inline-block h-2.5 w-2.5 shrink-0 rounded-full ${STATUS_DOT[step.status]}`} />
          <span className="font-medium">{step.purpose || "call"}</span>
          <span className="min-w-0 flex-1 break-words text-zinc-700 dark:text-zinc-300">{step.title}</span>
          <span className="text-xs text-zinc-500">{STATUS_TEXT[step.status]}</span>
          {step.rounds > 1 ? (
            <span className="rounded bg-violet-100 px-1.5 text-xs text-violet-800 dark:bg-violet-900 dark:text-violet-100" data-testid="step-rounds">
              {step.rounds} rounds
            </span>
          ) : null}
          {step.completionTokens > 0 ? (
            <span className="text-xs tabular-nums text-zinc-500">
              {formatTokens(step.completionTokens)} out · {li(step.costMicroLi)}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
