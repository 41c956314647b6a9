import { spawnSync } from "node:child_process";
import fs from "node:fs";

/** GNU time: wall, CPU and peak RSS of a whole child process. */
export const TIME_BIN = "/usr/bin/time";

export interface ProcessRun {
  wallS: number;
  wallMs: number;
  /** User + system CPU seconds (from `/usr/bin/time -v`): steadier than wall time on a shared machine. */
  cpuS: number | null;
  peakRssMb: number | null;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** One cold run of a command, timed; CPU and peak RSS from `/usr/bin/time -v` when it exists. */
export function timedRun(command: string, args: readonly string[], cwd: string, options: { timeoutMs?: number } = {}): ProcessRun {
  const withTime = fs.existsSync(TIME_BIN);
  const started = performance.now();
  const run = spawnSync(withTime ? TIME_BIN : command, withTime ? ["-v", command, ...args] : [...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    timeout: options.timeoutMs,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const wallMs = Math.round(performance.now() - started);
  const stderr = run.stderr ?? "";
  const rssKb = withTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] : undefined;
  const seconds = (label: string) => Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
  const cpu = seconds("User") + seconds("System");
  return {
    wallS: Number((wallMs / 1000).toFixed(2)),
    wallMs,
    cpuS: withTime && Number.isFinite(cpu) ? Number(cpu.toFixed(2)) : null,
    peakRssMb: rssKb ? Math.round(Number(rssKb) / 1024) : null,
    status: run.status,
    stdout: run.stdout ?? "",
    stderr,
  };
}
