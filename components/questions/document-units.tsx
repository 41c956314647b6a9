import { unitAnchor } from "@/lib/retrieval/citations";

export interface UnitView {
  ordinal: number;
  label: string;
  text: string;
  tokens: number;
}

/**
 * The document's text, unit by unit, each under its label with the anchor citations link to
 * (`#u-<ordinal>`); the unit a citation points at is highlighted.
 */
export function DocumentUnits({ units }: { units: UnitView[] }) {
  return (
    <div className="space-y-4" data-testid="document-units">
      {units.map((unit) => (
        <section key={unit.ordinal} id={unitAnchor(unit.ordinal)} className="scroll-mt-4 rounded-md border border-transparent p-2 target:border-amber-400 target:bg-amber-50 dark:target:bg-amber-950" data-testid="unit">
          <h3 className="mb-1 text-xs font-semibold text-zinc-500">
            {unit.label} <span className="font-normal">· {unit.tokens.toLocaleString("en-US")} tokens</span>
          </h3>
          <pre className="whitespace-pre-wrap break-words font-sans text-sm leading-relaxed">{unit.text}</pre>
        </section>
      ))}
    </div>
  );
}
