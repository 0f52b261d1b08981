// Golden fixture for the funder's 15 indicators, counted by hand from the rows below. Period 2026Q1; the programme
// started 2025-10-01, so "cumulative" is 2025-10-01 – 2026-03-31. Cases: legal status changing within the quarter (P1,
// P4), a person at two sites (P2), a discharge mid-quarter (P3), an internship spanning two quarters (P4), phone calls
// and team meetings that do not make a participant (P8), a person reached only before the quarter (P9).
import { describe, expect, it } from "vitest";
import {
  ageBand,
  computeOutputIndicators,
  funderSheetScopes,
  OUTPUT_INDICATORS,
  type OutputIndicatorInput,
  type SheetSite,
} from "../../src/domain/output-indicators.ts";

const sites: SheetSite[] = [
  { id: 1, name: "CR Bollate – centro diurno", kind: "day_centre_inside" },
  { id: 2, name: "Centro diurno Lambrate", kind: "day_centre_outside" },
  { id: 3, name: "Casa Ponte", kind: "housing" },
  { id: 4, name: "Milano – servizio territoriale", kind: "territorial_service" },
];
const QUARTER = { startsOn: "2026-01-01", endsOn: "2026-03-31" };
const SINCE_START = { startsOn: "2025-10-01", endsOn: "2026-03-31" };
const LONG_AGO = "2025-01-01";

type Person = OutputIndicatorInput["people"][number];
function person(
  id: number,
  siteIds: number[],
  statuses: [string, string][],
  birthYear: number,
  gender: string,
  fragilities: string[] = [],
  dischargeOn: string | null = null,
): Person {
  return {
    id,
    sites: siteIds.map((siteId) => ({ siteId, fromOn: LONG_AGO, toOn: null })),
    legalStatuses: statuses.map(([status, fromOn]) => ({ status, fromOn })),
    birthYear,
    gender,
    fragilities,
    intakeOn: LONG_AGO,
    dischargeOn,
  };
}

/** A session with the people present at it (absent, excused and voided sessions are not loaded: see the service). */
function session(id: number, siteId: number, kind: string, activityId: number | null, on: string, present: number[]) {
  return { id, siteId, kind, activityId, occurredOn: on, present };
}

