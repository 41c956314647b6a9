import { AppError } from "../errors";

/**
 * Task presets: what the report is for, and the output format restated at the tail of every
 * prompt. A custom task uses the person's own instructions with the generic format.
 */

export interface TaskPreset {
  id: string;
  title: string;
  /** For documents or for codebases. */
  kind: "document" | "codebase";
  instructions: string;
  format: string;
}

const DOCUMENT_FORMAT =
  "Markdown with headings and short paragraphs or lists. Cite the labels of the parts you use in square brackets, e.g. [p. 12] or [p. 3–5].";
const CODE_FORMAT =
  "Markdown with headings. Cite files as `path:line` (the numbers at the start of each code line) wherever you can, e.g. `src/app.ts:40`.";

export const PRESETS: TaskPreset[] = [
  {
    id: "summary",
    title: "Summary",
    kind: "document",
    instructions: "Write a faithful, complete summary of the whole document: its purpose, its structure, and its main content section by section. Keep the author's claims and numbers exact.",
    format: DOCUMENT_FORMAT,
  },
  {
    id: "key-points",
    title: "Key points",
    kind: "document",
    instructions: "List the key points of the document: the findings, decisions, numbers, dates and open questions a careful reader must not miss, grouped by theme.",
    format: DOCUMENT_FORMAT,
  },
  {
    id: "brief",
    title: "Executive brief",
    kind: "document",
    instructions: "Write a one-page executive brief: what the document is, the three to five things that matter most, risks, and recommended next steps.",
    format: DOCUMENT_FORMAT,
  },
  {
    id: "architecture",
    title: "Architecture overview",
    kind: "codebase",
    instructions: "Describe the architecture of this codebase: its purpose, components and how they depend on each other, data flow, entry points, external dependencies, and how it is built, configured and tested.",
    format: CODE_FORMAT,
  },
  {
    id: "risks",
    title: "Risks and bugs",
    kind: "codebase",
    instructions: "Review this codebase for bugs and risks: incorrect logic, error handling gaps, race conditions, resource leaks, fragile assumptions. Rank findings by severity and give the evidence for each.",
    format: CODE_FORMAT,
  },
  {
    id: "security",
    title: "Security review",
    kind: "codebase",
    instructions: "Review this codebase for security weaknesses: injection, authentication and authorization flaws, secrets in code, unsafe deserialization, path traversal, SSRF, dependency risks. Rank findings by severity with evidence and a fix for each.",
    format: CODE_FORMAT,
  },
  {
    id: "quality",
    title: "Code quality",
    kind: "codebase",
    instructions: "Assess the code quality of this codebase: structure, naming, duplication, complexity, tests and their gaps, documentation. Point to concrete places and suggest the most valuable improvements.",
    format: CODE_FORMAT,
  },
];

/** The task used when none is given: a summary for documents, an architecture overview for code. */
export function defaultTask(kind: "document" | "codebase"): string {
  return kind === "codebase" ? "architecture" : "summary";
}

export function findPreset(id: string): TaskPreset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

export interface ResolvedTask {
  /** Preset id, or "custom". */
  id: string;
  title: string;
  instructions: string;
  format: string;
}

/**
 * The task of a job: a preset, optionally refined by the person's own instructions, or their
 * instructions alone ("custom").
 */
export function resolveTask(task: string, extraInstructions: string, kind: "document" | "codebase"): ResolvedTask {
  const preset = findPreset(task);
  const extra = extraInstructions.trim();
  if (!preset && task !== "custom") {
    const names = PRESETS.filter((candidate) => candidate.kind === kind).map((candidate) => candidate.id);
    throw new AppError("unknown_task", 400, `"${task}" is not a task. For ${kind === "codebase" ? "a codebase" : "a document"} use one of: ${names.join(", ")}, or custom with your own instructions.`);
  }
  if (preset && preset.kind !== kind) {
    const names = PRESETS.filter((candidate) => candidate.kind === kind).map((candidate) => candidate.id);
    throw new AppError("wrong_task", 422, `"${preset.title}" is a report for ${preset.kind === "codebase" ? "codebases" : "documents"}; this is ${kind === "codebase" ? "a codebase" : "a document"}. Use one of: ${names.join(", ")}, or custom.`);
  }
  if (task === "custom" && extra === "") throw new AppError("missing_instructions", 400, "A custom task needs instructions: say what the report should contain.");
  if (preset) {
    return {
      id: preset.id,
      title: preset.title,
      instructions: extra ? `${preset.instructions}\nAlso: ${extra}` : preset.instructions,
      format: preset.format,
    };
  }
  return {
    id: "custom",
    title: "Custom instructions",
    instructions: extra,
    format: kind === "codebase" ? CODE_FORMAT : DOCUMENT_FORMAT,
  };
}
