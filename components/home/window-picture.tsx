import type { PlannedCall } from "../api/types";
import { formatTokens } from "../format";

interface Part {
  key: string;
  label: string;
  tokens: number;
  className: string;
}

/**
 * One call's context window drawn to scale: the chat template, the instructions at the head, the
 * document, the instructions restated at the tail, the room reserved for the answer, and what is
 * left free. The plan counts head and tail instructions together, so each side is drawn as half.
 */
export function windowParts(call: PlannedCall, windowTokens: number): Part[] {
  const { templateTokens, instructionTokens, documentTokens, reservedOutputTokens } = call.layout;
  const head = Math.ceil(instructionTokens / 2);
  const tail = instructionTokens - head;
  const used = templateTokens + instructionTokens + documentTokens + reservedOutputTokens;
  return [
    { key: "template", label: "Chat template", tokens: templateTokens, className: "bg-zinc-500" },
    { key: "head", label: "Instructions (head)", tokens: head, className: "bg-violet-500" },
    { key: "document", label: "Document", tokens: documentTokens, className: "bg-sky-500" },
    { key: "tail", label: "Instructions (tail)", tokens: tail, className: "bg-violet-500" },
    { key: "output", label: "Reserved for the answer", tokens: reservedOutputTokens, className: "bg-emerald-500" },
    { key: "free", label: "Free (margin)", tokens: Math.max(0, windowTokens - used), className: "bg-zinc-200 dark:bg-zinc-700" },
  ];
}

export function WindowPicture({ call, windowTokens, compact = false, testId }: { call: PlannedCall; windowTokens: number; compact?: boolean; testId?: string }) {
  const parts = windowParts(call, windowTokens);
  const total = Math.max(windowTokens, parts.reduce((sum, part) => sum + part.tokens, 0));
  const summary = parts
    .filter((part) => part.tokens > 0)
    .map((part) => `${part.label} ${formatTokens(part.tokens)}`)
    .join(", ");
  return (
    <div data-testid={testId}>
      <div role="img" aria-label={`Context window of ${formatTokens(windowTokens)} tokens: ${summary}`} className={`flex w-full overflow-hidden rounded ${compact ? "h-3" : "h-8"} bg-zinc-100 dark:bg-zinc-800`}>
        {parts.map((part) =>
          part.tokens > 0 ? (
            <div
              key={part.key}
              data-part={part.key}
              data-tokens={part.tokens}
              title={`${part.label}: ${formatTokens(part.tokens)} tokens`}
              className={`${part.className} h-full border-r border-white/60 last:border-r-0 dark:border-zinc-900/60`}
              style={{ width: `${(part.tokens / total) * 100}%`, minWidth: "3px" }}
            />
          ) : null,
        )}
      </div>
      {compact ? null : (
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
          {parts.map((part) =>
            part.key === "tail" ? null : (
              <li key={part.key} className="flex items-center gap-1.5">
                <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-sm ${part.className}`} />
                {part.key === "head" ? "Instructions, head + tail" : part.label}: <span className="tabular-nums">{formatTokens(part.key === "head" ? call.layout.instructionTokens : part.tokens)}</span>
              </li>
            ),
          )}
        </ul>
      )}
    </div>
  );
}
