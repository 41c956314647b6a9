import { getConfig, type AppConfig } from "./config";
import { getDb, type Db } from "../db/client";
import type { JobLease } from "../db/queries/jobs";

/** What a request handler needs: the validated configuration and the open database. */
export interface ServerContext {
  config: AppConfig;
  db: Db;
  /** Set where the process runs the jobs it creates (the CLI): they are leased to it at creation. */
  ownJobs?: JobLease;
}

export function serverContext(): ServerContext {
  const config = getConfig();
  return { config, db: getDb(config.databasePath) };
}
