import { describe, expect, it } from "vitest";
import {
  addDaysIso,
  daysBetween,
  isoWeekKey,
  isWithin,
  lastNWeeks,
  localDate,
  previousWeek,
  quarterRange,
  startOfLocalDay,
  weekRange,
} from "../../src/domain/weeks.ts";

const HOUR = 60 * 60 * 1000;

function hours(range: { start: Date; end: Date }): number {
  return (range.end.getTime() - range.start.getTime()) / HOUR;
}

/** Weeks among the candidates whose instant range [start, end) contains the instant. */
function weeksContaining(instant: Date, candidates: readonly string[]): string[] {
  const ranges = candidates.map((key) => ({ key, ...weekRange(key) }));
  return ranges.filter(({ start, end }) => instant >= start && instant < end).map(({ key }) => key);
}

describe("localDate and isoWeekKey", () => {
  it("uses the Rome calendar date, not the UTC one", () => {
    // Monday 23 March 2026 00:30 in Rome (UTC+1) is still Sunday 22 March in UTC.
    const mondayJustAfterMidnight = new Date("2026-03-23T00:30:00+01:00");
    expect(localDate(mondayJustAfterMidnight)).toBe("2026-03-23");
    expect(isoWeekKey(mondayJustAfterMidnight)).toBe("2026-W13");
    expect(isoWeekKey(mondayJustAfterMidnight, "UTC")).toBe("2026-W12");
  });

  it("keys calendar dates by ISO week-numbering year", () => {
    expect(isoWeekKey("2026-11-16")).toBe("2026-W47");
    expect(isoWeekKey("2026-01-01")).toBe("2026-W01"); // a Thursday: week 1 of 2026
    expect(isoWeekKey("2027-01-01")).toBe("2026-W53"); // a Friday: still in 2026's 53rd week
    expect(isoWeekKey("2027-01-04")).toBe("2027-W01");
    expect(isoWeekKey("2021-01-03")).toBe("2020-W53");
  });

  it("rejects malformed and impossible dates", () => {
    expect(() => isoWeekKey("2026-02-30")).toThrow(RangeError);
    expect(() => isoWeekKey("26-3-1")).toThrow(RangeError);
  });

  it("does not depend on the process time zone", () => {
    const saved = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      expect(localDate(new Date("2026-03-29T22:30:00Z"))).toBe("2026-03-30");
      expect(weekRange("2026-W14").start.toISOString()).toBe("2026-03-29T22:00:00.000Z");
      expect(addDaysIso("2026-03-07", 2)).toBe("2026-03-09"); // across New York's DST change on 8 March
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe("weekRange", () => {
  it("gives calendar days and the local-midnight instants of an ordinary week", () => {
    expect(weekRange("2026-W47")).toEqual({
      startsOn: "2026-11-16",
      endsOn: "2026-11-22",
      start: new Date("2026-11-16T00:00:00+01:00"),
      end: new Date("2026-11-23T00:00:00+01:00"),
    });
    expect(hours(weekRange("2026-W47"))).toBe(168);
  });

  it("is 167 hours long in the week clocks go forward (Sunday 29 March 2026)", () => {
    const week = weekRange("2026-W13");
    expect(week).toEqual({
      startsOn: "2026-03-23",
      endsOn: "2026-03-29",
      start: new Date("2026-03-23T00:00:00+01:00"),
      end: new Date("2026-03-30T00:00:00+02:00"),
    });
    expect(hours(week)).toBe(167);
  });

  it("is 169 hours long in the week clocks go back (Sunday 25 October 2026)", () => {
    const week = weekRange("2026-W43");
    expect(week).toEqual({
      startsOn: "2026-10-19",
      endsOn: "2026-10-25",
      start: new Date("2026-10-19T00:00:00+02:00"),
      end: new Date("2026-10-26T00:00:00+01:00"),
    });
    expect(hours(week)).toBe(169);
  });

  it("makes consecutive weeks meet exactly, leaving no gap and no overlap", () => {
    for (const [earlier, later] of [
      ["2026-W13", "2026-W14"],
      ["2026-W43", "2026-W44"],
      ["2026-W53", "2027-W01"],
    ] as const) {
      expect(weekRange(earlier).end).toEqual(weekRange(later).start);
    }
  });

  it("rejects weeks that do not exist", () => {
    expect(() => weekRange("2025-W53")).toThrow(RangeError); // 2025 has 52 ISO weeks
    expect(() => weekRange("2026-W00")).toThrow(RangeError);
    expect(() => weekRange("2026-47")).toThrow(RangeError);
    expect(weekRange("2026-W53").startsOn).toBe("2026-12-28");
  });
});

describe("sessions logged near midnight in the DST weeks", () => {
  const cases = [
    // Spring forward: Sunday 29 March 2026 is UTC+2 from 03:00.
    { at: "2026-03-29T23:30:00+02:00", week: "2026-W13", on: "2026-03-29" },
    { at: "2026-03-30T00:30:00+02:00", week: "2026-W14", on: "2026-03-30" },
    { at: "2026-03-22T23:30:00+01:00", week: "2026-W12", on: "2026-03-22" },
    { at: "2026-03-23T00:30:00+01:00", week: "2026-W13", on: "2026-03-23" },
    // Fall back: Sunday 25 October 2026 is UTC+1 from 03:00 (02:00–03:00 happens twice).
    { at: "2026-10-25T23:30:00+01:00", week: "2026-W43", on: "2026-10-25" },
    { at: "2026-10-26T00:30:00+01:00", week: "2026-W44", on: "2026-10-26" },
    { at: "2026-10-25T02:30:00+02:00", week: "2026-W43", on: "2026-10-25" },
    { at: "2026-10-25T02:30:00+01:00", week: "2026-W43", on: "2026-10-25" },
    { at: "2026-10-18T23:30:00+02:00", week: "2026-W42", on: "2026-10-18" },
    { at: "2026-10-19T00:30:00+02:00", week: "2026-W43", on: "2026-10-19" },
  ];
  const candidates = ["2026-W12", "2026-W13", "2026-W14", "2026-W42", "2026-W43", "2026-W44"];

  it.each(cases)("$at belongs to $week only", ({ at, week, on }) => {
    const instant = new Date(at);
    expect(localDate(instant)).toBe(on);
    expect(isoWeekKey(instant)).toBe(week);
    expect(weeksContaining(instant, candidates)).toEqual([week]);
  });

  it("puts every quarter-hour of both DST weeks in exactly one week, the one isoWeekKey names", () => {
    for (const [first, last] of [
      ["2026-W12", "2026-W14"],
      ["2026-W42", "2026-W44"],
    ] as const) {
      const from = weekRange(first).start.getTime();
      const to = weekRange(last).end.getTime();
      const ranges = candidates.map((key) => ({ key, ...weekRange(key) }));
      const counted = new Map<string, number>();
      for (let t = from; t < to; t += HOUR / 4) {
        const instant = new Date(t);
        const containing = ranges.filter(({ start, end }) => instant >= start && instant < end).map((r) => r.key);
        expect(containing).toEqual([isoWeekKey(instant)]);
        counted.set(containing[0] as string, (counted.get(containing[0] as string) ?? 0) + 1);
      }
      const middle = first === "2026-W12" ? "2026-W13" : "2026-W43";
      expect(counted.get(first)).toBe(168 * 4);
      expect(counted.get(middle)).toBe((middle === "2026-W13" ? 167 : 169) * 4);
      expect(counted.get(last)).toBe(168 * 4);
    }
  });
});

describe("week navigation", () => {
  it("steps back across year boundaries, including 53-week years", () => {
    expect(previousWeek("2026-W14")).toBe("2026-W13");
    expect(previousWeek("2027-W01")).toBe("2026-W53");
    expect(previousWeek("2026-W01")).toBe("2025-W52");
  });

  it("lists the last n weeks oldest first, ending with the given week", () => {
    expect(lastNWeeks("2027-W02", 4)).toEqual(["2026-W52", "2026-W53", "2027-W01", "2027-W02"]);
    expect(lastNWeeks("2026-W13", 1)).toEqual(["2026-W13"]);
    expect(lastNWeeks("2026-W13", 8)).toHaveLength(8);
    expect(lastNWeeks("2026-W13", 8)[0]).toBe("2026-W06");
  });
});

describe("quarterRange", () => {
  it("covers Q1 2026 with the spring-forward hour missing", () => {
    const q1 = quarterRange("2026Q1");
    expect(q1).toEqual({
      startsOn: "2026-01-01",
      endsOn: "2026-03-31",
      start: new Date("2026-01-01T00:00:00+01:00"),
      end: new Date("2026-04-01T00:00:00+02:00"),
    });
    expect(hours(q1)).toBe(90 * 24 - 1);
  });

  it("covers Q4 2026 with the fall-back hour repeated", () => {
    const q4 = quarterRange("2026Q4");
    expect([q4.startsOn, q4.endsOn]).toEqual(["2026-10-01", "2026-12-31"]);
    expect(hours(q4)).toBe(92 * 24 + 1);
  });

  it("handles leap years and rejects bad keys", () => {
    expect(quarterRange("2028Q1").endsOn).toBe("2028-03-31");
    expect(daysBetween(quarterRange("2028Q1").startsOn, quarterRange("2028Q2").startsOn)).toBe(91);
    expect(() => quarterRange("2026Q5")).toThrow(RangeError);
    expect(() => quarterRange("2026-Q1")).toThrow(RangeError);
  });
});

describe("calendar helpers", () => {
  it("adds days and counts days on calendar dates", () => {
    expect(addDaysIso("2026-03-29", 1)).toBe("2026-03-30");
    expect(addDaysIso("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDaysIso("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-03-30", "2026-03-28")).toBe(-2);
  });

  it("checks inclusive date ranges and finds local midnight", () => {
    const week = weekRange("2026-W13");
    expect(isWithin("2026-03-23", week)).toBe(true);
    expect(isWithin("2026-03-29", week)).toBe(true);
    expect(isWithin("2026-03-30", week)).toBe(false);
    expect(startOfLocalDay("2026-10-25")).toEqual(new Date("2026-10-25T00:00:00+02:00"));
    expect(startOfLocalDay("2026-10-26")).toEqual(new Date("2026-10-26T00:00:00+01:00"));
  });
});
