import { z } from "zod";
import type { DocumentRow, UnitRow } from "../../db/queries/documents";
import type { DocumentKind, SkippedUnit } from "./types";

/** A unit as the API shows it; `text` only when asked for. */
export interface StoredUnit {
  /** 0-based position in reading order. */
  ordinal: number;
  kind: string;
  label: string;
  /** Exact Qwen3 tokens of the unit's text. */
  tokens: number;
  text?: string;
}

/** A stored document as the API and the CLI show it. */
export interface StoredDocument {
  id: string;
  name: string;
  kind: DocumentKind;
  sha256: string;
  mimeType: string | null;
  sizeBytes: number;
  /** Exact Qwen3 tokens of all units together. */
  totalTokens: number;
  unitCount: number;
  skipped: SkippedUnit[];
  meta: Record<string, unknown>;
  createdAtMs: number;
  units: StoredUnit[];
}

const skippedSchema = z.array(z.object({ label: z.string(), reason: z.string() }));
const metaSchema = z.record(z.string(), z.unknown());
const kindSchema = z.enum(["pdf", "text", "codebase"]);

/** Rows → the API shape. JSON columns are parsed with zod; a damaged column reads as empty. */
export function toStoredDocument(row: DocumentRow, units: readonly Pick<UnitRow, "ordinal" | "kind" | "label" | "tokens" | "text">[], options: { includeText?: boolean } = {}): StoredDocument {
  return {
    id: row.id,
    name: row.name,
    kind: kindSchema.catch("text").parse(row.kind),
    sha256: row.sha256,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    totalTokens: row.totalTokens,
    unitCount: row.unitCount,
    skipped: skippedSchema.catch([]).parse(parseJson(row.skippedJson)),
    meta: metaSchema.catch({}).parse(parseJson(row.metaJson)),
    createdAtMs: row.createdAtMs,
    units: units.map((unit) => ({
      ordinal: unit.ordinal,
      kind: unit.kind,
      label: unit.label,
      tokens: unit.tokens,
      ...(options.includeText ? { text: unit.text } : {}),
    })),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
