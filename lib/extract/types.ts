/**
 * The output of extraction: a document as ordered units of text, with exact Qwen3 token counts,
 * plus the units that did not yield text and why. Coverage is a product feature: every unit is
 * either here with its text or in `skipped` with a reason a person can act on.
 */

export type UnitKind = "page" | "file" | "section";

export interface SourceUnit {
  kind: UnitKind;
  /** How the unit is cited: "p. 12" (a PDF page label), "src/app.ts", "Install" (a heading). */
  label: string;
  text: string;
  /** Exact Qwen3 tokens of `text`. */
  tokens: number;
}

export interface SkippedUnit {
  /** The unit's label ("p. 7", "assets/logo.png"). */
  label: string;
  /** Why it has no text, in words a person can act on ("no text layer: scanned page, needs OCR"). */
  reason: string;
}

export type DocumentKind = "pdf" | "text" | "codebase";

export interface SourceDocument {
  name: string;
  kind: DocumentKind;
  units: SourceUnit[];
  skipped: SkippedUnit[];
  /** Sum of the units' tokens. */
  totalTokens: number;
  /** Kind-specific facts: page count, page labels, warnings, codebase facts and tree. */
  meta: Record<string, unknown>;
}

/** Progress of a long extraction, for progress bars. */
export interface ExtractProgress {
  done: number;
  total: number;
  /** "page" | "file" */
  unit: string;
}
