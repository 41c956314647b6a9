import { randomUUID } from "node:crypto";
import { getDocument, listUnits, type DocumentRow } from "../../db/queries/documents";
import { getJob, insertJob, updateJob, type JobRow } from "../../db/queries/jobs";
import { AppError, notFound } from "../errors";
import { rankFilesForReview } from "../extract/codebase";
import { makePlan } from "../prompt/plan";
import { defaultTask, resolveTask } from "../prompt/presets";
import { countTokens } from "../tokens";
import type { PromptPlan } from "../prompt/types";
import type { ServerContext } from "../server-context";
import { admitCap } from "./budget";
import { codebaseTexts } from "./codebase-context";
import { recordEvent } from "./events";
import { planLimits } from "./limits";

export interface PlanRequest {
  documentId: string;
  /** Preset id ("summary", "key-points", "brief", "architecture", …) or "custom"; default by kind. */
  task?: string;
  instructions: string;
  /** A codebase that does not fit: the files a reviewer picks first ("priority", default) or all by map-reduce ("full"). */
  packing?: "priority" | "full";
}

/** Instructions go at the head and the tail of every call: keep them from crowding out the document. */
const MAX_INSTRUCTION_TOKENS = 4_000;

/** The document's kind decides the presets and the citation style. */
function materialKind(document: DocumentRow): "document" | "codebase" {
  return document.kind === "codebase" ? "codebase" : "document";
}

/** The plan for a document and a task, made before any money is spent. */
export function planForDocument(context: ServerContext, request: PlanRequest): { plan: PromptPlan; document: DocumentRow } {
  const document = getDocument(context.db, { id: request.documentId });
  if (!document) throw notFound("The document");
  const units = listUnits(context.db, { documentId: document.id });
  if (units.length === 0) throw new AppError("no_text", 422, "This document has no text to send (every page or file was skipped). See the skipped list for why.");
  const kind = materialKind(document);
  if (countTokens(request.instructions) > MAX_INSTRUCTION_TOKENS) {
    throw new AppError("instructions_too_long", 422, `The instructions are ${countTokens(request.instructions).toLocaleString("en-US")} tokens; keep them under ${MAX_INSTRUCTION_TOKENS.toLocaleString("en-US")} (they are repeated at the head and the tail of every call).`);
  }
  const { context: codebaseContext, preamble } = codebaseTexts(document);
  const plan = makePlan({
    kind,
    documentName: document.name,
    units: units.map((unit) => ({ ordinal: unit.ordinal, label: unit.label, text: unit.text, tokens: unit.tokens })),
    task: resolveTask(request.task ?? defaultTask(kind), request.instructions, kind),
    context: codebaseContext,
    limits: planLimits(context.config),
    packing: kind === "codebase" ? (request.packing ?? "priority") : undefined,
    priority: kind === "codebase" ? rankFilesForReview({ units: units.map((unit) => ({ kind: "file", label: unit.label, text: unit.text, tokens: unit.tokens })) }).map((rank) => rank.label) : undefined,
  });
  if (preamble) plan.preamble = preamble;
  return { plan, document };
}

export interface CreateJobRequest extends PlanRequest {
  /** Budget cap in micro-li, or null. */
  maxMicroLi: number | null;
  name?: string;
}

function requireKey(context: ServerContext): void {
  if (!context.config.llm.apiKey) {
    throw new AppError(
      "missing_key",
      503,
      "No API key is set, so no job can start. Set LLM_API_KEY to your key (it starts with sk-) in the server's environment and restart it. Extraction, counting and plans work without a key.",
    );
  }
}

/** Plans and records a queued job; the caller hands it to a runner. */
export function createJob(context: ServerContext, request: CreateJobRequest): JobRow {
  requireKey(context);
  const { plan, document } = planForDocument(context, request);
  admitCap(plan, request.maxMicroLi);
  const job = insertJob(context.db, {
    id: randomUUID(),
    documentId: document.id,
    name: request.name?.trim() || document.name,
    kind: materialKind(document),
    task: plan.task.id,
    instructions: request.instructions,
    plan,
    maxMicroLi: request.maxMicroLi,
    callsPlanned: plan.calls.length,
    lease: context.ownJobs,
  });
  recordEvent(context.db, job.id, { type: "status", data: { status: "queued" } });
  return job;
}

const RESUMABLE = new Set(["interrupted", "failed", "cancelled"]);

/** Puts a stopped job back in the queue; finished steps are kept and not paid for again. */
export function prepareResume(context: ServerContext, { id, maxMicroLi }: { id: string; maxMicroLi?: number | null }): JobRow {
  requireKey(context);
  const job = getJob(context.db, { id });
  if (!job) throw notFound("The job");
  if (!RESUMABLE.has(job.status)) throw new AppError("not_resumable", 409, `This job is ${job.status}; only interrupted, failed or cancelled jobs can be resumed.`);
  updateJob(context.db, { id, patch: { status: "queued", errorCode: null, errorMessage: null, finishedAtMs: null, ...(maxMicroLi !== undefined ? { maxMicroLi } : {}) } });
  recordEvent(context.db, id, { type: "status", data: { status: "queued", message: "resumed" } });
  const updated = getJob(context.db, { id });
  if (!updated) throw notFound("The job");
  return updated;
}
