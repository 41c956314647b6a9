import { describe, expect, it } from "vitest";
import { dayWindow } from "./spend-chart";

describe("dayWindow", () => {
  it("fills the days without jobs with zeros and ends today", () => {
    const now = Date.parse("2025-03-10T12:00:00Z");
    const window = dayWindow([{ day: "2025-03-08", costMicroLi: 5, jobs: 1 }], 5, now);
    expect(window.map((day) => day.day)).toEqual(["2025-03-06", "2025-03-07", "2025-03-08", "2025-03-09", "2025-03-10"]);
    expect(window.map((day) => day.costMicroLi)).toEqual([0, 0, 5, 0, 0]);
  });

  it("leaves out days older than the window", () => {
    const now = Date.parse("2025-03-10T00:00:00Z");
    const window = dayWindow([{ day: "2025-01-01", costMicroLi: 9, jobs: 1 }], 3, now);
    expect(window.every((day) => day.costMicroLi === 0)).toBe(true);
  });
});
