import type { PromptPlan } from "../api/types";
import { formatTokens, liRange, plural, yuanRange } from "../format";
import { WindowPicture } from "./window-picture";

/** The cost estimate, before anything is spent: input exact (or bounded), output a range. */
export function CostEstimate({ plan }: { plan: PromptPlan }) {
  const { cost } = plan;
  return (
    <div data-testid="cost-estimate" className="rounded-md bg-zinc-100 p-3 text-sm dark:bg-zinc-800">
      <p>
        Estimated cost:{" "}
        <strong data-testid="cost-estimate-li" className="tabular-nums">
          {liRange(cost.totalMicroLiMin, cost.totalMicroLiMax)}
        </strong>{" "}
        <span className="tabular-nums text-zinc-600 dark:text-zinc-400" data-testid="cost-estimate-yuan">
          ({yuanRange(cost.totalMicroLiMin, cost.totalMicroLiMax)})
        </span>
      </p>
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        Input {liRange(cost.inputMicroLiMin, cost.inputMicroLiMax)} + output {liRange(cost.outputMicroLiMin, cost.outputMicroLiMax)}. The output depends on how long the answer is; nothing is spent until you start.
      </p>
    </div>
  );
}

/** How the document is laid out in the 128K window: one call, or map calls then reduce calls. */
export function PlanPreview({ plan }: { plan: PromptPlan }) {
  const maps = plan.calls.filter((call) => call.purpose === "map");
  const reduces = plan.calls.filter((call) => call.purpose === "reduce");
  const single = plan.strategy !== "map-reduce" ? plan.calls[0] : undefined;
  return (
    <div data-testid="plan-preview" data-strategy={plan.strategy} className="space-y-4 text-sm">
      {single ? (
        <div>
          <p className="mb-2">
            <strong>It fits in one call.</strong> {formatTokens(single.promptTokens)} prompt tokens{single.promptTokensExact ? " (exact)" : " (upper bound)"} + up to {formatTokens(single.maxTokens)} for the answer, in a window of {formatTokens(plan.contextWindowTokens)}.
          </p>
          <WindowPicture call={single} windowTokens={plan.contextWindowTokens} testId="window-picture" />
        </div>
      ) : (
        <div>
          <p className="mb-2" data-testid="map-reduce-summary">
            <strong>It does not fit in one call</strong> (input budget {formatTokens(plan.inputBudgetTokens)} tokens per call): {plural(maps.length, "map call")} read the document in order and take notes, then {plural(Math.max(1, reduces.length), "reduce call")} {reduces.length === 1 ? "writes" : "write"} the report from the notes
            {plan.reduceLevels > 1 ? ` (up to ${plan.reduceLevels} levels of merging)` : ""}.
          </p>
          <ol className="space-y-2" data-testid="plan-calls">
            {plan.calls.map((call, index) => (
              <li key={call.key} data-testid="plan-call" data-purpose={call.purpose} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
                <div className="mb-1 flex flex-wrap justify-between gap-x-3 text-xs">
                  <span>
                    <span className="font-medium">
                      {index + 1}. {call.purpose}
                    </span>{" "}
                    — {call.title}
                  </span>
                  <span className="tabular-nums text-zinc-600 dark:text-zinc-400">
                    {call.promptTokensExact ? "" : "≤ "}
                    {formatTokens(call.promptTokens)} in · ≤ {formatTokens(call.maxTokens)} out
                  </span>
                </div>
                <WindowPicture call={call} windowTokens={plan.contextWindowTokens} compact />
              </li>
            ))}
          </ol>
          {plan.calls[0] ? (
            <div className="mt-3">
              <p className="mb-1 text-xs text-zinc-600 dark:text-zinc-400">The first call, drawn to scale:</p>
              <WindowPicture call={plan.calls[0]} windowTokens={plan.contextWindowTokens} testId="window-picture" />
            </div>
          ) : null}
        </div>
      )}
      {plan.coverage.omitted.length > 0 ? (
        <details className="rounded-md border border-amber-300 p-3 dark:border-amber-800">
          <summary className="cursor-pointer">{plural(plan.coverage.omitted.length, "part")} will not reach the model</summary>
          <ul className="mt-2 space-y-1">
            {plan.coverage.omitted.map((unit, index) => (
              <li key={index}>
                <span className="font-mono">{unit.label}</span> — {unit.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {plan.coverage.split.length > 0 ? <p className="text-xs text-zinc-600 dark:text-zinc-400">Split because larger than one call: {plan.coverage.split.map((unit) => `${unit.label} (${unit.parts} parts)`).join(", ")}.</p> : null}
      {plan.notes.length > 0 ? (
        <ul className="list-disc space-y-1 pl-5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="plan-notes">
          {plan.notes.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
