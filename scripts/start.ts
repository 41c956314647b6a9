/**
 * Starts the production server in this process (so its PID is the server's: a kill reaches it),
 * after validating the configuration and migrating the database. A bad variable stops start-up
 * with a message naming it.
 */
import http from "node:http";
import next from "next";
import { ConfigError, getConfig } from "../lib/config";
import { getDb } from "../db/client";
import { DatabaseFileError } from "../db/integrity";
import { applyServerLimits } from "../lib/server-limits";
import type { JobRunner } from "../lib/jobs/runner";

async function main(): Promise<void> {
  let config;
  try {
    config = getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  // Opened (and migrated) before Next starts, so a database problem stops start-up here. The job
  // service (stale-lease sweep, queued jobs) starts from instrumentation.ts, as under `next dev`.
  try {
    getDb(config.databasePath);
  } catch (error) {
    if (error instanceof DatabaseFileError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  const dev = process.argv.includes("--dev");
  const app = next({ dev, hostname: config.host, port: config.port, dir: process.cwd() });
  await app.prepare();
  const handler = app.getRequestHandler();
  const server = http.createServer((request, response) => {
    void handler(request, response);
  });
  // Requests must arrive in bounded time (a body may not pause for long); responses are not
  // bounded, so SSE streams last as long as their job. Connections per address are capped.
  applyServerLimits(server, config.serverLimits);
  // Browsers and API clients reuse idle connections; Node's 5 s default can close one just as
  // a client sends on it (ECONNRESET). Outlive common client keep-alive times.
  server.keepAliveTimeout = 65_000;
  server.listen(config.port, config.host, () => {
    console.log(`[longdoc] ready on http://${config.host}:${config.port} (model ${config.llm.model}, database ${config.databasePath}${config.llm.apiKey ? "" : ", no LLM_API_KEY set: extraction and plans work, jobs will ask for a key"})`);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1); // a second signal: leave now
    stopping = true;
    console.log("[longdoc] stopping: running jobs are interrupted (resume them after the next start); queued jobs stay queued…");
    // The runner lives in the app's module graph; it is shared through globalThis.
    const runner = (globalThis as { __longdocRunner?: JobRunner }).__longdocRunner;
    void (runner?.shutdown() ?? Promise.resolve()).finally(() => {
      server.closeAllConnections();
      server.close(() => {
        // The WAL folded into the database file, so a clean stop leaves one file to copy or back up.
        try {
          const { $client } = getDb(config.databasePath);
          $client.pragma("wal_checkpoint(TRUNCATE)");
          $client.close();
        } catch (error) {
          console.error(`[longdoc] could not checkpoint the database on stop: ${String(error)}`);
        }
        process.exit(0);
      });
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main();
