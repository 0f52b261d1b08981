// The injected clock: CLOCK_START moves it to an instant, from which it runs at the normal pace.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createClock } from "../../src/services/clock.ts";

describe("clock", () => {
  it("starts at CLOCK_START and runs forward from there", async () => {
    const start = loadConfig({ CLOCK_START: "2026-03-29T01:59:00+01:00" }, { requireToken: false }).CLOCK_START;
    const clock = createClock(start);
    const first = clock().getTime();
    await new Promise((resolve) => setImmediate(resolve));
    const second = clock().getTime();
    expect(first - Date.parse("2026-03-29T00:59:00Z")).toBeGreaterThanOrEqual(0);
    expect(first - Date.parse("2026-03-29T00:59:00Z")).toBeLessThan(60_000);
    expect(second).toBeGreaterThanOrEqual(first);
  });

  it("refuses an instant without its offset, naming the variable", () => {
    expect(() => loadConfig({ CLOCK_START: "2026-11-30T08:00" }, { requireToken: false })).toThrow(
      'CLOCK_START: must be an instant with its offset, e.g. "2026-11-30T08:00:00+01:00"',
    );
  });
});
