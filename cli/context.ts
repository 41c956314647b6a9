import { processOwnerId } from "../lib/jobs/owner";
import { serverContext, type ServerContext } from "../lib/server-context";

/**
 * The CLI's context: the same configuration and database as the server, and the jobs it creates
 * are leased to this process from their creation, so a server on the same database never takes
 * them up (nor sweeps them while this process lives).
 */
export function cliContext(): ServerContext {
  const context = serverContext();
  return { ...context, ownJobs: { owner: processOwnerId(), leaseMs: context.config.jobLeaseMs } };
}
