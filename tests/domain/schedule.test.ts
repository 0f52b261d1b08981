import { describe, expect, it } from "vitest";
import {
  dayMonth,
  isoWeekday,
  isWithinReminderWindow,
  localInstant,
  localTime,
  occurrencesBetween,
  occurrencesOn,
  reminderDueAt,
} from "../../src/domain/schedule.ts";

const TZ = "Europe/Rome";
const wednesdayMorning = { weekday: 3, startTime: "10:00", durationMinutes: 90 };
const saturdayEvening = { weekday: 6, startTime: "18:30", durationMinutes: 120 };
const sundayNight = { weekday: 7, startTime: "01:30", durationMinutes: 120 };

describe("weekly schedules", () => {
  it("numbers weekdays the ISO way", () => {
    expect(isoWeekday("2026-11-16")).toBe(1);
    expect(isoWeekday("2026-11-18")).toBe(3);
    expect(isoWeekday("2026-11-22")).toBe(7);
  });

  it("places an occurrence at its local time in winter and in summer", () => {
    const [winter] = occurrencesOn("2026-11-18", [wednesdayMorning], TZ);
    expect(winter?.startsAt.toISOString()).toBe("2026-11-18T09:00:00.000Z");
    expect(winter?.endsAt.toISOString()).toBe("2026-11-18T10:30:00.000Z");
    const [summer] = occurrencesOn("2026-07-15", [wednesdayMorning], TZ);
    expect(summer?.startsAt.toISOString()).toBe("2026-07-15T08:00:00.000Z");
  });

  it("finds nothing on days without a slot and sorts several slots by start", () => {
    expect(occurrencesOn("2026-11-19", [wednesdayMorning], TZ)).toEqual([]);
    const afternoon = { weekday: 3, startTime: "14:00", durationMinutes: 60 };
    expect(occurrencesOn("2026-11-18", [afternoon, wednesdayMorning], TZ).map((o) => o.slot.startTime)).toEqual([
      "10:00",
      "14:00",
    ]);
  });

  it("lists the occurrences of a week that crosses the end of summer time, each at its local time", () => {
    const week = occurrencesBetween("2026-10-19", "2026-10-25", [wednesdayMorning, saturdayEvening, sundayNight], TZ);
    expect(week.map((o) => `${o.date} ${localTime(o.startsAt, TZ)}-${localTime(o.endsAt, TZ)}`)).toEqual([
      "2026-10-21 10:00-11:30",
      "2026-10-24 18:30-20:30",
      // 01:30 + 120 elapsed minutes on the night the clocks go back is 02:30 local.
      "2026-10-25 01:30-02:30",
    ]);
  });

  it("moves a start time that does not exist (spring forward) to after the gap", () => {
    expect(localInstant("2026-03-29", "02:30", TZ).toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(localTime(localInstant("2026-03-29", "02:30", TZ), TZ)).toBe("03:30");
  });

  it("formats day and month", () => {
    expect(dayMonth("2026-03-05")).toBe("05/03");
  });
});

describe("reminder window", () => {
  it("is 08:00 to 20:00 local time", () => {
    expect(isWithinReminderWindow(new Date("2026-11-18T06:59:00Z"), TZ)).toBe(false); // 07:59
    expect(isWithinReminderWindow(new Date("2026-11-18T07:00:00Z"), TZ)).toBe(true); // 08:00
    expect(isWithinReminderWindow(new Date("2026-11-18T18:59:00Z"), TZ)).toBe(true); // 19:59
    expect(isWithinReminderWindow(new Date("2026-11-18T19:00:00Z"), TZ)).toBe(false); // 20:00
  });

  it("is due at the end of an occurrence that ends inside the window", () => {
    const end = new Date("2026-11-18T10:30:00Z");
    expect(reminderDueAt(end, TZ)).toEqual(end);
  });

  it("defers an evening end to 08:00 the next morning, across the DST change", () => {
    // Saturday 24 Oct 20:30 CEST → Sunday 25 Oct 08:00 CET.
    expect(reminderDueAt(new Date("2026-10-24T18:30:00Z"), TZ).toISOString()).toBe("2026-10-25T07:00:00.000Z");
    // Saturday 28 Mar 21:00 CET → Sunday 29 Mar 08:00 CEST.
    expect(reminderDueAt(new Date("2026-03-28T20:00:00Z"), TZ).toISOString()).toBe("2026-03-29T06:00:00.000Z");
  });

  it("defers an end in the small hours to 08:00 the same day", () => {
    expect(reminderDueAt(new Date("2026-10-25T01:30:00Z"), TZ).toISOString()).toBe("2026-10-25T07:00:00.000Z");
  });
});
