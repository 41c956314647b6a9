import type { Db } from "../../db/client";
import { getRetrievalIndex, searchRetrievalIndex, storeRetrievalIndex, type PassageRow, type RetrievalIndexRow } from "../../db/queries/retrieval";
import type { PassageHit } from "../prompt/retrieval-plan";
import { matchExpression } from "./fts-query";
import { PASSAGE_TOKENS, passageRanges } from "./passages";
import { indexTerms } from "./terms";

/**
 * The BM25 search over a saved document, built lazily on its first question (documents are stored
 * by lib/extract; indexing them all at upload would cost every upload for the few that are asked
 * about). Bump INDEX_VERSION when the passage or term rules change: older indexes are rebuilt.
 */
export const INDEX_VERSION = 2;

/** Passages a search returns at most: far more than any input budget holds. */
export const SEARCH_LIMIT = 2_000;

export interface IndexableUnit {
  ordinal: number;
  /** "page" | "file" | "section": files carry line numbers that are not indexed. */
  kind: string;
  text: string;
  tokens: number;
}

/** A document's passages with their terms. */
export function passageRows(units: IndexableUnit[], maxTokens = PASSAGE_TOKENS): PassageRow[] {
  const rows: PassageRow[] = [];
  for (const unit of units) {
    const ranges = passageRanges(unit.text, unit.tokens, maxTokens);
    ranges.forEach((range, index) => {
      rows.push({
        terms: indexTerms(unit.text.slice(range.start, range.end), { numberedLines: unit.kind === "file" }),
        ordinal: unit.ordinal,
        start: range.start,
        end: range.end,
        part: index + 1,
        parts: ranges.length,
      });
    });
  }
  return rows;
}

/** The document's current index, built now when it has none (or an older version's). */
export function ensureRetrievalIndex(db: Db, { documentId, units }: { documentId: string; units: IndexableUnit[] }): RetrievalIndexRow {
  const isCurrent = (row: RetrievalIndexRow) => row.version === INDEX_VERSION;
  const existing = getRetrievalIndex(db, { documentId });
  if (existing && isCurrent(existing)) return existing;
  const started = performance.now();
  const passages = passageRows(units);
  return storeRetrievalIndex(db, { documentId, version: INDEX_VERSION, passages, buildMs: Math.round(performance.now() - started), isCurrent });
}

/**
 * The search a question plan calls: the document's passages ranked by BM25 for the question, best
 * first. The index is built on the first call only.
 */
export function documentSearch(db: Db, { documentId, units }: { documentId: string; units: IndexableUnit[] }): (question: string) => PassageHit[] {
  return (question) => {
    const match = matchExpression(question);
    if (match === null) return [];
    const index = ensureRetrievalIndex(db, { documentId, units });
    return searchRetrievalIndex(db, { indexId: index.id, match, limit: SEARCH_LIMIT });
  };
}
