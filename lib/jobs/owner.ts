import { randomBytes } from "node:crypto";
import os from "node:os";

/**
 * Who holds a job's lease: `host:pid:random`. The random part tells two lives of the same pid
 * apart; the host and pid let a process on the same machine see at once that a holder is gone
 * (a killed server or CLI) instead of waiting for its lease to run out.
 */
export function newOwnerId(pid = process.pid, host = os.hostname()): string {
  return `${host}:${pid}:${randomBytes(6).toString("hex")}`;
}

export interface OwnerId {
  host: string;
  pid: number;
}

export function parseOwnerId(owner: string): OwnerId | null {
  const match = /^(.*):(\d+):[0-9a-f]+$/.exec(owner);
  if (!match) return null;
  return { host: match[1]!, pid: Number(match[2]) };
}

/** True when the process with this pid exists here (a signal 0 probe: nothing is sent). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Known dead: the holder ran on this machine and its process is gone. A holder elsewhere (or
 * unparseable) is never known dead; its lease must run out.
 */
export function ownerKnownDead(owner: string, { host = os.hostname(), alive = pidAlive }: { host?: string; alive?: (pid: number) => boolean } = {}): boolean {
  const parsed = parseOwnerId(owner);
  if (!parsed || parsed.host !== host) return false;
  // Our own pid: this process (several holders may share one, as in tests), or an earlier one
  // that had the same pid; either way only the lease running out tells.
  if (parsed.pid === process.pid) return false;
  return !alive(parsed.pid);
}

// On globalThis: Next bundles instrumentation and route handlers apart, each with its own copy of
// this module, and they must agree on who this process is.
const holder = globalThis as unknown as { __longdocOwnerId?: string };

/** This process's owner id, made once. */
export function processOwnerId(): string {
  holder.__longdocOwnerId ??= newOwnerId();
  return holder.__longdocOwnerId;
}
