import { deleteAbandonedPendingDocuments } from "../../db/queries/documents";
import type { ServerContext } from "../server-context";
import { getRunner, type JobRunner } from "./runner";

/**
 * What a server process does at start, the same under `next dev` and `npm start` (called from
 * instrumentation.ts): documents a dead process left half-stored are removed, jobs whose process is gone are swept to interrupted (live ones, such as a
 * CLI's job beside the server, are left alone), queued jobs are taken up, and the lease ticks begin.
 */
export function startJobService(context: ServerContext, runner: JobRunner = getRunner(context)): JobRunner {
  // Uploads a dead process left half-stored (never visible: they have no sha256 yet). An hour
  // leaves any live upload, in this process or another, well alone.
  deleteAbandonedPendingDocuments(context.db, { olderThanMs: 60 * 60 * 1000, nowMs: Date.now() });
  runner.start();
  return runner;
}
