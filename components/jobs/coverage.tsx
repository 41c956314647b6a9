import type { DocumentView, PromptPlan } from "../api/types";
import { plural } from "../format";
import { unitNoun } from "../home/document-summary";

/** Unit labels sent to the model, in document order, each once (split units count once). */
export function usedLabels(plan: PromptPlan): string[] {
  const byOrdinal = new Map<number, string>();
  for (const call of plan.calls) {
    for (const segment of call.segments) {
      if (!byOrdinal.has(segment.ordinal)) byOrdinal.set(segment.ordinal, segment.label.replace(/ \(part \d+\/\d+\)$/, ""));
    }
  }
  return [...byOrdinal.entries()].sort((a, b) => a[0] - b[0]).map(([, label]) => label);
}

/** Which pages or files reached the model, and which did not and why. */
export function Coverage({ plan, document, finished, documentKind }: { plan: PromptPlan; document: DocumentView | null | undefined; finished: boolean; documentKind: string }) {
  const labels = usedLabels(plan);
  const noun = unitNoun(document?.kind ?? (documentKind === "codebase" ? "codebase" : "pdf"));
  const skipped = [...(document?.skipped ?? []), ...plan.coverage.omitted];
  return (
    <div className="space-y-3 text-sm" data-testid="coverage">
      <div>
        <p className="mb-1 font-medium" data-testid="coverage-used-count">
          {finished ? `Read: ${plural(labels.length, noun)}` : `Planned: ${plural(labels.length, noun)} (the job did not finish, so not all of them were read)`}
        </p>
        <ul className="flex max-h-48 flex-wrap gap-1 overflow-y-auto" data-testid="coverage-used">
          {labels.map((label, index) => (
            <li key={index} className="rounded bg-emerald-50 px-1.5 py-0.5 font-mono text-xs text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
              {label}
            </li>
          ))}
        </ul>
      </div>
      <div>
        <p className="mb-1 font-medium" data-testid="coverage-skipped-count">
          {skipped.length === 0 ? `Nothing was skipped.` : `Skipped: ${plural(skipped.length, noun)}`}
        </p>
        {skipped.length > 0 ? (
          <ul className="max-h-48 space-y-1 overflow-y-auto" data-testid="coverage-skipped">
            {skipped.map((unit, index) => (
              <li key={index}>
                <span className="font-mono break-all">{unit.label}</span> — <span className="text-zinc-600 dark:text-zinc-400">{unit.reason}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {document === null ? <p className="text-xs text-zinc-500">The document is no longer stored, so its skipped list is not available.</p> : null}
      </div>
    </div>
  );
}
