import type { ServerContext } from "../server-context";
import { getRunner, type JobRunner } from "./runner";

/**
 * What a server process does at start, the same under `next dev` and `npm start` (called from
 * instrumentation.ts): jobs whose process is gone are swept to interrupted (live ones, such as a
 * CLI's job beside the server, are left alone), queued jobs are taken up, and the lease ticks begin.
 */
export function startJobService(context: ServerContext, runner: JobRunner = getRunner(context)): JobRunner {
  runner.start();
  return runner;
}
