import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** A free loopback TCP port, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Far beyond any start on a loaded machine: a guard against a hang, not a speed expectation. */
const HUNG_START_MS = 10 * 60 * 1000;

export interface Started {
  process: ChildProcess;
  url: string;
  logPath: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Spawns `node --import tsx <script>` and waits for the event of its start: the line that prints
 * `url` (the app's "ready on …", the emulator's base URL), then checks once that `readyUrl`
 * answers. No polling and no start-up deadline a busy machine could run past: a child that exits
 * first fails at once with its log; HUNG_START_MS only ends a start that will never come.
 */
export async function startNodeServer(options: {
  name: string;
  script: string;
  env: Record<string, string>;
  readyUrl: string;
  url: string;
}): Promise<Started> {
  const logPath = path.join(os.tmpdir(), `longdoc-${options.name}-${process.pid}-${Date.now()}.log`);
  const log = fs.createWriteStream(logPath, { flags: "a" });
  const child = spawn(process.execPath, ["--import", "tsx", options.script], {
    cwd: process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const logTail = () => fs.readFileSync(logPath, "utf8").slice(-2000);
  // The URL followed by something other than a digit, so port 3000 is not taken for 30001.
  const printed = new RegExp(`${options.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?!\\d)`);
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    const cleanup = () => {
      child.stdout.off("data", onData);
      child.off("exit", onExit);
      clearTimeout(guard);
    };
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString("utf8")).slice(-4096);
      if (!printed.test(seen)) return;
      cleanup();
      resolve();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`${options.name} exited (${code ?? signal}) before it was ready; log: ${logTail()}`));
    };
    const guard = setTimeout(() => {
      cleanup();
      child.kill("SIGKILL");
      reject(new Error(`${options.name} hung: no ready line in ${HUNG_START_MS / 1000} s; log: ${logTail()}`));
    }, HUNG_START_MS);
    child.stdout.on("data", onData);
    child.once("exit", onExit);
  });
  const ready = await fetch(options.readyUrl).catch((error: unknown) => error as Error);
  if (ready instanceof Error || ready.status >= 500) {
    child.kill("SIGKILL");
    throw new Error(`${options.name} printed its URL but ${options.readyUrl} ${ready instanceof Error ? `failed: ${ready.message}` : `answered ${ready.status}`}; log: ${logTail()}`);
  }
  return {
    process: child,
    url: options.url,
    logPath,
    stop: (signal = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}
