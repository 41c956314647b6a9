/**
 * Next.js calls register() once when a server process starts, in development and production
 * alike: the job service (stale-lease sweep, queued jobs taken up, lease heartbeats) starts here
 * rather than in scripts/start.ts, so `npm run dev` behaves as the production server does.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverContext } = await import("./lib/server-context");
  const { startJobService } = await import("./lib/jobs/service");
  startJobService(serverContext());
}