const input: OutputIndicatorInput = {
  people: [
    person(
      1,
      [1],
      [
        ["detained", LONG_AGO],
        ["home_detention", "2026-02-15"],
      ],
      1980,
      "male",
      ["psychiatric"],
    ),
    person(2, [1, 2], [["detained", LONG_AGO]], 2004, "female"),
    person(3, [2], [["probation_map", LONG_AGO]], 1990, "male", ["addiction"], "2026-02-10"),
    person(
      4,
      [4],
      [
        ["detained", LONG_AGO],
        ["probation_social_services", "2026-01-20"],
      ],
      1970,
      "male",
      ["addiction"],
    ),
    person(5, [3], [["released", LONG_AGO]], 1960, "female"),
    person(6, [3], [["home_detention", LONG_AGO]], 2007, "male"),
    person(7, [3], [["detained", LONG_AGO]], 1995, "male"),
    person(8, [2], [["detained", LONG_AGO]], 1985, "male", ["psychiatric"]),
    person(9, [4], [["detained", LONG_AGO]], 1950, "male", ["psychiatric"], "2025-12-31"),
  ],
  activities: [
    { id: 1, siteId: 1, kind: "workshop" },
    { id: 2, siteId: 1, kind: "certified_training" },
    { id: 3, siteId: 2, kind: "workshop" },
    { id: 4, siteId: 4, kind: "volunteering" },
    { id: 5, siteId: 2, kind: "certified_training" },
    { id: 6, siteId: 1, kind: "talk_group" },
  ],
  sessions: [
    session(1, 1, "group_activity", 1, "2026-01-13", [1, 2]),
    session(2, 1, "group_activity", 2, "2026-02-10", [1, 2]),
    session(3, 1, "group_activity", 2, "2026-03-10", [1]),
    session(4, 2, "group_activity", 3, "2026-01-20", [2, 3]),
    session(5, 2, "phone_contact", null, "2026-01-21", [8]),
    session(6, 2, "team_meeting", null, "2026-01-22", [8]),
    session(7, 4, "group_activity", 4, "2026-03-05", [4, 6]),
    session(9, 1, "individual_educational", null, "2025-12-10", [1]),
    session(10, 2, "individual_educational", null, "2026-02-05", [3]),
    session(11, 2, "group_activity", 5, "2026-03-15", [6]),
    session(12, 1, "group_activity", 6, "2025-11-05", [2]),
    session(13, 4, "individual_social", null, "2025-10-20", [9]),
  ],
  internships: [
    { id: 1, personId: 2, hostId: 10, startsOn: "2026-03-01", endsOn: null, outcome: null },
    { id: 2, personId: 4, hostId: 11, startsOn: "2025-11-01", endsOn: "2026-02-28", outcome: "completed" },
  ],
  housingStays: [
    { id: 1, personId: 5, siteId: 3, fromOn: "2025-12-15", toOn: "2026-01-10" },
    { id: 2, personId: 6, siteId: 3, fromOn: "2026-03-31", toOn: null },
    { id: 3, personId: 7, siteId: 3, fromOn: "2026-04-01", toOn: null },
    { id: 4, personId: 5, siteId: 3, fromOn: "2025-10-05", toOn: "2025-11-01" },
  ],
  openingHours: [
    ...[1, 2, 3, 4, 5].map((weekday) => ({
      siteId: 1,
      fromOn: LONG_AGO,
      weekday,
      opensAt: "09:00",
      closesAt: "13:00",
    })),
    { siteId: 1, fromOn: LONG_AGO, weekday: 2, opensAt: "14:00", closesAt: "16:00" },
    { siteId: 1, fromOn: LONG_AGO, weekday: 2, opensAt: "15:00", closesAt: "17:00" },
    { siteId: 1, fromOn: "2026-03-01", weekday: 1, opensAt: "09:00", closesAt: "12:00" },
    { siteId: 1, fromOn: "2026-03-01", weekday: 3, opensAt: "09:00", closesAt: "12:00" },
    { siteId: 2, fromOn: "2026-02-01", weekday: 6, opensAt: "10:00", closesAt: "18:00" },
    // A housing site's hours are not a day centre's.
    { siteId: 3, fromOn: LONG_AGO, weekday: 1, opensAt: "00:00", closesAt: "23:59" },
  ],
  closures: [
    { siteId: 1, fromOn: "2026-01-01", toOn: "2026-01-06" },
    { siteId: 1, fromOn: "2026-02-16", toOn: "2026-02-16" },
    { siteId: 1, fromOn: "2025-12-24", toOn: "2025-12-31" },
    { siteId: 2, fromOn: "2026-03-14", toOn: "2026-03-14" },
  ],
  outputs: [
    { id: 1, siteId: null, kind: "report_publication", on: "2026-02-01" },
    { id: 2, siteId: 1, kind: "promotional_material", on: "2026-03-03" },
    { id: 3, siteId: 4, kind: "information_service", on: "2026-01-15" },
    { id: 4, siteId: 1, kind: "promotional_material", on: "2025-12-01" },
    { id: 5, siteId: 1, kind: "report_publication", on: "2026-04-01" },
  ],
};

const quarter = computeOutputIndicators(input, sites, QUARTER);
const sinceStart = computeOutputIndicators(input, sites, SINCE_START);
const site = (result: typeof quarter, id: number) => result.sites.find((s) => s.siteId === id)?.values;

