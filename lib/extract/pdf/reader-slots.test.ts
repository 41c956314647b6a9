import os from "node:os";
import { describe, expect, it } from "vitest";
import { withReaderSlot } from "./reader-slots";

describe("withReaderSlot", () => {
  it("runs at most the slot count at once and lets a waiting caller cancel", async () => {
    const limit = Math.max(1, Math.min(4, os.availableParallelism()));
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      new Promise<void>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        releases.push(() => {
          running -= 1;
          resolve();
        });
      });
    const first = Array.from({ length: limit }, () => withReaderSlot(work));
    const controller = new AbortController();
    const cancelled = withReaderSlot(work, controller.signal);
    const queued = withReaderSlot(work);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(running).toBe(limit);
    controller.abort(new Error("gone"));
    await expect(cancelled).rejects.toThrow("gone");
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all([...first, queued]);
    expect(peak).toBe(limit);
    expect(running).toBe(0);
  });
});
