import type { Db } from "../../db/client";
import { listEventsAfter } from "../../db/queries/events";
import { getJob } from "../../db/queries/jobs";

const TERMINAL = new Set(["succeeded", "failed", "cancelled", "interrupted"]);

/**
 * A job's events as Server-Sent Events, replayed from `afterId` (the Last-Event-ID) and then
 * followed live from SQLite until the job ends. Several viewers, a reload and the CLI all read
 * the same log.
 */
export function jobEventStream(db: Db, { jobId, afterId, signal, pollMs = 200 }: { jobId: string; afterId: number; signal: AbortSignal; pollMs?: number }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastId = afterId;
  let lastWriteMs = Date.now();
  let closed = false;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", close);
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      while (!closed) {
        const events = listEventsAfter(db, { jobId, afterId: lastId, limit: 500 });
        for (const event of events) {
          controller.enqueue(encoder.encode(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`));
          lastId = event.id;
          lastWriteMs = Date.now();
        }
        if (events.length === 500) continue;
        const job = getJob(db, { id: jobId });
        if (!job || (TERMINAL.has(job.status) && listEventsAfter(db, { jobId, afterId: lastId, limit: 1 }).length === 0)) {
          close();
          break;
        }
        if (Date.now() - lastWriteMs > 15_000) {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
          lastWriteMs = Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    cancel() {
      closed = true;
    },
  });
}
