import { countTokens as defaultCountTokens } from "../tokens";
import { extractUpload, type ExtractUploadInput } from "./index";
import { sniffUpload } from "./sniff";
import { decodeOrThrow } from "./text";
import type { SkippedUnit, SourceDocument } from "./types";

export interface UploadCount {
  name: string;
  kind: SourceDocument["kind"];
  /** Exact Qwen3 tokens: of the whole decoded text for a text file, else the sum of the units. */
  tokens: number;
  units: { label: string; tokens: number }[];
  skipped: SkippedUnit[];
  meta: Record<string, unknown>;
}

/**
 * Exact token counts of a file. A text file is counted as it is, decoded and nothing more (no
 * line-ending change, no sections), so the total is countTokens(file text): sections could split
 * where a token would have spanned the boundary. Other files count their extracted units.
 */
export async function countUpload(input: ExtractUploadInput, countTokens: (text: string) => number = defaultCountTokens): Promise<UploadCount> {
  const document = await extractUpload(input);
  const tokens = sniffUpload(input.bytes, input.filename).kind === "text" ? countTokens(decodeOrThrow(input.bytes, input.filename).text) : document.totalTokens;
  return {
    name: document.name,
    kind: document.kind,
    tokens,
    units: document.units.map((unit) => ({ label: unit.label, tokens: unit.tokens })),
    skipped: document.skipped,
    meta: document.meta,
  };
}
