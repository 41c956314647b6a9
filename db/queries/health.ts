import { sql } from "drizzle-orm";
import type { Db } from "../client";

/** True when the database answers a trivial query. */
export function isDatabaseReachable(db: Db): boolean {
  try {
    const row = db.get<{ ok: number }>(sql`select 1 as ok`);
    return row?.ok === 1;
  } catch {
    return false;
  }
}
