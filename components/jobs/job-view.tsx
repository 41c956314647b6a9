"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { TERMINAL_JOB_STATUSES } from "@/lib/jobs/wire";
import { parseLi } from "@/lib/money";
import { findPreset } from "@/lib/prompt/presets";
import { ApiError, fetchJson, messageOf } from "../api/fetch-json";
import type { DocumentView, JobDetail } from "../api/types";
import { formatDateTime, li } from "../format";
import { CostEstimate, PlanPreview } from "../home/plan-preview";
import { ReportMarkdown } from "../markdown/report-markdown";
import { Button, focusRing } from "../ui/button";
import { Card } from "../ui/card";
import { Notice } from "../ui/notice";
import { StatusBadge } from "../ui/status-badge";
import { CallTable } from "./call-table";
import { Coverage } from "./coverage";
import { errorTitle } from "./error-titles";
import { JobProgress } from "./job-progress";
import { ReportActions } from "./report-actions";
import { StepList } from "./step-list";
import { useJobStream } from "./use-job-stream";

const RESUMABLE = new Set(["interrupted", "failed", "cancelled"]);

/** The live job: the report streaming in, progress, steps, errors; the full report view once it ends. */
export function JobView({ id }: { id: string }) {
  const [detail, setDetail] = useState<JobDetail | null>(null);
  const [loadError, setLoadError] = useState<ApiError | Error | null>(null);
  const [document, setDocument] = useState<DocumentView | null | undefined>(undefined);
  const [actionError, setActionError] = useState<ApiError | Error | null>(null);
  const [acting, setActing] = useState<"cancel" | "resume" | null>(null);
  const [newCap, setNewCap] = useState("");

  const loadDetail = useCallback(
    () =>
      fetchJson<{ job: JobDetail }>(`/api/jobs/${encodeURIComponent(id)}`).then(
        ({ job }) => {
          setDetail(job);
          setLoadError(null);
        },
        (error: unknown) => setLoadError(error instanceof Error ? error : new Error(messageOf(error))),
      ),
    [id],
  );

  const planned = useMemo(() => (detail ? detail.plan.calls.map((call) => ({ key: call.key, purpose: call.purpose, title: call.title })) : null), [detail]);
  const { state, connection, reopen } = useJobStream(id, planned, detail?.callsPlanned ?? 0);

  // Loaded at first, and again whenever the job ends (its calls, totals and stored output).
  const ended = state?.end ?? null;
  useEffect(() => {
    void loadDetail();
  }, [ended, loadDetail]);

  const documentId = detail?.documentId ?? null;
  const status = state?.status ?? detail?.status ?? "queued";
  const terminal = TERMINAL_JOB_STATUSES.has(status);
  useEffect(() => {
    if (!documentId || !terminal || document !== undefined) return;
    fetchJson<{ document: DocumentView }>(`/api/documents/${encodeURIComponent(documentId)}`).then(
      ({ document: loaded }) => setDocument(loaded),
      () => setDocument(null),
    );
  }, [documentId, terminal, document]);

  if (loadError && !detail) {
    return (
      <Notice tone="error" title={loadError instanceof ApiError && loadError.status === 404 ? "No such job" : "The job could not be loaded"} testId="job-load-error">
        {loadError.message} <Link href="/history" className="underline">Back to history</Link>
      </Notice>
    );
  }
  if (!detail) return <p className="text-sm text-zinc-500">Loading the job…</p>;

  const finalKey = detail.plan.strategy === "map-reduce" ? "reduce:final" : (detail.plan.calls[0]?.key ?? null);
  // Once the job has ended and the detail caught up, the stored output is the report (it equals
  // the final deltas joined); while it runs, the deltas are.
  const settled = terminal && detail.status === status && connection === "closed";
  const report = settled || !state ? detail.output : state.report;
  const errorCode = state?.end?.errorCode ?? detail.errorCode;
  const errorMessage = state?.end?.errorMessage ?? detail.errorMessage;
  const steps = state ? state.stepOrder.map((key) => state.steps[key]).filter((step) => step !== undefined) : [];
  const taskTitle = findPreset(detail.task)?.title ?? (detail.task === "custom" ? "Custom instructions" : detail.task);
  const capText = newCap.trim();
  let capError: string | null = null;
  if (capText !== "") {
    try {
      parseLi(capText);
    } catch {
      capError = "Type an amount in li, such as 50 or 12.5.";
    }
  }

  async function act(kind: "cancel" | "resume") {
    setActing(kind);
    setActionError(null);
    try {
      if (kind === "cancel") {
        await fetchJson(`/api/jobs/${encodeURIComponent(id)}/cancel`, { method: "POST" });
      } else {
        await fetchJson(`/api/jobs/${encodeURIComponent(id)}/resume`, { method: "POST", body: JSON.stringify(capText ? { maxLi: capText } : {}) });
        setNewCap("");
        reopen();
        await loadDetail();
      }
    } catch (error) {
      setActionError(error instanceof Error ? error : new Error(messageOf(error)));
    } finally {
      setActing(null);
    }
  }

  return (
    <div className="space-y-6" data-testid="job-view" data-status={status}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold break-words" data-testid="job-name">
            {detail.name}
          </h1>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
            <StatusBadge status={status} testId="job-status" />
            <span>{taskTitle}</span>
            <span>{detail.kind}</span>
            <span>{formatDateTime(detail.createdAtMs)}</span>
            {detail.maxMicroLi ? <span>cap {li(detail.maxMicroLi)}</span> : null}
            {connection === "reconnecting" ? <span className="text-amber-700 dark:text-amber-300">reconnecting…</span> : null}
          </p>
          {detail.instructions ? <p className="mt-1 text-sm break-words text-zinc-600 dark:text-zinc-400">Instructions: {detail.instructions}</p> : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {status === "running" || status === "queued" ? (
            <Button variant="danger" onClick={() => void act("cancel")} disabled={acting !== null} data-testid="cancel-job">
              {acting === "cancel" ? "Cancelling…" : "Cancel"}
            </Button>
          ) : null}
          {RESUMABLE.has(status) ? (
            <form
              className="flex flex-wrap items-center gap-2"
              onSubmit={(event) => {
                event.preventDefault();
                if (!capError) void act("resume");
              }}
            >
              {errorCode === "budget" ? (
                <label className="flex items-center gap-2 text-sm">
                  New cap (li)
                  <input value={newCap} onChange={(event) => setNewCap(event.target.value)} inputMode="decimal" placeholder={detail.maxMicroLi ? li(detail.maxMicroLi) : "no cap"} aria-invalid={capError ? true : undefined} data-testid="resume-cap" className={`w-28 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950 ${focusRing}`} />
                </label>
              ) : null}
              <Button type="submit" variant="primary" disabled={acting !== null || capError !== null} data-testid="resume-job">
                {acting === "resume" ? "Resuming…" : "Resume"}
              </Button>
            </form>
          ) : null}
        </div>
      </div>

      {actionError ? (
        <Notice tone="error" title={errorTitle(actionError instanceof ApiError ? actionError.code : null)} testId="action-error">
          {actionError.message}
        </Notice>
      ) : null}
      {capError ? <p className="text-sm text-red-700 dark:text-red-300">{capError}</p> : null}

      {terminal && status !== "succeeded" ? (
        <Notice tone={status === "cancelled" ? "warning" : "error"} title={errorTitle(errorCode ?? status)} testId="job-error">
          <span data-testid="job-error-code" data-code={errorCode ?? ""}>
            {errorMessage ?? "The job stopped. Its text so far is kept below."}
          </span>
        </Notice>
      ) : null}

      <Card title="Progress" testId="progress-card">
        {state ? <JobProgress state={state} finalKey={finalKey} /> : <p className="text-sm text-zinc-500">Connecting to the job…</p>}
        {steps.length > 1 || steps.some((step) => step.rounds > 1) ? (
          <details className="mt-4" open={steps.length <= 12}>
            <summary className="cursor-pointer text-sm font-medium">Steps</summary>
            <div className="mt-2">
              <StepList steps={steps} />
            </div>
          </details>
        ) : null}
      </Card>

      <Card title="Report" testId="report-card" actions={terminal ? <ReportActions job={detail} report={report} /> : null}>
        {report === "" ? (
          <p className="text-sm text-zinc-500" data-testid="report-empty">
            {terminal ? "No report text was written." : detail.plan.strategy === "map-reduce" ? "The report is written after the map calls have read the whole document; their progress is above." : "The answer appears here as it is written…"}
          </p>
        ) : (
          <div data-testid="report" aria-live="off" aria-busy={!terminal}>
            <ReportMarkdown text={report} />
            {!terminal ? <span aria-hidden className="streaming-caret ml-0.5 inline-block h-4 w-2 bg-zinc-500 align-middle" /> : null}
          </div>
        )}
      </Card>

      {terminal ? (
        <>
          <Card title="Coverage" testId="coverage-card">
            <Coverage plan={detail.plan} document={document} finished={status === "succeeded"} documentKind={detail.kind} />
          </Card>
          <Card title="Calls" testId="calls-card">
            <CallTable calls={detail.calls} totalMicroLi={detail.costMicroLi} />
            <p className="mt-2 text-sm">
              Total: <strong data-testid="job-total-cost">{detail.costLi} li</strong> for {detail.promptTokens.toLocaleString("en-US")} tokens in and {detail.completionTokens.toLocaleString("en-US")} out.
            </p>
          </Card>
          <Card title="Plan" testId="plan-detail-card">
            <details>
              <summary className="cursor-pointer text-sm font-medium">The plan made before the job started ({detail.plan.strategy}, {detail.plan.calls.length} planned calls)</summary>
              <div className="mt-3 space-y-4">
                <CostEstimate plan={detail.plan} />
                <PlanPreview plan={detail.plan} />
              </div>
            </details>
          </Card>
        </>
      ) : null}
    </div>
  );
}
