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

export interface Started {
  process: ChildProcess;
  url: string;
  logPath: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns `node --import tsx <script>` and waits until `readyUrl` answers. */
export async function startNodeServer(options: {
  name: string;
  script: string;
  env: Record<string, string>;
  readyUrl: string;
  url: string;
  timeoutMs?: number;
}): Promise<Started> {
  const logPath = path.join(os.tmpdir(), `longdoc-${options.name}-${process.pid}-${Date.now()}.log`);
  const log = fs.openSync(logPath, "a");
  const child = spawn(process.execPath, ["--import", "tsx", options.script], {
    cwd: process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: ["ignore", log, log],
  });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited with ${child.exitCode}; log: ${fs.readFileSync(logPath, "utf8").slice(-2000)}`);
    try {
      const response = await fetch(options.readyUrl);
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${options.name} did not start in time; log: ${fs.readFileSync(logPath, "utf8").slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
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
