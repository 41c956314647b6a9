/**
 * A PromptPlan is made before any money is spent, shown to the person and stored with the job.
 * Call contents are recorded as segments (unit ordinal + character range) so that a resumed job
 * re-renders exactly the same prompts.
 */

export interface Segment {
  /** Ordinal of the unit in its document. */
  ordinal: number;
  /** Label as cited: "p. 12", or "p. 12 (part 2/3)" when a unit larger than a chunk was split. */
  label: string;
  /** Character range of the unit's text: [start, end). */
  start: number;
  end: number;
  /** Exact tokens of the rendered block (label line + neutralized text). */
  tokens: number;
  /** Set when a long file was cut to fit: the block ends with a marker saying what was left out. */
  cut?: { linesShown: number; linesTotal: number };
}

export interface TokenLayout {
  /** Chat template tokens (role markers, thinking-off block). */
  templateTokens: number;
  /** Head and tail instructions, tags and the restated task. */
  instructionTokens: number;
  /** The document (or notes) inside the prompt. */
  documentTokens: number;
  /** max_tokens requested: room kept for the answer. */
  reservedOutputTokens: number;
}

export type CallPurpose = "single" | "map" | "reduce" | "answer";

export interface PlannedCall {
  key: string;
  purpose: CallPurpose;
  /** Human label: "pages p. 1–p. 40", "all notes". */
  title: string;
  /** Segments sent (single / map / answer calls). Reduce calls take earlier steps' notes. */
  segments: Segment[];
  /** Exact prompt tokens when known before the call (single / map); an upper bound for reduce. */
  promptTokens: number;
  promptTokensExact: boolean;
  maxTokens: number;
  layout: TokenLayout;
}

export interface CostEstimate {
  /** Exact cost of the prompts known in advance plus the bounds of the reduce prompts, in micro-li. */
  inputMicroLiMin: number;
  inputMicroLiMax: number;
  outputMicroLiMin: number;
  outputMicroLiMax: number;
  totalMicroLiMin: number;
  totalMicroLiMax: number;
  /** Prices used, micro-li per token. */
  inputMicroLiPerToken: number;
  outputMicroLiPerToken: number;
}

export interface PromptPlan {
  version: 1;
  strategy: "single" | "map-reduce" | "retrieval";
  documentName: string;
  documentTokens: number;
  contextWindowTokens: number;
  maxOutputTokens: number;
  /** Input budget per call = window − reserved output − template overhead − margin. */
  inputBudgetTokens: number;
  marginTokens: number;
  task: { id: string; title: string; instructions: string; format: string };
  /** Extra context sent with every call (codebase facts and repository map), and its tokens. */
  context: string;
  contextTokens: number;
  calls: PlannedCall[];
  /** Reduce levels expected in the worst case (0 for a single call). */
  reduceLevels: number;
  coverage: {
    unitsTotal: number;
    unitsIncluded: number;
    /** Units that do not reach the model, and why (e.g. retrieval left them out). */
    omitted: { label: string; reason: string }[];
    /** Units split because one was larger than a chunk. */
    split: { label: string; parts: number }[];
    /** Units sent only in part (priority packing of a codebase), with the lines kept. */
    cut: { label: string; linesShown: number; linesTotal: number }[];
  };
  /** Measured text that opens the report (codebase facts), not written by the model. */
  preamble?: string;
  /** How a codebase that does not fit was handled: by priority in one call, or all files by map-reduce. */
  packing?: "priority" | "full";
  cost: CostEstimate;
  thinking: boolean;
  notes: string[];
}