describe("the funder's 15 output indicators", () => {
  it("are the funder's, in the funder's order", () => {
    expect(OUTPUT_INDICATORS.map((i) => i.code)).toEqual([
      "day_centre_workshops",
      "day_centre_opening_days",
      "day_centre_opening_hours",
      "detained_participants_with_fragility",
      "housing_placements",
      "certified_courses",
      "detained_course_participants",
      "external_course_participants",
      "detained_interns",
      "external_interns",
      "public_utility_volunteers",
      "young_adult_interventions",
      "reports_publications",
      "promotional_materials",
      "information_services",
    ]);
  });

  it("counts each site's quarter by hand", () => {
    expect(site(quarter, 1)).toEqual({
      day_centre_workshops: 1, // activity 1; 2 is a course
      day_centre_opening_days: 46, // Jan 18 + Feb 19 (weekdays less closures), Mar 9 (Mondays and Wednesdays)
      day_centre_opening_hours: 196, // 4 h a day, Tuesdays 7 h (14–16 and 15–17 overlap); March 3 h a day
      detained_participants_with_fragility: 1, // P1, detained on 13 Jan
      housing_placements: 0,
      certified_courses: 1,
      detained_course_participants: 2, // P1 and P2 on 10 Feb
      external_course_participants: 1, // P1 again on 10 Mar, in home detention since 15 Feb
      detained_interns: 1, // P2
      external_interns: 0,
      public_utility_volunteers: 0,
      young_adult_interventions: 2, // sessions 1 and 2 with P2 (22)
      reports_publications: 0, // the programme's report counts only in the total
      promotional_materials: 1,
      information_services: 0,
      people_reached: 2,
    });
    expect(site(quarter, 2)).toEqual({
      day_centre_workshops: 1,
      day_centre_opening_days: 7, // Saturdays from 1 Feb, less 14 Mar
      day_centre_opening_hours: 56,
      detained_participants_with_fragility: 0, // P8 only had a phone call and a team meeting
      housing_placements: 0,
      certified_courses: 1,
      detained_course_participants: 0,
      external_course_participants: 1, // P6
      detained_interns: 1, // P2, who is also at site 1
      external_interns: 0,
      public_utility_volunteers: 0,
      young_adult_interventions: 2, // sessions 4 (P2) and 11 (P6, 19)
      reports_publications: 0,
      promotional_materials: 0,
      information_services: 0,
      people_reached: 3, // P2, P3 (discharged 10 Feb, present before), P6
    });
    expect(site(quarter, 3)).toMatchObject({ housing_placements: 2, day_centre_opening_days: 0, people_reached: 2 });
    expect(site(quarter, 4)).toMatchObject({
      detained_participants_with_fragility: 0, // P4 was no longer detained on 5 Mar
      detained_interns: 1, // P4, detained on 1–19 Jan of the internship
      external_interns: 1, // and on probation from 20 Jan
      public_utility_volunteers: 2,
      young_adult_interventions: 1,
      information_services: 1,
      people_reached: 2,
    });
  });

  it("counts the programme's total once per person, course or output", () => {
    expect(quarter.total.values).toEqual({
      day_centre_workshops: 2,
      day_centre_opening_days: 53,
      day_centre_opening_hours: 252,
      detained_participants_with_fragility: 1,
      housing_placements: 2,
      certified_courses: 2,
      detained_course_participants: 2,
      external_course_participants: 2,
      detained_interns: 2,
      external_interns: 1,
      public_utility_volunteers: 2,
      young_adult_interventions: 5,
      reports_publications: 1,
      promotional_materials: 1,
      information_services: 1,
      people_reached: 6, // less than the sum of the sites (9): P2 and P6 are at two
    });
  });

  it("computes the cumulative values over the whole span, never as a sum of quarters", () => {
    expect(sinceStart.total.values).toMatchObject({
      day_centre_workshops: 3, // + activity 6 in November
      day_centre_opening_days: 113, // site 1: + Oct 23, Nov 20, Dec 17
      day_centre_opening_hours: 528,
      detained_participants_with_fragility: 2, // + P9, discharged since
      housing_placements: 3,
      young_adult_interventions: 6,
      promotional_materials: 2,
      people_reached: 7,
    });
  });

  it("breaks the people reached down by sex, age band, legal status on the fact's date and site", () => {
    expect(quarter.total.breakdown).toEqual({
      bySex: { female: 2, male: 4 },
      byAgeBand: { "18_25": 2, "26_35": 0, "36_50": 2, over_50: 2, unknown: 0 },
      byLegalStatus: { detained: 3, external: 4, free: 1 },
      bySite: { 1: 2, 2: 3, 3: 2, 4: 2 },
    });
    expect([ageBand(null, "2026-01-01"), ageBand(2010, "2026-01-01"), ageBand(1976, "2026-01-01")]).toEqual([
      "unknown",
      "unknown",
      "36_50",
    ]);
  });

  it("lays out target, actual, cumulative and % of target per site and for the programme", () => {
    const scopes = funderSheetScopes(
      quarter,
      sinceStart,
      [
        { code: "day_centre_opening_days", siteId: null, target: 200 },
        { code: "day_centre_opening_days", siteId: 1, target: 120 },
        { code: "people_reached", siteId: null, target: 1500 },
        { code: "detained_interns", siteId: null, target: 0 },
      ],
      "Totale",
    );
    expect(scopes.map((s) => s.name)).toEqual([...sites.map((s) => s.name), "Totale"]);
    const line = (name: string, code: string) =>
      scopes.find((s) => s.name === name)?.lines.find((l) => l.code === code);
    expect(line("CR Bollate – centro diurno", "day_centre_opening_days")).toEqual({
      code: "day_centre_opening_days",
      target: 120,
      actual: 46,
      cumulative: 106,
      ofTarget: 106 / 120,
    });
    expect(line("Totale", "day_centre_opening_days")).toMatchObject({
      target: 200,
      actual: 53,
      cumulative: 113,
      ofTarget: 0.565,
    });
    expect(line("Totale", "people_reached")).toMatchObject({
      target: 1500,
      actual: 6,
      cumulative: 7,
      ofTarget: 7 / 1500,
    });
    expect(line("Totale", "detained_interns")).toMatchObject({ target: 0, ofTarget: null });
    expect(line("Centro diurno Lambrate", "day_centre_opening_days")).toMatchObject({ target: null, ofTarget: null });
    expect(scopes[0]?.lines).toHaveLength(16);
  });
});
