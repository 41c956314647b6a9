import { queryTerms } from "./terms";

/**
 * The FTS5 MATCH expression for a question: every distinct term of the question, OR-ed, so BM25
 * ranks passages by how many of the question's words they hold and how rare those words are.
 * Each term is a quoted string, so nothing a person types is read as FTS5 syntax (AND, NEAR, *,
 * column filters). The table's own tokenizer (porter stemming, diacritics folding) then applies
 * to the quoted terms as it did to the indexed text.
 */
export function matchExpression(question: string): string | null {
  const terms = queryTerms(question).slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  return terms.map(quote).join(" OR ");
}

/** A question is short; a pasted page would make a slow query for no better ranking. */
export const MAX_TERMS = 64;

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}
