import type { CallView } from "../api/types";
import { formatDuration, formatTokens, li } from "../format";

/** One row per upstream call: what it was for, its tokens, how it ended, what it cost. */
export function CallTable({ calls, totalMicroLi }: { calls: CallView[]; totalMicroLi: number }) {
  if (calls.length === 0) return <p className="text-sm text-zinc-500">No call was made.</p>;
  const cell = "px-2 py-1.5 whitespace-nowrap";
  return (
    <div className="overflow-x-auto" data-testid="call-table">
      <table className="min-w-full text-left text-sm">
        <thead className="text-xs text-zinc-500">
          <tr>
            {["#", "purpose", "step", "round", "tokens in", "tokens out", "finish", "attempts", "time", "cost", "usage"].map((heading) => (
              <th key={heading} scope="col" className={`${cell} font-medium ${/tokens|cost|round|attempts|time/.test(heading) ? "text-right" : ""}`}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {calls.map((call, index) => (
            <tr key={call.id ?? index} data-testid="call-row" className="border-t border-zinc-100 dark:border-zinc-800">
              <td className={`${cell} tabular-nums`}>{index + 1}</td>
              <td className={cell}>{call.purpose}</td>
              <td className={`${cell} font-mono text-xs`}>{call.stepKey}</td>
              <td className={`${cell} text-right tabular-nums`}>{call.round + 1}</td>
              <td className={`${cell} text-right tabular-nums`}>{formatTokens(call.promptTokens)}</td>
              <td className={`${cell} text-right tabular-nums`}>
                {formatTokens(call.completionTokens)}
                {call.reasoningTokens > 0 ? <span className="text-xs text-zinc-500"> ({formatTokens(call.reasoningTokens)} thinking)</span> : null}
              </td>
              <td className={cell} title={call.errorMessage ?? undefined}>
                {call.finishReason ?? "—"}
                {call.errorCode ? <span className="ml-1 text-xs text-red-700 dark:text-red-300">({call.errorCode})</span> : null}
              </td>
              <td className={`${cell} text-right tabular-nums`}>{call.attempts}</td>
              <td className={`${cell} text-right tabular-nums`}>{formatDuration(call.durationMs)}</td>
              <td className={`${cell} text-right tabular-nums`} data-testid="call-cost">
                {li(call.costMicroLi)}
              </td>
              <td className={cell}>{call.usageSource === "reported" ? "reported" : "estimated"}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t-2 border-zinc-300 font-medium dark:border-zinc-700">
            <td className={cell} colSpan={4}>
              Total
            </td>
            <td className={`${cell} text-right tabular-nums`}>{formatTokens(calls.reduce((sum, call) => sum + call.promptTokens, 0))}</td>
            <td className={`${cell} text-right tabular-nums`}>{formatTokens(calls.reduce((sum, call) => sum + call.completionTokens, 0))}</td>
            <td className={cell} colSpan={3} />
            <td className={`${cell} text-right tabular-nums`} data-testid="call-total-cost">
              {li(totalMicroLi)}
            </td>
            <td className={cell} />
          </tr>
        </tfoot>
      </table>
      <p className="mt-2 text-xs text-zinc-500">“estimated”: the server sent no usage, so the tokens were counted here with the exact Qwen3 tokenizer.</p>
    </div>
  );
}
