"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { fetchJson } from "../api/fetch-json";
import { JOB_EVENT_TYPES, TERMINAL_JOB_STATUSES } from "@/lib/jobs/wire";
import type { JobSummary } from "../api/types";
import { applyEvent, initialStreamState, type StreamState } from "./job-stream-state";
import { parseJobEvent } from "./parse-job-event";

/**
 * Re-render at most this often while events pour in (a replay is thousands of events); a long
 * report renders less often, since each render parses its last Markdown chunk again.
 */
function renderIntervalMs(reportChars: number): number {
  return Math.min(1_000, Math.max(120, Math.round(reportChars / 80)));
}

export type Connection = "connecting" | "open" | "reconnecting" | "closed";

/**
 * Follows /api/jobs/:id/events. EventSource resends Last-Event-ID when it reconnects, so nothing
 * is lost or doubled; a fresh mount replays from the first event. The stream is closed once the
 * job has ended and the server has closed it (a resumed job's later events follow an earlier end).
 */
export function useJobStream(jobId: string, planned: { key: string; purpose: string; title: string }[] | null, callsPlanned: number) {
  const stateRef = useRef<StreamState | null>(null);
  const [state, setState] = useState<StreamState | null>(null);
  const [connection, setConnection] = useState<Connection>("connecting");
  const sourceRef = useRef<EventSource | null>(null);
  const timerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [generation, setGeneration] = useState(0);
  const ready = planned !== null;

  const flush = useCallback(() => {
    timerRef.current = null;
    setState(stateRef.current);
  }, []);

  const schedule = useCallback(() => {
    if (timerRef.current === null) timerRef.current = setTimeout(flush, renderIntervalMs(stateRef.current?.report.length ?? 0));
  }, [flush]);

  useEffect(() => {
    if (!ready) return;
    stateRef.current ??= initialStreamState(planned, callsPlanned);
    const after = stateRef.current.lastEventId;
    const source = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/events${after > 0 ? `?after=${after}` : ""}`);
    sourceRef.current = source;
    const onEvent = (type: string) => (event: MessageEvent<string>) => {
      const parsed = parseJobEvent(type, event.data);
      if (!parsed) return;
      const id = Number(event.lastEventId);
      const current = stateRef.current;
      if (!current) return;
      // A duplicate after a reconnect (should not happen with Last-Event-ID, but be safe).
      if (Number.isFinite(id) && id > 0 && id <= current.lastEventId) return;
      stateRef.current = applyEvent(current, parsed, Number.isFinite(id) ? id : 0);
      schedule();
    };
    const listeners = JOB_EVENT_TYPES.map((type) => [type, onEvent(type)] as const);
    for (const [type, listener] of listeners) source.addEventListener(type, listener);
    source.onopen = () => setConnection("open");
    let live = true;
    source.onerror = () => {
      const current = stateRef.current;
      // The server closes the stream after the job ends; anything else is a dropped connection
      // that EventSource retries on its own.
      if (current && current.end && TERMINAL_JOB_STATUSES.has(current.status)) {
        source.close();
        setConnection("closed");
        flush();
        return;
      }
      setConnection(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
      // A job can end without an `end` event: the server stopped while it ran and marked it
      // interrupted at start-up. Ask the job itself, and stop following a job that has ended.
      void fetchJson<{ job: JobSummary }>(`/api/jobs/${encodeURIComponent(jobId)}`)
        .then(({ job }) => {
          const latest = stateRef.current;
          if (!live || !latest || latest.end || !TERMINAL_JOB_STATUSES.has(job.status)) return;
          source.close();
          stateRef.current = applyEvent(latest, { type: "end", data: { status: job.status, errorCode: job.errorCode, errorMessage: job.errorMessage, costMicroLi: job.costMicroLi } }, 0);
          setConnection("closed");
          flush();
        })
        .catch(() => undefined);
    };
    return () => {
      live = false;
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.close();
      if (sourceRef.current === source) sourceRef.current = null;
    };
    // `planned` and `callsPlanned` only seed the state once; `generation` reopens the stream.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId, ready, generation, schedule, flush]);

  useEffect(
    () => () => {
      if (timerRef.current !== null) clearTimeout(timerRef.current);
    },
    [],
  );

  /** Follows the job again after a resume (the stream was closed when it ended). */
  const reopen = useCallback(() => {
    if (sourceRef.current && sourceRef.current.readyState !== EventSource.CLOSED) return;
    setConnection("connecting");
    setGeneration((value) => value + 1);
  }, []);

  return { state, connection, reopen };
}
