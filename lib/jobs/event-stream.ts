import "server-only";
import type { Db } from "../../db/client";
import { listEventsAfter } from "../../db/queries/events";
import { getJobStatus } from "../../db/queries/jobs";
import { TERMINAL_JOB_STATUSES as TERMINAL } from "./wire";
const BATCH = 200;

/**
 * A job's events as Server-Sent Events, replayed from `afterId` (the Last-Event-ID) and then
 * followed live from SQLite until the job ends. Several viewers, a reload and the CLI all read
 * the same log. Pull-based: a slow viewer is sent the next batch only when it has taken the last.
 */
export function jobEventStream(db: Db, { jobId, afterId, signal, pollMs = 200 }: { jobId: string; afterId: number; signal: AbortSignal; pollMs?: number }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastId = afterId;
  let lastWriteMs = Date.now();
  let started = false;
  // Each wait removes its abort listener when it ends: one listener per poll on a stream that
  // lives for hours piled up (MaxListenersExceededWarning under 50 viewers).
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode("retry: 1000\n\n"));
        }
        for (;;) {
          if (signal.aborted) return controller.close();
          const events = listEventsAfter(db, { jobId, afterId: lastId, limit: BATCH });
          if (events.length > 0) {
            const text = events.map((event) => `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`).join("");
            lastId = events[events.length - 1]!.id;
            lastWriteMs = Date.now();
            controller.enqueue(encoder.encode(text));
            return;
          }
          const job = getJobStatus(db, { id: jobId });
          // Ended and fully sent (the end event is written last): close.
          if (!job || (TERMINAL.has(job.status) && listEventsAfter(db, { jobId, afterId: lastId, limit: 1 }).length === 0)) return controller.close();
          if (Date.now() - lastWriteMs > 15_000) {
            lastWriteMs = Date.now();
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            return;
          }
          await sleep(pollMs);
        }
      },
    },
    { highWaterMark: 1 },
  );
}
