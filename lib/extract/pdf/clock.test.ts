import { describe, expect, it } from "vitest";
import { manualClock } from "./clock";

describe("manualClock", () => {
  it("runs due callbacks in time order inside advance, with the clock at their time, and never a cancelled one", () => {
    const clock = manualClock(1_000);
    const seen: string[] = [];
    clock.after(300, () => seen.push(`b@${clock.now()}`));
    clock.after(100, () => seen.push(`a@${clock.now()}`));
    const cancel = clock.after(200, () => seen.push("cancelled"));
    cancel();
    clock.advance(99);
    expect(seen).toEqual([]);
    clock.advance(500);
    expect(seen).toEqual(["a@1100", "b@1300"]);
    expect(clock.now()).toBe(1_599);
    expect(clock.waiting()).toEqual([]);
  });

  it("a callback asked for inside advance runs in the same advance when it falls due", () => {
    const clock = manualClock();
    const seen: number[] = [];
    clock.after(10, () => clock.after(10, () => seen.push(clock.now())));
    clock.advance(25);
    expect(seen).toEqual([20]);
  });

  it("whenWaiting resolves when a matching callback is asked for", async () => {
    const clock = manualClock();
    clock.after(5, () => undefined);
    await clock.whenWaiting((ms) => ms === 5);
    const later = clock.whenWaiting((ms) => ms === 3_000);
    let resolved = false;
    void later.then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    clock.after(3_000, () => undefined);
    await later;
    expect(clock.waiting()).toEqual([5, 3_000]);
  });
});
