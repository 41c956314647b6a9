"use client";

import { useEffect, useState } from "react";

export interface AnswerStream {
  status: string;
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
    const parse = (event: MessageEvent<string>): Record<string, unknown> => {
      try {
        return JSON.parse(event.data) as Record<string, unknown>;
      } catch {
        return {};
      }
    };
    source.addEventListener("status", (event) => {
      const data = parse(event as MessageEvent<string>);
      if (typeof data.status === "string") update({ status: data.status });
    });
    source.addEventListener("delta", (event) => {
      const data = parse(event as MessageEvent<string>);
      if (data.final === true && typeof data.text === "string") update({ text: current.text + data.text });
    });
    source.addEventListener("progress", (event) => {
      const data = parse(event as MessageEvent<string>);
      if (typeof data.costMicroLi === "number") update({ costMicroLi: data.costMicroLi });
    });
    source.addEventListener("end", (event) => {
      const data = parse(event as MessageEvent<string>);
      update({
        status: typeof data.status === "string" ? data.status : "failed",
        costMicroLi: typeof data.costMicroLi === "number" ? data.costMicroLi : current.costMicroLi,
        errorMessage: typeof data.errorMessage === "string" ? data.errorMessage : null,
        ended: true,
      });
      source.close();
      onEnd?.();
    });
    return () => source.close();
    // onEnd is a notification only; following the same job again is not wanted when it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId]);
  return state;
}
