import { describe, expect, it } from "vitest";
import { eventLoopSlices } from "./event-loop-slices";

describe("eventLoopSlices", () => {
  it("gives the event loop a turn once a slice of work has passed, and only then", async () => {
    let now = 0;
    const breathe = eventLoopSlices(8, () => now);
    now = 7;
    expect(breathe()).toBeUndefined();
    now = 8;
    let turned = false;
    setImmediate(() => (turned = true));
    const pause = breathe();
    expect(pause).toBeInstanceOf(Promise);
    await pause;
    // The turn let the callback queued before it run: other requests get answered here.
    expect(turned).toBe(true);
    // A new slice starts after the turn.
    now = 15;
    expect(breathe()).toBeUndefined();
    now = 16;
    expect(breathe()).toBeInstanceOf(Promise);
  });
});
