import type { Db } from "../../db/client";
import { searchRetrievalIndex, type PassageRow } from "../../db/queries/retrieval";
import { AppError } from "../errors";
import type { PassageHit } from "../prompt/retrieval-plan";
import { currentRetrievalIndex } from "./build-index";
import { matchExpression } from "./fts-query";
import { PASSAGE_TOKENS, passageRanges } from "./passages";
import { indexTerms } from "./terms";

/**
 * The BM25 search over a saved document, built on its first question that needs it (a document
 * that fits one call is sent whole and never indexed; indexing every upload would cost every
 * upload for the few that are asked about), by lib/retrieval/build-index.ts. Bump INDEX_VERSION when the passage or term rules change: older indexes are rebuilt.
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

/**
 * A question that needs the search came before the document's index was built: build it
 * (buildRetrievalIndex, in slices off the request's critical path) and plan again.
 */
export class IndexNotReadyError extends AppError {
  constructor(readonly documentId: string) {
    super("index_building", 409, "The document's search index is being built (its first question needs it); ask again in a moment.");
    this.name = "IndexNotReadyError";
  }
}

/**
 * The search a question plan calls: the document's passages ranked by BM25 for the question, best
 * first, from its built index (IndexNotReadyError when it has none yet).
 */
export function documentSearch(db: Db, { documentId }: { documentId: string }): (question: string) => PassageHit[] {
  return (question) => {
    const match = matchExpression(question);
    if (match === null) return [];
    const index = currentRetrievalIndex(db, { documentId });
    if (!index) throw new IndexNotReadyError(documentId);
    return searchRetrievalIndex(db, { indexId: index.id, match, limit: SEARCH_LIMIT });
  };
}
