"use client";

import { useEffect, useState } from "react";
import type { JobStatus } from "@/lib/jobs/wire";
import { parseJobEvent } from "../jobs/parse-job-event";

export interface AnswerStream {
  status: JobStatus;
  /** The answer so far (the final step's text). */
  text: string;
  costMicroLi: number;
  errorMessage: string | null;
  ended: boolean;
}

/**
 * Follows a question's job on /api/jobs/:id/events: `delta` events with `final: true` carry the
 * answer, `end` ends it. The log replays from the start on every connection (EventSource resends
 * Last-Event-ID on reconnects), so a reload shows the whole answer again.
 */
export function useAnswerStream(jobId: string | null, onEnd?: () => void): AnswerStream | null {
  const [state, setState] = useState<AnswerStream | null>(null);
  useEffect(() => {
    if (!jobId) return;
    let current: AnswerStream = { status: "queued", text: "", costMicroLi: 0, errorMessage: null, ended: false };
    const source = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/events`);
    const update = (patch: Partial<AnswerStream>) => {
      current = { ...current, ...patch };
      setState(current);
    };
    // Each listener is registered for its own type, so a parsed event has that type; the check
    // narrows its data.
    source.addEventListener("status", (event) => {
      const parsed = parseJobEvent("status", event.data);
      if (parsed?.type === "status") update({ status: parsed.data.status });
    });
    source.addEventListener("delta", (event) => {
      const parsed = parseJobEvent("delta", event.data);
      if (parsed?.type === "delta" && parsed.data.final) update({ text: current.text + parsed.data.text });
    });
    source.addEventListener("progress", (event) => {
      const parsed = parseJobEvent("progress", event.data);
      if (parsed?.type === "progress") update({ costMicroLi: parsed.data.costMicroLi });
    });
    source.addEventListener("end", (event) => {
      const parsed = parseJobEvent("end", event.data);
      if (parsed?.type !== "end") return;
      update({ status: parsed.data.status, costMicroLi: parsed.data.costMicroLi, errorMessage: parsed.data.errorMessage, ended: true });
      source.close();
      onEnd?.();
    });
    return () => source.close();
    // onEnd is a notification only; following the same job again is not wanted when it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId]);
  return state;
}
