import { describe, expect, it } from "vitest";
import { RateGate } from "./rate-gate";

describe("RateGate", () => {
  it("holds every waiter until the latest close has passed", async () => {
    let now = 1_000;
    const gate = new RateGate(() => now);
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      await Promise.resolve();
      now = Math.max(now, 1_000 + ms);
    };
    await gate.wait(sleep);
    expect(slept).toEqual([]);
    gate.close(2_000);
    gate.close(500); // never shortens
    expect(gate.remainingMs()).toBe(2_000);
    await Promise.all([gate.wait(sleep), gate.wait(sleep)]);
    expect(slept).toEqual([2_000, 2_000]);
    expect(gate.remainingMs()).toBe(0);
  });

  it("waits once per close with a fake sleep that does not advance time", async () => {
    const gate = new RateGate(() => 0);
    gate.close(5_000);
    const slept: number[] = [];
    await gate.wait(async (ms) => void slept.push(ms));
    expect(slept).toEqual([5_000]);
  });

  it("waits again when closed further while sleeping", async () => {
    let now = 0;
    const gate = new RateGate(() => now);
    gate.close(1_000);
    const slept: number[] = [];
    await gate.wait(async (ms) => {
      slept.push(ms);
      if (slept.length === 1) gate.close(3_000);
      now += ms;
    });
    expect(slept).toEqual([1_000, 2_000]);
  });
});
