// Golden fixture: every indicator below was counted by hand from the rows in this file. Quarter: 2026Q1.
import { describe, expect, it } from "vitest";
import type { AttendanceRow, InternshipRow, PersonRow, SessionRow } from "../../src/domain/digest.ts";
import { computeQuarterlyIndicators, QUARTERLY_CATEGORIES, QUARTERLY_INDICATORS } from "../../src/domain/quarterly.ts";
import type {
  IndicatorValues,
  QuarterlyIndicatorCode,
  QuarterlyInput,
  QuarterlySite,
} from "../../src/domain/quarterly.ts";

const sites: QuarterlySite[] = [
  { id: 1, name: "CR Bollate – centro diurno", kind: "day_centre_inside" },
  { id: 2, name: "Milano – mediazione al lavoro", kind: "territorial_service" },
  { id: 3, name: "Appartamento Ponte", kind: "housing" },
  { id: 4, name: "Centro diurno Lambrate", kind: "day_centre_outside" },
];
const SITE_OUTSIDE_THE_SHEET = 9;

// Everyone has been at their sites, with the same legal status, since before the quarter (facts can predate intake).
const KNOWN_SINCE = "2025-01-01";

function person(
  id: number,
  siteIds: number[],
  legalStatus: string,
  birthYear: number,
  fragilities: string[],
  intakeOn: string,
): PersonRow {
  return {
    id,
    sites: siteIds.map((siteId) => ({ siteId, fromOn: KNOWN_SINCE, toOn: null })),
    legalStatuses: [{ status: legalStatus, fromOn: KNOWN_SINCE }],
    birthYear,
    fragilities,
    intakeOn,
    dischargeOn: null,
  };
}

function session(
  id: number,
  siteId: number,
  kind: string,
  activityId: number | null,
  occurredAt: string,
  occurredOn: string,
  durationMinutes: number,
  voided = false,
): SessionRow {
  const instant = new Date(occurredAt);
  return {
    id,
    siteId,
    kind,
    activityId,
    occurredAt: instant,
    occurredOn,
    recordedAt: instant,
    durationMinutes,
    authorId: 1,
    voidedAt: voided ? instant : null,
  };
}

function marks(sessionId: number, statuses: Record<number, string>): AttendanceRow[] {
  return Object.entries(statuses).map(([personId, status]) => ({ sessionId, personId: Number(personId), status }));
}

// Host organisations by id: one per organisation, however its name was spelled.
const [ALFA, BETA, GAMMA, DELTA, EPSILON, ZETA] = [1, 2, 3, 4, 5, 6];

function internship(
  id: number,
  personId: number,
  hostId: number,
  startsOn: string,
  endsOn: string | null,
  outcome: string | null,
): InternshipRow {
  return { id, personId, hostId, startsOn, endsOn, outcome };
}

