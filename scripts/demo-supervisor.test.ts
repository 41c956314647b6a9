import { EventEmitter } from "node:events";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { superviseApp } from "./demo-supervisor";

/** A stand-in child process: exits when told (a crash) or when killed. */
class FakeApp extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  killedWith: string | undefined;
  crash(code: number) {
    this.exitCode = code;
    this.emit("exit", code, null);
  }
  kill(signal: NodeJS.Signals) {
    this.killedWith = signal;
    this.signalCode = signal;
    this.emit("exit", null, signal);
    return true;
  }
}

function harness(clock = { ms: 0 }) {
  const apps: FakeApp[] = [];
  const lines: string[] = [];
  const exits: number[] = [];
  const waits: Array<() => void> = [];
  const supervisor = superviseApp({
    spawnApp: () => {
      const app = new FakeApp();
      apps.push(app);
      return app as unknown as ChildProcess;
    },
    log: (line) => lines.push(line),
    exit: (code) => exits.push(code),
    now: () => clock.ms,
    delay: () => new Promise<void>((resolve) => waits.push(resolve)),
  });
  const releaseWait = async () => {
    waits.shift()?.();
    await Promise.resolve();
  };
  return { apps, lines, exits, supervisor, releaseWait, clock };
}

describe("the demo's app supervisor", () => {
  it("says the app crashed and starts it again, without ending the demo", async () => {
    const { apps, lines, exits, releaseWait } = harness();
    apps[0]!.crash(134);
    expect(lines.at(-1)).toMatch(/the app exited with code 134; the emulator is still running\. Starting the app again/);
    expect(exits).toEqual([]);
    await releaseWait();
    expect(apps).toHaveLength(2);
  });

  it("stops the demo after three crashes within a minute, and not after crashes spread out", async () => {
    const spread = harness();
    for (let index = 0; index < 4; index += 1) {
      spread.clock.ms += 61_000;
      spread.apps.at(-1)!.crash(1);
      await spread.releaseWait();
    }
    expect(spread.exits).toEqual([]);
    expect(spread.apps).toHaveLength(5);

    const loop = harness();
    loop.apps[0]!.crash(1);
    await loop.releaseWait();
    loop.apps[1]!.crash(1);
    await loop.releaseWait();
    loop.apps[2]!.kill("SIGKILL");
    expect(loop.lines.at(-1)).toMatch(/was killed by SIGKILL \(3 times within 60 s\); stopping the demo/);
    expect(loop.exits).toEqual([1]);
    expect(loop.apps).toHaveLength(3);
  });

  it("Ctrl-C stops the app and ends the demo, and a stop is not taken for a crash", () => {
    const { apps, exits, lines, supervisor } = harness();
    supervisor.stop(0);
    expect(apps[0]!.killedWith).toBe("SIGTERM");
    expect(exits).toEqual([0]);
    expect(lines).toEqual([]);
    expect(apps).toHaveLength(1);
  });
});
