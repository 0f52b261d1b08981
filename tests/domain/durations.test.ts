import { describe, expect, it } from "vitest";
import { formatDuration } from "../../src/domain/durations.ts";

describe("formatDuration", () => {
  it("shows hours and minutes", () => {
    expect(formatDuration(255)).toBe("4 h 15′");
    expect(formatDuration(45)).toBe("45′");
    expect(formatDuration(120)).toBe("2 h");
    expect(formatDuration(0)).toBe("0′");
    expect(formatDuration(90.4)).toBe("1 h 30′");
  });

  it("shows a change with its sign", () => {
    expect(formatDuration(70, { signed: true })).toBe("+1 h 10′");
    expect(formatDuration(-30, { signed: true })).toBe("−30′");
    expect(formatDuration(0, { signed: true })).toBe("0′");
  });
});