const input: QuarterlyInput = {
  people: [
    person(1, [1], "detained", 1980, ["psychiatric"], "2025-06-01"),
    person(2, [1], "detained", 2003, [], "2026-01-10"), // 23 in 2026: young adult
    person(3, [1, 2], "probation_social_services", 2000, ["addiction"], "2026-02-01"), // 26: not young
    person(4, [2], "probation_map", 2001, [], "2026-03-15"), // 25: young adult
    person(5, [2], "juvenile", 2007, [], "2026-04-02"),
    person(6, [3, 2], "released", 1975, ["homeless"], "2025-12-20"),
    person(7, [1], "detained", 1970, ["addiction", "disability"], "2025-09-01"),
    person(8, [1], "home_detention", 1988, ["psychiatric"], "2025-11-01"),
  ],
  activities: [
    { id: 1, siteId: 1, kind: "workshop" },
    { id: 2, siteId: 1, kind: "certified_training" },
    { id: 3, siteId: 1, kind: "volunteering" },
    { id: 4, siteId: 2, kind: "certified_training" },
    { id: 5, siteId: 1, kind: "talk_group" },
    { id: 6, siteId: 2, kind: "volunteering" },
    { id: 7, siteId: 2, kind: "workshop" },
  ],
  sessions: [
    session(1, 1, "group_activity", 1, "2026-01-13T10:00+01:00", "2026-01-13", 120),
    session(2, 1, "individual_educational", null, "2026-01-13T13:00+01:00", "2026-01-13", 45),
    session(3, 1, "group_activity", 2, "2026-02-03T09:00+01:00", "2026-02-03", 180),
    session(4, 1, "individual_psychological", null, "2026-02-03T10:00+01:00", "2026-02-03", 60),
    session(5, 1, "phone_contact", null, "2026-02-10T15:00+01:00", "2026-02-10", 15),
    session(6, 1, "group_activity", 3, "2026-03-05T09:00+01:00", "2026-03-05", 240),
    session(7, 1, "individual_social", null, "2026-04-01T00:30+02:00", "2026-04-01", 60),
    session(8, 1, "team_meeting", null, "2026-03-10T14:00+01:00", "2026-03-10", 60),
    session(9, 1, "group_activity", 1, "2026-03-12T10:00+01:00", "2026-03-12", 120, true),
    session(10, 2, "group_activity", 4, "2026-02-20T09:00+01:00", "2026-02-20", 240),
    session(11, 2, "group_activity", 4, "2026-03-20T09:00+01:00", "2026-03-20", 240),
    session(12, 2, "individual_social", null, "2026-03-25T10:00+01:00", "2026-03-25", 60),
    session(13, 2, "group_activity", 6, "2026-01-20T09:00+01:00", "2026-01-20", 180),
    session(14, 1, "individual_educational", null, "2025-12-31T23:30+01:00", "2025-12-31", 30),
    session(15, 3, "home_visit", null, "2026-02-15T10:00+01:00", "2026-02-15", 60),
    session(16, 2, "group_activity", 7, "2026-03-03T10:00+01:00", "2026-03-03", 90),
    session(18, 1, "individual_educational", null, "2026-03-18T10:00+01:00", "2026-03-18", 60),
    session(17, SITE_OUTSIDE_THE_SHEET, "individual_educational", null, "2026-02-01T10:00+01:00", "2026-02-01", 60),
  ],
  attendance: [
    ...marks(1, { 1: "present", 2: "present", 7: "absent" }),
    ...marks(2, { 2: "present" }),
    ...marks(3, { 1: "present", 2: "present", 3: "present", 7: "absent", 8: "present" }),
    ...marks(4, { 1: "present" }),
    ...marks(5, { 1: "present" }),
    ...marks(6, { 1: "present", 7: "excused" }),
    ...marks(7, { 7: "present" }),
    ...marks(9, { 7: "present" }),
    ...marks(10, { 3: "present", 4: "absent", 6: "present" }),
    ...marks(11, { 4: "present" }),
    ...marks(12, { 6: "present" }),
    ...marks(13, { 6: "present", 3: "present" }),
    ...marks(14, { 7: "present" }),
    ...marks(15, { 6: "present" }),
    ...marks(16, { 3: "present" }),
    ...marks(17, { 7: "present" }),
    ...marks(18, { 7: "absent" }),
  ],
  internships: [
    internship(1, 2, ALFA, "2026-02-01", null, null),
    internship(2, 3, BETA, "2025-11-01", "2026-01-31", "completed"),
    internship(3, 4, ALFA, "2026-03-16", null, null),
    internship(4, 6, GAMMA, "2026-01-01", "2026-03-15", "hired_elsewhere"),
    internship(5, 1, DELTA, "2025-09-01", "2025-12-31", "completed"),
    internship(6, 3, BETA, "2026-02-15", "2026-03-13", "interrupted"),
    internship(7, 1, DELTA, "2026-04-01", null, null),
    internship(8, 3, EPSILON, "2026-03-16", "2026-03-31", "hired_by_host"),
    internship(10, 4, ALFA, "2026-01-05", "2026-01-20", null),
    internship(11, 1, DELTA, "2025-10-01", "2026-01-01", "completed"),
    internship(12, 4, ZETA, "2026-03-31", null, null),
  ],
  housingStays: [
    { id: 1, personId: 6, siteId: 3, fromOn: "2025-12-20", toOn: "2026-01-10" },
    { id: 2, personId: 6, siteId: 3, fromOn: "2026-03-20", toOn: null },
    { id: 3, personId: 3, siteId: 3, fromOn: "2026-03-31", toOn: "2026-04-05" },
    { id: 4, personId: 1, siteId: 3, fromOn: "2025-10-01", toOn: "2026-01-01" },
    { id: 5, personId: 4, siteId: 3, fromOn: "2026-02-10", toOn: "2026-02-10" },
  ],
  referrals: [
    { id: 1, siteId: 1, receivedOn: "2026-01-05" },
    { id: 2, siteId: 1, receivedOn: "2026-03-31" },
    { id: 3, siteId: 2, receivedOn: "2026-01-01" },
    { id: 4, siteId: 2, receivedOn: "2025-12-31" },
    { id: 5, siteId: SITE_OUTSIDE_THE_SHEET, receivedOn: "2026-02-01" },
  ],
};

type Row = [
  site1: number | null,
  site2: number | null,
  site3: number | null,
  site4: number | null,
  total: number | null,
];

