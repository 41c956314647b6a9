import os from "node:os";
import { describe, expect, it } from "vitest";
import { withReaderSlot } from "./reader-slots";

describe("withReaderSlot", () => {
  it("runs at most the slot count at once, passes a freed slot to the next waiter, and lets a waiting caller cancel", async () => {
    const limit = Math.max(1, Math.min(4, os.availableParallelism()));
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    let onStart: () => void = () => undefined;
    const work = () =>
      new Promise<void>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        releases.push(() => {
          running -= 1;
          resolve();
        });
        onStart();
      });
    // The first `limit` callers start at once (synchronously); the next two wait.
    const first = Array.from({ length: limit }, () => withReaderSlot(work));
    const controller = new AbortController();
    const cancelled = withReaderSlot(work, controller.signal);
    const queued = withReaderSlot(work);
    expect(running).toBe(limit);
    controller.abort(new Error("gone"));
    await expect(cancelled).rejects.toThrow("gone");
    expect(running).toBe(limit);

    // A freed slot goes to the caller still waiting, not to the cancelled one.
    const queuedStarted = new Promise<void>((resolve) => (onStart = resolve));
    releases.shift()?.();
    await first[0];
    await queuedStarted;
    expect(running).toBe(limit);
    expect(releases).toHaveLength(limit);

    for (const release of releases.splice(0)) release();
    await Promise.all([...first, queued]);
    expect(peak).toBe(limit);
    expect(running).toBe(0);
  });
});
