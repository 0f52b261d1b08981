import { describe, expect, it } from "vitest";
import { firstContactIndicator, firstContactStatus, type ReleaseContact } from "../../src/domain/first-contact.ts";

const ROME = "Europe/Rome";
const release = (releaseOn: string, firstContactAt: string | null, personId = 1, siteId = 10): ReleaseContact => ({
  personId,
  siteId,
  releaseOn,
  firstContactAt: firstContactAt === null ? null : new Date(firstContactAt),
});

describe("first contact after a release", () => {
  it("released on a Friday: the 7 days run over the weekend to the next Friday, then the alert is due", () => {
    const friday = "2026-11-06";
    expect(firstContactStatus(release(friday, null), "2026-11-05", ROME)).toBeNull();
    expect(firstContactStatus(release(friday, null), friday, ROME)).toBe("waiting");
    expect(firstContactStatus(release(friday, null), "2026-11-13", ROME)).toBe("waiting");
    expect(firstContactStatus(release(friday, null), "2026-11-14", ROME)).toBe("missed");
    // Seen on the Monday after, on the release evening itself, on the next Friday: within; on Saturday: late.
    expect(firstContactStatus(release(friday, "2026-11-09T09:00:00+01:00"), "2026-11-20", ROME)).toBe("within");
    expect(firstContactStatus(release(friday, "2026-11-06T19:00:00+01:00"), friday, ROME)).toBe("within");
    expect(firstContactStatus(release(friday, "2026-11-13T18:00:00+01:00"), "2026-11-20", ROME)).toBe("within");
    expect(firstContactStatus(release(friday, "2026-11-14T09:00:00+01:00"), "2026-11-20", ROME)).toBe("late");
  });

  it("released on Friday 23/10/2026 with summer time ending on Sunday 25/10: the 7th day ends at Rome's midnight", () => {
    const friday = "2026-10-23";
    // 23:30 on Friday 30/10 in Rome (UTC+1 by then) is 22:30 UTC: still the 7th day.
    expect(firstContactStatus(release(friday, "2026-10-30T22:30:00Z"), "2026-11-02", ROME)).toBe("within");
    // 00:30 on Saturday 31/10 in Rome is still Friday in UTC: one day too late.
    expect(firstContactStatus(release(friday, "2026-10-30T23:30:00Z"), "2026-11-02", ROME)).toBe("late");
    // 01:30 on the release day in Rome (UTC+2 then) is the day before in UTC: on the release day, so within.
    expect(firstContactStatus(release(friday, "2026-10-22T23:30:00Z"), "2026-11-02", ROME)).toBe("within");
    expect(firstContactStatus(release(friday, null), "2026-10-30", ROME)).toBe("waiting");
    expect(firstContactStatus(release(friday, null), "2026-10-31", ROME)).toBe("missed");
  });

  it("is measured per site and for the programme, listing who is still without a first contact", () => {
    const indicator = firstContactIndicator(
      [
        release("2026-10-23", "2026-10-30T22:30:00Z", 1, 10),
        release("2026-10-23", "2026-10-30T23:30:00Z", 2, 10),
        release("2026-10-26", null, 3, 10),
        release("2026-11-06", null, 4, 20),
        release("2026-11-02", "2026-11-03T10:00:00+01:00", 5, 20),
        release("2026-11-20", null, 6, 20),
      ],
      "2026-11-10",
      ROME,
    );
    expect(indicator.bySite[10]).toEqual({
      measured: 3,
      within: 1,
      rate: 1 / 3,
      withoutContact: [{ personId: 3, releaseOn: "2026-10-26", daysSince: 15, overdue: true }],
    });
    expect(indicator.bySite[20]).toEqual({
      measured: 1,
      within: 1,
      rate: 1,
      withoutContact: [{ personId: 4, releaseOn: "2026-11-06", daysSince: 4, overdue: false }],
    });
    expect(indicator.total).toEqual({
      measured: 4,
      within: 2,
      rate: 0.5,
      withoutContact: [
        { personId: 3, releaseOn: "2026-10-26", daysSince: 15, overdue: true },
        { personId: 4, releaseOn: "2026-11-06", daysSince: 4, overdue: false },
      ],
    });
    expect(firstContactIndicator([], "2026-11-10", ROME).total).toEqual({
      measured: 0,
      within: 0,
      rate: null,
      withoutContact: [],
    });
  });
});
