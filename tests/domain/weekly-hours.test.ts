// A week's opening hours as a coordinator types them in /orari: days by name or range in Italian or English, one or
// more slots each; anything else is refused rather than guessed.
import { describe, expect, it } from "vitest";
import { parseWeeklyHours } from "../../src/domain/opening-calendar.ts";

describe("parseWeeklyHours", () => {
  it("reads ranges and lists of days with one or more slots, in either language", () => {
    expect(parseWeeklyHours("lun-ven 9-12:30 14-17; sab 9.30-12")).toEqual({
      ok: true,
      hours: [
        ...[1, 2, 3, 4, 5].flatMap((weekday) => [
          { weekday, opensAt: "09:00", closesAt: "12:30" },
          { weekday, opensAt: "14:00", closesAt: "17:00" },
        ]),
        { weekday: 6, opensAt: "09:30", closesAt: "12:00" },
      ],
    });
    expect(parseWeeklyHours("Lunedì, mercoledì e venerdì 14 – 18\nsat 10-12")).toEqual({
      ok: true,
      hours: [
        { weekday: 1, opensAt: "14:00", closesAt: "18:00" },
        { weekday: 3, opensAt: "14:00", closesAt: "18:00" },
        { weekday: 5, opensAt: "14:00", closesAt: "18:00" },
        { weekday: 6, opensAt: "10:00", closesAt: "12:00" },
      ],
    });
  });

  it("refuses what is not a week's hours, and a slot that ends before it starts", () => {
    for (const typed of [
      "",
      "9-12",
      "lun",
      "domenica-lunedì 9-12",
      "lun-ven 9-25",
      "lun-ven nove-dodici",
      "xyz 9-12",
    ]) {
      expect(parseWeeklyHours(typed), typed).toEqual({ ok: false, reason: "format" });
    }
    expect(parseWeeklyHours("lun 14-9")).toEqual({ ok: false, reason: "closes-before-opens" });
  });
});
