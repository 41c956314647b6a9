/**
 * The JSON the pages read from the HTTP API (see app/api/**). A job's data (status, summary,
 * detail, calls, events) is declared once as zod schemas in lib/jobs/wire, shared with the server;
 * the plan's own type comes from lib/prompt/types.
 */
import type { JobSummary } from "@/lib/jobs/wire";

export type { CallView, JobDetail, JobEvent, JobStatus, JobSummary, ThreadEntry } from "@/lib/jobs/wire";
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
