"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { parseLi } from "@/lib/money";
import { PRESETS } from "@/lib/prompt/presets";
import { ApiError, fetchJson, messageOf } from "../api/fetch-json";
import type { DocumentView, JobSummary, PromptPlan } from "../api/types";
import { li } from "../format";
import { Button, focusRing } from "../ui/button";
import { Notice } from "../ui/notice";
import { useDebounced } from "../use-debounced";
import { CostEstimate, PlanPreview } from "./plan-preview";

const inputClass = `w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950 ${focusRing}`;

export function presetsFor(kind: string) {
  const material = kind === "codebase" ? "codebase" : "document";
  return PRESETS.filter((preset) => preset.kind === material);
}

/** Parses the budget box: "" → no cap, "12.5" → micro-li, anything else → an error message. */
function parseBudget(text: string): { microLi: number | null; error: string | null } {
  if (text.trim() === "") return { microLi: null, error: null };
  try {
    const microLi = parseLi(text);
    return microLi > 0 ? { microLi, error: null } : { microLi: null, error: "The cap must be more than 0 li." };
  } catch {
    return { microLi: null, error: "Type an amount in li, such as 50 or 12.5." };
  }
}

/** Task, instructions, budget cap; shows the plan and its cost before anything is spent; starts the job. */
export function PlanForm({ document, initialTask, initialInstructions }: { document: DocumentView; initialTask?: string; initialInstructions?: string }) {
  const router = useRouter();
  const presets = presetsFor(document.kind);
  const validInitial = initialTask === "custom" || presets.some((preset) => preset.id === initialTask);
  const [task, setTask] = useState(validInitial && initialTask ? initialTask : (presets[0]?.id ?? "custom"));
  const [instructions, setInstructions] = useState(initialInstructions ?? "");
  const [budget, setBudget] = useState("");
  const [name, setName] = useState("");
  const [plan, setPlan] = useState<PromptPlan | null>(null);
  const [planError, setPlanError] = useState<ApiError | Error | null>(null);
  /** The task and instructions the shown plan (or error) is for. */
  const [planFor, setPlanFor] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ApiError | Error | null>(null);
  const settledInstructions = useDebounced(instructions, 400);
  const ids = useId();
  const cap = parseBudget(budget);

  // A custom task is only its instructions: there is nothing to plan until there are some.
  const needsInstructions = task === "custom" && instructions.trim() === "";

  useEffect(() => {
    if (task === "custom" && settledInstructions.trim() === "") return;
    const controller = new AbortController();
    const query = new URLSearchParams({ task, instructions: settledInstructions });
    const key = query.toString();
    fetchJson<{ plan: PromptPlan }>(`/api/documents/${encodeURIComponent(document.id)}/plan?${query}`, { signal: controller.signal })
      .then(({ plan: next }) => {
        setPlan(next);
        setPlanError(null);
        setPlanFor(key);
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setPlanError(error instanceof Error ? error : new Error(messageOf(error)));
        setPlanFor(key);
      });
    return () => controller.abort();
  }, [document.id, task, settledInstructions]);

  async function start() {
    if (cap.error) return;
    setStarting(true);
    setStartError(null);
    try {
      const { job } = await fetchJson<{ job: JobSummary }>("/api/jobs", {
        method: "POST",
        body: JSON.stringify({ documentId: document.id, task, instructions, maxLi: budget.trim() === "" ? undefined : budget.trim(), name: name.trim() || undefined }),
      });
      router.push(`/jobs/${encodeURIComponent(job.id)}`);
    } catch (error) {
      setStartError(error instanceof Error ? error : new Error(messageOf(error)));
      setStarting(false);
    }
  }

  const capBelowMin = plan && cap.microLi !== null && cap.microLi < plan.cost.totalMicroLiMin;
  const capBelowMax = plan && cap.microLi !== null && !capBelowMin && cap.microLi < plan.cost.totalMicroLiMax;
  const stale = !needsInstructions && planFor !== new URLSearchParams({ task, instructions }).toString();

  return (
    <form
      data-testid="plan-form"
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <fieldset>
        <legend className="mb-2 text-sm font-medium">Task</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {[...presets.map((preset) => ({ id: preset.id, title: preset.title, text: preset.instructions })), { id: "custom", title: "Custom instructions", text: "Only your own instructions below." }].map((option) => (
            <label key={option.id} className={`flex cursor-pointer gap-3 rounded-md border p-3 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-500 ${task === option.id ? "border-indigo-500 bg-indigo-50 dark:bg-indigo-950" : "border-zinc-200 dark:border-zinc-800"}`}>
              <input type="radio" name="task" value={option.id} checked={task === option.id} onChange={() => setTask(option.id)} className="mt-1" data-testid={`task-${option.id}`} />
              <span>
                <span className="block font-medium">{option.title}</span>
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">{option.text}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div>
        <label htmlFor={`${ids}-instructions`} className="mb-1 block text-sm font-medium">
          {task === "custom" ? "Your instructions" : "More instructions (optional)"}
        </label>
        <textarea
          id={`${ids}-instructions`}
          data-testid="instructions"
          rows={3}
          maxLength={20_000}
          value={instructions}
          onChange={(event) => setInstructions(event.target.value)}
          placeholder={task === "custom" ? "What should the report say? e.g. List every deadline with its page." : "e.g. Focus on the methods section; answer in French."}
          className={inputClass}
        />
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${ids}-budget`} className="mb-1 block text-sm font-medium">
            Budget cap in li (optional)
          </label>
          <input id={`${ids}-budget`} data-testid="budget" inputMode="decimal" value={budget} onChange={(event) => setBudget(event.target.value)} placeholder="no cap" aria-invalid={cap.error ? true : undefined} aria-describedby={`${ids}-budget-help`} className={inputClass} />
          <p id={`${ids}-budget-help`} className={`mt-1 text-xs ${cap.error || capBelowMin ? "text-red-700 dark:text-red-300" : "text-zinc-500"}`}>
            {cap.error ??
              (capBelowMin && plan
                ? `Below the least this job can cost (${li(plan.cost.totalMicroLiMin)}): raise it.`
                : capBelowMax
                  ? "The job stops before any call that could pass the cap; the text so far is kept."
                  : "The job stops before any call that could pass it. 1 yuan = 1,000 li.")}
          </p>
        </div>
        <div>
          <label htmlFor={`${ids}-name`} className="mb-1 block text-sm font-medium">
            Report name (optional)
          </label>
          <input id={`${ids}-name`} data-testid="job-name" maxLength={300} value={name} onChange={(event) => setName(event.target.value)} placeholder={document.name} className={inputClass} />
        </div>
      </div>

      <div aria-live="polite" aria-busy={stale} className={stale ? "opacity-60 transition-opacity" : "transition-opacity"}>
        {needsInstructions ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="plan-needs-instructions">
            Write your instructions above to see the plan and its cost.
          </p>
        ) : planError ? (
          <Notice tone="error" title="No plan for this document" testId="plan-error">
            {planError.message}
          </Notice>
        ) : plan ? (
          <div className="space-y-4">
            <CostEstimate plan={plan} />
            <PlanPreview plan={plan} />
          </div>
        ) : (
          <p className="text-sm text-zinc-500">Planning…</p>
        )}
      </div>

      {startError ? (
        <Notice tone="error" title={startError instanceof ApiError && startError.code === "missing_key" ? "No API key is set" : "The job did not start"} testId="start-error">
          {startError.message}
        </Notice>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={starting || needsInstructions || !plan || planError !== null || cap.error !== null || Boolean(capBelowMin)} data-testid="start-job">
          {starting ? "Starting…" : "Start"}
        </Button>
        {plan ? <span className="text-xs text-zinc-500">Runs on the server: you can close this tab and come back from History.</span> : null}
      </div>
    </form>
  );
}
