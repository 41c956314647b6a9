/**
 * The JSON the pages read from the HTTP API (see app/api/**). These mirror the wire shapes; the
 * plan's own type comes from lib/prompt/types (a type-only import: nothing from lib runs here).
 */
import type { PromptPlan } from "@/lib/prompt/types";

export type { PromptPlan, PlannedCall, TokenLayout } from "@/lib/prompt/types";

export type DocumentKind = "pdf" | "text" | "codebase";

export interface UnitSummary {
  ordinal: number;
  kind: string;
  label: string;
  tokens: number;
}

export interface DocumentView {
  id: string;
  name: string;
  kind: DocumentKind;
  sizeBytes: number;
  totalTokens: number;
  unitCount: number;
  skipped: { label: string; reason: string }[];
  meta: Record<string, unknown>;
  units: UnitSummary[];
}

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled" | "interrupted";

export interface JobSummary {
  id: string;
  documentId: string | null;
  name: string;
  kind: string;
  task: string;
  instructions: string;
  question?: string | null;
  status: JobStatus;
  errorCode: string | null;
  errorMessage: string | null;
  callsDone: number;
  callsPlanned: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens?: number;
  costMicroLi: number;
  /** Exact decimal string in li. */
  costLi: string;
  maxMicroLi?: number | null;
  createdAtMs: number;
  startedAtMs?: number | null;
  finishedAtMs: number | null;
}

export interface CallView {
  id?: number;
  purpose: string;
  stepKey: string;
  round: number;
  attempts: number;
  httpStatus: number | null;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  usageSource: string;
  finishReason: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  timeToFirstTokenMs: number | null;
  durationMs: number | null;
  costMicroLi: number;
  costLi: string;
}

export interface JobDetail extends JobSummary {
  output: string;
  plan: PromptPlan;
  calls: CallView[];
}

export interface HistoryPage {
  jobs: JobSummary[];
  /** Cursor of the next (older) page, "<createdAtMs>:<id>", or null on the last page. */
  nextBefore: string | null;
  totalSpendMicroLi: number;
  totalSpendLi: string;
  spendByDay: { day: string; costMicroLi: number; jobs: number }[];
}

export interface Health {
  ok: boolean;
  version: string;
  database: string;
  model: string;
  profile: string;
  endpointHost: string;
  apiKeySet: boolean;
  contextWindowTokens: number;
  maxOutputTokens: number;
  prices: { inputMicroLiPerToken: number; outputMicroLiPerToken: number };
}

export interface ConnectionTest {
  ok: boolean;
  latencyMs: number;
  error?: { code: string; message: string };
}