// Sessions counted: non-voided, occurredOn in 1 Jan – 31 Mar (S7 is 1 Apr 00:30, S14 31 Dec 23:30, S17 another site).
const expected: Record<QuarterlyIndicatorCode, Row> = {
  detained_participants_with_fragility: [1, 0, 0, 0, 1], // q1; q2 no fragility, q7 never present, q8 house arrest
  certified_training_participants: [4, 2, 0, 0, 5], // S3: q1 q2 q3 q8 (home detention is external) · S10/S11: q3 q4 (not q6, free)
  detained_interns: [2, 0, 0, 0, 2], // q1 (I11 until 1 Jan; I5 ended 31 Dec, I7 starts 1 Apr), q2 (I1)
  external_execution_interns: [1, 2, 0, 0, 2], // q3 (sites 1, 2), q4 (site 2)
  community_service_participants: [1, 2, 0, 0, 3], // S6: q1 (q7 excused) · S13: q6 q3
  day_centre_workshops_active: [1, 0, 0, 0, 1], // A1; A2 course, A3 volunteering, A5 never held, A7 not a day centre
  day_centre_opening_days: [3, 0, 0, 0, 3], // 13 Jan, 3 Feb, 5 Mar (S5 phone call, S8 meeting, S9 voided, S18 nobody present)
  day_centre_opening_hours: [9.75, 0, 0, 0, 9.75], // 13 Jan 10–12 + 13–13:45, 3 Feb 9–12 (S4 inside), 5 Mar 9–13
  housing_stays: [0, 0, 3, 0, 3], // H1 H2 H3; H4 leaves 1 Jan, H5 has no night
  housing_stay_days: [0, 0, 22, 0, 22], // H1 1–9 Jan: 9, H2 20–31 Mar: 12, H3 31 Mar: 1
  certified_training_courses: [1, 1, 0, 0, 2], // A2, A4
  young_adult_interventions: [3, 1, 0, 0, 4], // S1 S2 S3 (q2) · S11 (q4)
  internship_host_organisations: [4, 5, 1, 0, 6], // alfa beta epsilon delta · beta epsilon alfa gamma zeta · gamma
  volunteering_activities: [1, 1, 0, 0, 2], // A3, A6
  job_referrals: [2, 1, 0, 0, 3], // referrals received: R1 R2 · R3 (R4 in December, R5 another site)
  job_intakes: [2, 2, 0, 0, 3], // q2 q3 · q3 q4
  internships_started: [3, 6, 1, 0, 7], // I1 I6 I8 · I3 I4 I6 I8 I10 I12 (31 Mar) · I4 (1 Jan)
  internship_starters: [2, 3, 1, 0, 4], // q2 q3 · q3 q4 q6 · q6
  hires_after_internship_host: [1, 1, 0, 0, 1], // I8 (31 Mar)
  hires_after_internship_other: [0, 1, 1, 0, 1], // I4
  hire_rate_after_internship: [1 / 4, 0.5, 1, null, 2 / 5], // ended with an outcome: I2 I6 I8 I11 · I2 I4 I6 I8 · I4 (I10 has none)
};

function column(index: number): IndicatorValues {
  return Object.fromEntries(Object.entries(expected).map(([code, row]) => [code, row[index]])) as IndicatorValues;
}

describe("computeQuarterlyIndicators (golden fixture)", () => {
  it("computes every indicator per site and in total", () => {
    expect(computeQuarterlyIndicators(input, sites, "2026Q1")).toEqual({
      quarterKey: "2026Q1",
      startsOn: "2026-01-01",
      endsOn: "2026-03-31",
      sites: sites.map((site, index) => ({ siteId: site.id, siteName: site.name, values: column(index) })),
      total: column(4),
    });
  });

  it("applies the same formulas to another quarter's dates", () => {
    const { startsOn, endsOn, total } = computeQuarterlyIndicators(input, sites, "2025Q3");
    expect([startsOn, endsOn]).toEqual(["2025-07-01", "2025-09-30"]);
    expect(total.job_intakes).toBe(1); // q7, 1 Sep 2025
    expect(total.internships_started).toBe(1); // I5, 1 Sep 2025
    expect(total.housing_stay_days).toBe(0); // H4 starts 1 Oct
    expect(total.day_centre_opening_days).toBe(0);
    expect(total.hire_rate_after_internship).toBeNull(); // no internship ended in the quarter
  });
});

describe("QUARTERLY_INDICATORS", () => {
  it("lists each code once, grouped by category in sheet order", () => {
    const codes = QUARTERLY_INDICATORS.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    const categoryOrder = QUARTERLY_INDICATORS.map((i) => QUARTERLY_CATEGORIES.indexOf(i.category));
    expect(categoryOrder).toEqual([...categoryOrder].sort((a, b) => a - b));
    expect(Object.keys(expected).sort()).toEqual([...codes].sort());
  });
});
