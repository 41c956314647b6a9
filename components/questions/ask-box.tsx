"use client";

import { useEffect, useState } from "react";
import { ApiError, fetchJson, messageOf } from "@/components/api/fetch-json";
import { formatTokens, liRange, plural } from "@/components/format";
import { Button, focusRing } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useDebounced } from "@/components/use-debounced";
import type { JobSummary } from "@/lib/jobs/wire";
import type { PromptPlan } from "@/lib/prompt/types";

/** POST /api/documents/:id/questions answers `202 { job, events }`. */
interface Asked {
  job: JobSummary;
  events: string;
}

/** The document's search index being built for its first question (GET …/estimate answers 202). */
interface Indexing {
  stage: "terms" | "write" | "merge";
  passagesDone: number;
  passagesTotal: number;
}

/** The estimate for one question text: its plan, the index build it waits for, or why there is none. */
type Estimate = { question: string; plan: PromptPlan } | { question: string; indexing: Indexing } | { question: string; error: string };

/** How often the estimate is asked again while the index is built. */
const INDEXING_POLL_MS = 1_000;

function IndexingLine({ indexing }: { indexing: Indexing }) {
  const percent = indexing.passagesTotal > 0 ? Math.floor((indexing.passagesDone / indexing.passagesTotal) * 100) : 0;
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="question-indexing" role="status">
      {indexing.stage === "merge"
        ? "Finishing the search index…"
        : indexing.passagesTotal > 0
          ? `Building the search index for this document's first question: ${formatTokens(indexing.passagesDone)} of ${formatTokens(indexing.passagesTotal)} passages (${percent}%).`
          : "Building the search index for this document's first question…"}{" "}
      You can ask now; the answer starts when it is ready.
    </p>
  );
}

/** What the plan sends, in words: the whole document, or the parts retrieval chose. */
function EstimateLine({ plan }: { plan: PromptPlan }) {
  const call = plan.calls[0];
  const labels = call?.segments.map((segment) => segment.label) ?? [];
  const shown = labels.slice(0, 8).join(", ");
  return (
    <div className="space-y-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="question-estimate">
      <p>
        {plan.strategy === "retrieval" ? (
          <>
            Too long to send whole ({formatTokens(plan.documentTokens)} tokens): the <strong>{plural(plan.coverage.unitsIncluded, "part")}</strong> most relevant to the question of{" "}
            {formatTokens(plan.coverage.unitsTotal)} will be sent
          </>
        ) : (
          <>The whole document will be sent ({plural(plan.coverage.unitsIncluded, "part")})</>
        )}
        {call ? <>, a prompt of {formatTokens(call.promptTokens)} tokens.</> : "."}
      </p>
      {plan.strategy === "retrieval" ? (
        <p className="truncate" title={labels.join(", ")}>
          Sent: {shown}
          {labels.length > 8 ? `, … (${labels.length - 8} more)` : ""}
        </p>
      ) : null}
      <p>
        Cost: <strong data-testid="question-cost">{liRange(plan.cost.totalMicroLiMin, plan.cost.totalMicroLiMax)}</strong> (input exact; the output depends on the answer&apos;s length).
      </p>
    </div>
  );
}

/** The question box: the plan and its cost are shown before anything is spent. */
export function AskBox({ documentId, onAsked }: { documentId: string; onAsked: (asked: Asked, question: string) => void }) {
  const [question, setQuestion] = useState("");
  const [maxLi, setMaxLi] = useState("");
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const settled = useDebounced(question.trim(), 700);

  useEffect(() => {
    if (settled.length < 3) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      fetchJson<{ plan: PromptPlan } | { indexing: Indexing }>(`/api/documents/${encodeURIComponent(documentId)}/questions/estimate?question=${encodeURIComponent(settled)}`, { signal: controller.signal })
        .then((answer) => {
          if ("plan" in answer) return setEstimate({ question: settled, plan: answer.plan });
          setEstimate({ question: settled, indexing: answer.indexing });
          timer = setTimeout(load, INDEXING_POLL_MS);
        })
        .catch((reason: unknown) => {
          if (!controller.signal.aborted) setEstimate({ question: settled, error: messageOf(reason) });
        });
    };
    load();
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [documentId, settled]);
  const current = settled.length >= 3 && estimate?.question === settled ? estimate : null;
  const estimating = settled.length >= 3 && current === null;

  const ask = async () => {
    const text = question.trim();
    if (text === "" || busy) return;
    setBusy(true);
    setError(null);
    try {
      const asked = await fetchJson<Asked>(`/api/documents/${encodeURIComponent(documentId)}/questions`, { method: "POST", body: JSON.stringify({ question: text, maxLi: maxLi.trim() || undefined }) });
      onAsked(asked, text);
      setQuestion("");
    } catch (reason) {
      setError(reason instanceof ApiError ? reason.message : messageOf(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="space-y-3"
      data-testid="ask-form"
      onSubmit={(event) => {
        event.preventDefault();
        void ask();
      }}
    >
      <label htmlFor="question" className="block text-sm font-medium">
        Ask a question about this document
      </label>
      <textarea
        id="question"
        data-testid="question-input"
        value={question}
        maxLength={2_000}
        rows={3}
        onChange={(event) => setQuestion(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            void ask();
          }
        }}
        placeholder="What is the retry budget?"
        className={`w-full rounded-md border border-zinc-300 bg-white p-2 text-sm dark:border-zinc-700 dark:bg-zinc-950 ${focusRing}`}
      />
      {estimating ? <p className="text-sm text-zinc-500">Estimating what would be sent and its cost…</p> : null}
      {current && "plan" in current ? <EstimateLine plan={current.plan} /> : null}
      {current && "indexing" in current ? <IndexingLine indexing={current.indexing} /> : null}
      {current && "error" in current ? <Notice tone="warning">{current.error}</Notice> : null}
      {error ? (
        <Notice tone="error" testId="ask-error">
          {error}
        </Notice>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="block text-zinc-600 dark:text-zinc-400">Cap (li, optional)</span>
          <input
            value={maxLi}
            onChange={(event) => setMaxLi(event.target.value)}
            inputMode="decimal"
            className={`mt-1 w-28 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950 ${focusRing}`}
          />
        </label>
        <Button type="submit" variant="primary" disabled={busy || question.trim() === ""} data-testid="ask-button">
          {busy ? "Asking…" : "Ask"}
        </Button>
        <span className="text-xs text-zinc-500">Ctrl+Enter to ask</span>
      </div>
    </form>
  );
}
