import type { ChildProcess } from "node:child_process";

export interface SupervisorOptions {
  /** Starts the app; called again after an unexpected exit. */
  spawnApp: () => ChildProcess;
  log: (line: string) => void;
  /** Ends the demo (the emulator is closed by the caller). */
  exit: (code: number) => void;
  now?: () => number;
  /** Waits before a restart (injected so tests control time). */
  delay?: (ms: number) => Promise<void>;
  /** More crashes than this within `windowMs` and the demo stops instead of restarting. */
  maxCrashes?: number;
  windowMs?: number;
}

/**
 * Keeps the demo's app running: when it exits on its own (a crash, an out-of-memory kill) the demo
 * says so and starts it again, with the emulator and the database left as they were; a crash loop
 * (three within a minute) stops the demo with a message. `stop` (Ctrl-C) ends the app and the demo.
 */
export function superviseApp(options: SupervisorOptions): { stop: (code?: number) => void; current: () => ChildProcess } {
  const now = options.now ?? Date.now;
  const delay = options.delay ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxCrashes = options.maxCrashes ?? 3;
  const windowMs = options.windowMs ?? 60_000;
  const crashes: number[] = [];
  let stopping = false;
  let app: ChildProcess;

  const launch = () => {
    app = options.spawnApp();
    app.once("exit", (code, signal) => {
      if (stopping) {
        options.exit(code ?? 0);
        return;
      }
      const at = now();
      crashes.push(at);
      while (crashes.length > 0 && at - crashes[0]! > windowMs) crashes.shift();
      const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? "unknown"}`;
      if (crashes.length >= maxCrashes) {
        options.log(`[demo] the app ${how} (${crashes.length} times within ${Math.round(windowMs / 1000)} s); stopping the demo. Its log is above; fix the cause and run \`npm run demo\` again.`);
        stopping = true;
        options.exit(1);
        return;
      }
      options.log(`[demo] the app ${how}; the emulator is still running. Starting the app again (its jobs that were running are interrupted and can be resumed)…`);
      void delay(1_000).then(() => {
        if (!stopping) launch();
      });
    });
  };
  launch();

  return {
    current: () => app,
    stop: (code = 0) => {
      if (stopping) return;
      stopping = true;
      if (app.exitCode === null && app.signalCode === null) app.kill("SIGTERM");
      else options.exit(code);
    },
  };
}
