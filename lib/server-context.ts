import { getConfig, type AppConfig } from "./config";
import { getDb, type Db } from "../db/client";

/** What a request handler needs: the validated configuration and the open database. */
export interface ServerContext {
  config: AppConfig;
  db: Db;
}

export function serverContext(): ServerContext {
  const config = getConfig();
  return { config, db: getDb(config.databasePath) };
}
