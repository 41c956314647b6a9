"use client";

import { formatDateTime, li } from "@/components/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { ACTIVE_JOB_STATUSES, type ThreadEntry } from "@/lib/jobs/wire";
import { AnswerMarkdown } from "./answer-markdown";
import { useAnswerStream } from "./use-answer-stream";

/** One question and its answer; a question still running streams its answer as it comes. */
export function QuestionItem({ entry, labels, onEnd }: { entry: ThreadEntry; labels: readonly string[]; onEnd: () => void }) {
  const live = useAnswerStream(ACTIVE_JOB_STATUSES.includes(entry.status) ? entry.id : null, onEnd);
  const status = live?.status ?? entry.status;
  const answer = live && live.text.length > 0 ? live.text : entry.answer;
  const cost = live ? Math.max(live.costMicroLi, entry.costMicroLi) : entry.costMicroLi;
  const error = live?.errorMessage ?? entry.errorMessage;
  return (
    <article className="space-y-2 border-b border-zinc-200 pb-4 last:border-b-0 dark:border-zinc-800" data-testid="thread-entry" data-status={status}>
      <header className="flex flex-wrap items-baseline gap-2">
        <h3 className="font-semibold" data-testid="thread-question">
          {entry.question}
        </h3>
        <StatusBadge status={status} />
      </header>
      <p className="text-xs text-zinc-500">
        {formatDateTime(entry.createdAtMs)} · {entry.strategy === "retrieval" ? `${entry.unitsSent} of ${entry.unitsTotal} parts retrieved` : "whole document"} · {li(cost)} ·{" "}
        <a href={`/jobs/${entry.id}`} className="underline">
          job
        </a>
      </p>
      {answer ? <AnswerMarkdown text={answer} labels={labels} /> : ACTIVE_JOB_STATUSES.includes(status) ? <p className="text-sm text-zinc-500">Waiting for the answer…</p> : null}
      {error && !ACTIVE_JOB_STATUSES.includes(status) && status !== "succeeded" ? <p className="text-sm text-red-700 dark:text-red-300">{error}</p> : null}
    </article>
  );
}
