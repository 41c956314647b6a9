import { randomUUID } from "node:crypto";
import { getDocument, listUnits, type DocumentRow } from "../../db/queries/documents";
import { insertJob, listJobs, type JobRow } from "../../db/queries/jobs";
import { AppError, notFound } from "../errors";
import { parseStoredPlan } from "../prompt/plan-schema";
import { makeQuestionPlan } from "../prompt/retrieval-plan";
import type { PromptPlan } from "../prompt/types";
import { buildRetrievalIndex, indexBuildProgress, type IndexProgress } from "../retrieval/build-index";
import { documentSearch, IndexNotReadyError } from "../retrieval/search";
import type { ServerContext } from "../server-context";
import { admitCap } from "./budget";
import { codebaseTexts } from "./codebase-context";
import { recordEvent } from "./events";
import { planLimits } from "./limits";
import { jobSummary } from "./view";

/**
 * Questions asked of a saved document: each one is a job of kind "question" (so it has calls,
 * costs, events, cancel and resume like any job, and shows in history), planned by
 * makeQuestionPlan — the whole document when it fits, else the parts a BM25 search picks.
 */

export interface QuestionRequest {
  documentId: string;
  question: string;
}

/** The plan for a question, made before any money is spent (the estimate shown before asking). */
export function planQuestion(context: ServerContext, request: QuestionRequest): { plan: PromptPlan; document: DocumentRow } {
  const question = request.question.trim();
  if (question === "") throw new AppError("invalid_request", 400, "Type a question first.");
  const document = getDocument(context.db, { id: request.documentId });
  if (!document) throw notFound("The document");
  const units = listUnits(context.db, { documentId: document.id });
  if (units.length === 0) throw new AppError("no_text", 422, "This document has no text to ask about (every page or file was skipped). See the skipped list for why.");
  const plan = makeQuestionPlan({
    kind: document.kind === "codebase" ? "codebase" : "document",
    documentName: document.name,
    units: units.map((unit) => ({ ordinal: unit.ordinal, label: unit.label, text: unit.text, tokens: unit.tokens })),
    question,
    // The facts and the repository map go with a question about a codebase, as with its report.
    context: codebaseTexts(document).context,
    limits: planLimits(context.config),
    search: documentSearch(context.db, { documentId: document.id }),
  });
  return { plan, document };
}

/**
 * Builds the document's search index when this question needs it (a document too large for one
 * call, whose index is not built yet), in slices that keep the server answering; resolves at once
 * otherwise. Await it before createQuestionJob; planQuestion's own errors are left to it.
 */
export async function prepareQuestion(context: ServerContext, request: QuestionRequest): Promise<void> {
  try {
    planQuestion(context, request);
  } catch (error) {
    if (!(error instanceof IndexNotReadyError)) return;
    await buildRetrievalIndex(context.db, { documentId: request.documentId, units: listUnits(context.db, { documentId: request.documentId }) });
  }
}

/**
 * The estimate shown before asking, without waiting for the index: the plan when it can be made
 * now, else the index build's progress (the build is started, and goes on in the background).
 */
export function estimateQuestion(context: ServerContext, request: QuestionRequest): { plan: PromptPlan } | { indexing: IndexProgress } {
  try {
    return { plan: planQuestion(context, request).plan };
  } catch (error) {
    if (!(error instanceof IndexNotReadyError)) throw error;
    const build = buildRetrievalIndex(context.db, { documentId: request.documentId, units: listUnits(context.db, { documentId: request.documentId }) });
    build.catch((cause: unknown) => console.error(`[longdoc] building the search index of document ${request.documentId} failed: ${String(cause)}`));
    return { indexing: indexBuildProgress(request.documentId) ?? { stage: "terms", passagesDone: 0, passagesTotal: 0 } };
  }
}

export interface CreateQuestionRequest extends QuestionRequest {
  /** Budget cap in micro-li, or null. */
  maxMicroLi: number | null;
}

/** Plans and records a queued question job; the caller hands it to a runner (or runs it). */
export function createQuestionJob(context: ServerContext, request: CreateQuestionRequest): JobRow {
  if (!context.config.llm.apiKey) {
    throw new AppError(
      "missing_key",
      503,
      "No API key is set, so no question can be answered. Set LLM_API_KEY to your key (it starts with sk-) in the server's environment and restart it. The estimate works without a key.",
    );
  }
  const { plan, document } = planQuestion(context, request);
  admitCap(plan, request.maxMicroLi, "question");
  const job = insertJob(context.db, {
    id: randomUUID(),
    documentId: document.id,
    name: document.name,
    kind: "question",
    task: "question",
    instructions: "",
    question: request.question.trim(),
    plan,
    maxMicroLi: request.maxMicroLi,
    callsPlanned: plan.calls.length,
    lease: context.ownJobs,
  });
  recordEvent(context.db, job.id, { type: "status", data: { status: "queued" } });
  return job;
}

/** One question of a document's thread with its answer so far, status and cost. */
export function threadEntry(job: JobRow) {
  // One damaged plan must not hide the rest of the thread: its entry shows no coverage.
  let plan: PromptPlan | null = null;
  try {
    plan = parseStoredPlan(job.planJson);
  } catch {
    plan = null;
  }
  return {
    ...jobSummary(job),
    answer: job.output,
    strategy: plan?.strategy ?? "single",
    unitsSent: plan?.coverage.unitsIncluded ?? 0,
    unitsTotal: plan?.coverage.unitsTotal ?? 0,
    events: `/api/jobs/${job.id}/events`,
  };
}

export type ThreadEntry = ReturnType<typeof threadEntry>;

/** The questions asked of a document, oldest first (a conversation reads down the page). */
export function questionThread(context: ServerContext, { documentId, limit = 200 }: { documentId: string; limit?: number }): ThreadEntry[] {
  if (!getDocument(context.db, { id: documentId })) throw notFound("The document");
  return listJobs(context.db, { kind: "question", documentId, limit }).reverse().map(threadEntry);
}
