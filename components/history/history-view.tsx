"use client";

import Link from "next/link";
import { useCallback, useEffect, useId, useState } from "react";
import { formatYuan } from "@/lib/money";
import { findPreset } from "@/lib/prompt/presets";
import { fetchJson, messageOf } from "../api/fetch-json";
import type { HistoryPage, JobSummary } from "../api/types";
import { formatDateTime, formatTokens } from "../format";
import { Button, focusRing } from "../ui/button";
import { Card } from "../ui/card";
import { Notice } from "../ui/notice";
import { StatusBadge } from "../ui/status-badge";
import { useDebounced } from "../use-debounced";
import { SpendChart } from "./spend-chart";

const PAGE_SIZE = 25;

const KINDS = [
  { value: "", label: "All kinds" },
  { value: "document", label: "Documents" },
  { value: "codebase", label: "Codebases" },
  { value: "question", label: "Questions" },
];

function historyUrl(search: string, kind: string, before: string | null): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search.trim()) query.set("search", search.trim());
  if (kind) query.set("kind", kind);
  if (before !== null) query.set("before", before);
  return `/api/jobs?${query}`;
}

/** Every job, newest first: searchable, pageable, deletable; total spend and spend per day. */
export function HistoryView() {
  const [search, setSearch] = useState("");
  const [kind, setKind] = useState("");
  const settledSearch = useDebounced(search, 300);
  /** What the list is for: the search (settled) and the kind. */
  const listKey = `${kind}\n${settledSearch}`;
  const [page, setPage] = useState<HistoryPage | null>(null);
  const [jobs, setJobs] = useState<JobSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** The search the list shows; while it differs from the settled search, a fetch is on its way. */
  const [shownKey, setShownKey] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const ids = useId();

  useEffect(() => {
    const controller = new AbortController();
    const key = `${kind}\n${settledSearch}`;
    fetchJson<HistoryPage>(historyUrl(settledSearch, kind, null), { signal: controller.signal })
      .then((next) => {
        setPage(next);
        setJobs(next.jobs);
        setError(null);
        setShownKey(key);
      })
      .catch((reason: unknown) => {
        if (controller.signal.aborted) return;
        setError(messageOf(reason));
        setShownKey(key);
      });
    return () => controller.abort();
  }, [settledSearch, kind]);

  const loadMore = useCallback(async () => {
    if (!page?.nextBefore) return;
    setLoadingMore(true);
    try {
      const next = await fetchJson<HistoryPage>(historyUrl(settledSearch, kind, page.nextBefore));
      setPage(next);
      setJobs((previous) => [...previous, ...next.jobs.filter((job) => !previous.some((seen) => seen.id === job.id))]);
    } catch (reason) {
      setError(messageOf(reason));
    } finally {
      setLoadingMore(false);
    }
  }, [page, settledSearch, kind]);

  const loading = loadingMore || shownKey !== listKey;

  async function remove(job: JobSummary) {
    try {
      await fetchJson(`/api/jobs/${encodeURIComponent(job.id)}`, { method: "DELETE" });
      setJobs((previous) => previous.filter((item) => item.id !== job.id));
      setConfirming(null);
      // Totals and the chart change with the deletion.
      const fresh = await fetchJson<HistoryPage>(historyUrl(settledSearch, kind, null));
      setPage((previous) => (previous ? { ...previous, totalSpendMicroLi: fresh.totalSpendMicroLi, totalSpendLi: fresh.totalSpendLi, spendByDay: fresh.spendByDay } : fresh));
    } catch (reason) {
      setError(messageOf(reason));
    }
  }

  return (
    <div className="space-y-6" data-testid="history-view">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">History</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Every job with its report, tokens and cost.</p>
        </div>
        {page ? (
          <p className="text-sm">
            Total spend:{" "}
            <strong className="tabular-nums" data-testid="total-spend">
              {page.totalSpendLi} li
            </strong>{" "}
            <span className="text-zinc-500">({formatYuan(page.totalSpendMicroLi)})</span>
          </p>
        ) : null}
      </div>

      {page && page.spendByDay.length > 0 ? (
        <Card title="Spend per day">
          <SpendChart days={page.spendByDay} />
        </Card>
      ) : null}

      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 sm:max-w-md">
          <label htmlFor={`${ids}-search`} className="mb-1 block text-sm font-medium">
            Search names and report text
          </label>
          <input id={`${ids}-search`} type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="e.g. revenue, security, tracemonkey" data-testid="history-search" className={`w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950 ${focusRing}`} />
        </div>
        <div>
          <label htmlFor={`${ids}-kind`} className="mb-1 block text-sm font-medium">
            Kind
          </label>
          <select id={`${ids}-kind`} value={kind} onChange={(event) => setKind(event.target.value)} data-testid="history-kind" className={`rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950 ${focusRing}`}>
            {KINDS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      </div>

      {error ? (
        <Notice tone="error" title="History could not be loaded" testId="history-error">
          {error}
        </Notice>
      ) : null}

      <div aria-live="polite" aria-busy={loading}>
        {jobs.length === 0 && !loading ? (
          <p className="text-sm text-zinc-500" data-testid="history-empty">
            {settledSearch || kind ? `No job matches${settledSearch ? ` “${settledSearch}”` : ""}${kind ? ` among ${KINDS.find((option) => option.value === kind)?.label.toLowerCase()}` : ""}.` : "No jobs yet. "}
            {settledSearch || kind ? null : (
              <Link href="/" className="underline">
                Start one
              </Link>
            )}
          </p>
        ) : (
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900" data-testid="history-list">
            {jobs.map((job) => (
              <li key={job.id} data-testid="history-row" data-job-id={job.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:gap-4">
                <div className="min-w-0 flex-1">
                  <Link href={`/jobs/${encodeURIComponent(job.id)}`} className={`block rounded font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300 ${focusRing}`} data-testid="history-name">
                    {job.name}
                  </Link>
                  <p className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
                    <StatusBadge status={job.status} />
                    <span>{job.kind}</span>
                    <span>{findPreset(job.task)?.title ?? (job.task === "custom" ? "Custom instructions" : job.task)}</span>
                    <time dateTime={new Date(job.createdAtMs).toISOString()}>{formatDateTime(job.createdAtMs)}</time>
                    <span className="tabular-nums">
                      {formatTokens(job.promptTokens)} in · {formatTokens(job.completionTokens)} out
                    </span>
                  </p>
                </div>
                <div className="flex items-center gap-3 sm:justify-end">
                  <span className="font-medium tabular-nums" data-testid="history-cost">
                    {job.costLi} li
                  </span>
                  {confirming === job.id ? (
                    <span className="flex items-center gap-2" role="group" aria-label={`Confirm deleting ${job.name}`}>
                      <span className="text-xs">Delete?</span>
                      <Button variant="danger" onClick={() => void remove(job)} data-testid="confirm-delete">
                        Delete
                      </Button>
                      <Button variant="ghost" onClick={() => setConfirming(null)}>
                        Keep
                      </Button>
                    </span>
                  ) : (
                    <Button variant="ghost" onClick={() => setConfirming(job.id)} aria-label={`Delete ${job.name}`} data-testid="delete-job">
                      Delete
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
        {page?.nextBefore ? (
          <div className="mt-4 flex justify-center">
            <Button onClick={() => void loadMore()} disabled={loading} data-testid="load-more">
              {loading ? "Loading…" : "Load older jobs"}
            </Button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
