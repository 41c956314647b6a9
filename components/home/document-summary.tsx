import type { DocumentView } from "../api/types";
import { formatBytes, formatTokens, plural } from "../format";
import { CodebaseTree } from "./codebase-tree";

export function unitNoun(kind: string): string {
  if (kind === "pdf") return "page";
  if (kind === "codebase") return "file";
  return "section";
}

const KIND_LABEL: Record<string, string> = { pdf: "PDF", text: "Text", codebase: "Codebase" };

function warningsOf(meta: Record<string, unknown>): string[] {
  const warnings = meta.warnings;
  return Array.isArray(warnings) ? warnings.filter((warning): warning is string => typeof warning === "string") : [];
}

/** What was extracted: pages or files with their tokens, and what was skipped and why. */
export function DocumentSummary({ document }: { document: DocumentView }) {
  const noun = unitNoun(document.kind);
  const warnings = warningsOf(document.meta);
  return (
    <div data-testid="document-summary" className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 className="min-w-0 text-lg font-semibold break-all" data-testid="document-name">
          {document.name}
        </h2>
        <span className="rounded bg-zinc-100 px-2 py-0.5 text-xs font-medium dark:bg-zinc-800">{KIND_LABEL[document.kind] ?? document.kind}</span>
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-zinc-500">Size</dt>
          <dd className="font-medium">{formatBytes(document.sizeBytes)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Qwen3 tokens (exact)</dt>
          <dd className="font-medium tabular-nums" data-testid="document-tokens">
            {formatTokens(document.totalTokens)}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">{noun[0]?.toUpperCase() + noun.slice(1)}s with text</dt>
          <dd className="font-medium tabular-nums" data-testid="document-units">
            {formatTokens(document.unitCount)}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Skipped</dt>
          <dd className="font-medium tabular-nums" data-testid="document-skipped-count">
            {formatTokens(document.skipped.length)}
          </dd>
        </div>
      </dl>

      {document.kind === "codebase" ? <CodebaseTree document={document} /> : null}

      {warnings.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-amber-800 dark:text-amber-200">
          {warnings.map((warning, index) => (
            <li key={index}>{warning}</li>
          ))}
        </ul>
      ) : null}

      {document.skipped.length > 0 ? (
        <details open={document.skipped.length <= 10} className="rounded-md border border-amber-300 p-3 text-sm dark:border-amber-800" data-testid="skipped-units">
          <summary className="cursor-pointer font-medium">
            {plural(document.skipped.length, `skipped ${noun}`)} — not sent to the model
          </summary>
          <ul className="mt-2 max-h-64 space-y-1 overflow-y-auto">
            {document.skipped.map((unit, index) => (
              <li key={`${unit.label}-${index}`} className="flex flex-wrap gap-x-2">
                <span className="font-mono break-all">{unit.label}</span>
                <span className="text-zinc-600 dark:text-zinc-400">— {unit.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      {document.units.length > 0 ? (
        <details className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid="document-unit-list">
          <summary className="cursor-pointer font-medium">
            {plural(document.units.length, noun)} and their tokens
          </summary>
          <div className="mt-2 max-h-72 overflow-y-auto">
            <table className="w-full text-left">
              <thead className="text-xs text-zinc-500">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {noun}
                  </th>
                  <th scope="col" className="py-1 text-right font-medium">
                    tokens
                  </th>
                </tr>
              </thead>
              <tbody>
                {document.units.map((unit) => (
                  <tr key={unit.ordinal} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-1 pr-3 font-mono break-all">{unit.label}</td>
                    <td className="py-1 text-right tabular-nums">{formatTokens(unit.tokens)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </div>
  );
}
