import { neutralizeSpecialTokens } from "../tokens";
import type { ResolvedTask } from "./presets";
import type { MaterialKind } from "./render";

/** The exact reply asked for when the material does not hold the answer (the UI and tests look for it). */
export const NOT_FOUND_REPLY = "Not found in the document.";

/** Longest question accepted, in characters: a question, not a second document. */
export const QUESTION_MAX_CHARS = 2_000;

/**
 * A question as the task of a plan. The executor renders every single-call plan with
 * `singleMessages`, which puts the task at the head (system message and start of the user message)
 * and restates it after the material, so the question is asked before the material and again after
 * it. The question is the person's text: special-token strings in it are neutralized like the
 * material's.
 */
export function questionTask(question: string, kind: MaterialKind, retrieval: boolean): ResolvedTask {
  const asked = neutralizeSpecialTokens(question.trim().replace(/\s+/g, " "));
  const cite = kind === "codebase" ? "(src/auth.ts:40)" : "([p. 12])";
  const scope = retrieval
    ? " The material is the parts of the document most relevant to the question, chosen by a search, not the whole document."
    : "";
  return {
    id: "question",
    title: "Question",
    instructions: `Answer the question: "${asked}". Use only the material; cite the labels ${cite} of the parts that support each statement. If the material does not contain the answer, reply exactly: "${NOT_FOUND_REPLY}"${scope}`,
    format:
      kind === "codebase"
        ? "Markdown: the direct answer first, then the supporting detail. Cite files as `path:line` (the numbers at the start of each code line), e.g. `src/auth.ts:40`, right after the statement they support."
        : "Markdown: the direct answer first, then the supporting detail. Cite the label of every part you use in square brackets right after the statement it supports, e.g. [p. 12] or [p. 3–5].",
  };
}
