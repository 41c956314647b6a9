import type { DocumentRow } from "../../db/queries/documents";
import { readCodebaseMeta, renderFactsMarkdown, renderRepoMap } from "../extract/codebase";

/**
 * A codebase's measured facts and repository map, made at extraction without the model. Every
 * call about the codebase carries them as context (a report's calls and a question's), and a
 * report opens with the facts as a measured section. Other documents have neither.
 */
export function codebaseTexts(document: DocumentRow): { context: string; preamble: string } {
  if (document.kind !== "codebase") return { context: "", preamble: "" };
  const meta = readCodebaseMeta(JSON.parse(document.metaJson) as unknown);
  if (!meta) return { context: "", preamble: "" };
  const facts = renderFactsMarkdown(meta.facts);
  return { context: `${facts}\n\n${renderRepoMap(meta.tree, meta.facts)}`, preamble: `${facts}\n\n---\n\n` };
}
