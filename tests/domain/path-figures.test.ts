// Internship and housing figures of the sheet's third tab and its critical events tab, counted by hand. Period 2026Q1 (90 days),
// scope: site 1 (site 2 is another site of the programme).
import { describe, expect, it } from "vitest";
import {
  computePathFigures,
  eventsByQuarter,
  type PathInput,
  selfDestructiveTrend,
} from "../../src/domain/path-figures.ts";

const Q1 = { startsOn: "2026-01-01", endsOn: "2026-03-31" };
const at = (siteId: number, fromOn: string) => [{ siteId, fromOn, toOn: null }];

const input: PathInput = {
  people: [
    { id: 1, intakeOn: "2025-06-01", dischargeOn: null, sites: at(1, "2025-06-01") },
    { id: 2, intakeOn: "2026-02-01", dischargeOn: "2026-03-01", sites: at(1, "2026-02-01") },
    { id: 3, intakeOn: "2025-01-01", dischargeOn: null, sites: at(2, "2025-01-01") },
    { id: 4, intakeOn: "2025-01-01", dischargeOn: "2025-12-31", sites: at(1, "2025-01-01") },
  ],
  internships: [
    { id: 1, personId: 1, hostId: 10, hostKind: "third_sector", startsOn: "2025-12-01", endsOn: "2026-01-31" },
    { id: 2, personId: 2, hostId: 11, hostKind: null, startsOn: "2026-02-15", endsOn: null },
    { id: 3, personId: 3, hostId: 12, hostKind: "profit", startsOn: "2026-01-10", endsOn: null },
    { id: 4, personId: 1, hostId: 10, hostKind: "third_sector", startsOn: "2026-04-01", endsOn: null },
  ],
  allowances: [
    { internshipId: 1, month: "2025-12", amountCents: 10_000 },
    { internshipId: 1, month: "2026-01", amountCents: 30_000 },
    { internshipId: 2, month: "2026-02", amountCents: 20_000 },
    { internshipId: 2, month: "2026-03", amountCents: 25_000 },
    { internshipId: 3, month: "2026-01", amountCents: 99_900 },
  ],
  beds: [
    { id: 1, siteId: 1 },
    { id: 2, siteId: 1 },
    { id: 3, siteId: 2 },
  ],
  stays: [
    { personId: 1, siteId: 1, fromOn: "2025-12-20", toOn: "2026-01-11" },
    { personId: 2, siteId: 1, fromOn: "2026-02-01", toOn: null },
    { personId: 3, siteId: 2, fromOn: "2026-01-01", toOn: null },
  ],
  events: [
    { siteId: 1, kind: "self_harm", severity: 3, occurredOn: "2026-01-05" },
    { siteId: 1, kind: "aggression_peer", severity: 2, occurredOn: "2026-02-10" },
    { siteId: 1, kind: "self_harm", severity: 2, occurredOn: "2026-03-31" },
    { siteId: 1, kind: "damage", severity: 1, occurredOn: "2025-12-31" },
    { siteId: 1, kind: "suicide_attempt", severity: 4, occurredOn: "2025-08-14" },
    { siteId: 2, kind: "self_harm", severity: 2, occurredOn: "2026-01-20" },
  ],
};

describe("path figures", () => {
  it("counts internships, housing and events of the site in the quarter", () => {
    expect(computePathFigures(input, [1], Q1)).toEqual({
      internshipMonths: (31 + 45) / (365.25 / 12), // 1–31 Jan and 15 Feb – 31 Mar
      allowancesPaid: 3, // January, February, March; December is outside, internship 3 at site 2
      allowanceCents: 75_000,
      hostsByKind: { public: 0, third_sector: 1, profit: 0, unknown: 1 },
      bedNightsUsed: 10 + 59, // 1–10 Jan, 1 Feb – 31 Mar
      bedNightsAvailable: 2 * 90,
      occupancy: 69 / 180,
      peopleHoused: 2,
      averageStayNights: 22, // the one stay that ended: 20 Dec – 11 Jan
    });
  });

  it("counts the whole programme once, and has no ratios without beds, stays or people", () => {
    const both = computePathFigures(input, [1, 2], Q1);
    expect(both).toMatchObject({ allowancesPaid: 4, bedNightsAvailable: 270 });
    expect(computePathFigures(input, [9], Q1)).toMatchObject({ occupancy: null, averageStayNights: null });
  });

  it("counts the quarter's events by kind and severity, per 100 people followed, kinds in the aligned order", () => {
    expect(eventsByQuarter(input, [1], Q1)).toEqual([
      {
        quarterKey: "2026Q1",
        ...Q1,
        peopleFollowed: 2, // person 1, and person 2 until 1 March; person 4 left on 31 December
        all: { bySeverity: { 1: 0, 2: 2, 3: 1, 4: 0 }, total: 3, per100People: 150 },
        byKind: [
          { kind: "self_harm", counts: { bySeverity: { 1: 0, 2: 1, 3: 1, 4: 0 }, total: 2, per100People: 100 } },
          { kind: "aggression_peer", counts: { bySeverity: { 1: 0, 2: 1, 3: 0, 4: 0 }, total: 1, per100People: 50 } },
        ],
      },
    ]);
    expect(eventsByQuarter(input, [9], Q1)[0]?.all).toEqual({
      bySeverity: { 1: 0, 2: 0, 3: 0, 4: 0 },
      total: 0,
      per100People: null,
    });
  });

  it("splits a longer period into its quarters, the first and last clipped to it", () => {
    const quarters = eventsByQuarter(input, [1, 2], { startsOn: "2025-08-01", endsOn: "2026-02-15" });
    expect(quarters.map((q) => [q.quarterKey, q.startsOn, q.endsOn, q.all.total, q.peopleFollowed])).toEqual([
      ["2025Q3", "2025-08-01", "2025-09-30", 1, 3], // the attempt of 14 Aug; people 1, 3, 4
      ["2025Q4", "2025-10-01", "2025-12-31", 1, 3], // the damage of 31 Dec
      ["2026Q1", "2026-01-01", "2026-02-15", 3, 3], // 5 Jan, 20 Jan (site 2), 10 Feb; people 1, 2, 3
    ]);
    expect(quarters[0]?.byKind).toEqual([
      { kind: "suicide_attempt", counts: { bySeverity: { 1: 0, 2: 0, 3: 0, 4: 1 }, total: 1, per100People: 100 / 3 } },
    ]);
  });

  it("follows self-destructive events over the four quarters ending with the period", () => {
    expect(selfDestructiveTrend(input, [1], "2026Q1")).toEqual([
      { quarterKey: "2025Q2", events: 0, peopleFollowed: 2, per100People: 0 },
      { quarterKey: "2025Q3", events: 1, peopleFollowed: 2, per100People: 50 },
      { quarterKey: "2025Q4", events: 0, peopleFollowed: 2, per100People: 0 },
      { quarterKey: "2026Q1", events: 2, peopleFollowed: 2, per100People: 100 },
    ]);
  });
});
