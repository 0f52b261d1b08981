// Golden fixture: every figure below was counted by hand from the rows in this file.
// Week under test: 2026-W13 (Mon 23 – Sun 29 March 2026, clocks go forward on the Sunday); previous: 2026-W12.
// Plans and legal statuses are taken as they stood at the end of each week: some change after it (a plan written on
// 31 March, a version replaced on 2 April, a status from 15 April), and those later states must not show.
import { describe, expect, it } from "vitest";
import { computeDigest, computeWeekFigures, digestInputWindow, weeklyChartPoints } from "../../src/domain/digest.ts";
import type {
  CriticalEventRow,
  DigestFigures,
  DigestInput,
  DigestScope,
  SessionAttendance,
  SessionRow,
} from "../../src/domain/digest.ts";

const BOLLATE = 1; // site 1, programme 1
const MILANO = 2; // site 2, programme 1
const OTHER_PROGRAMME_SITE = 3;
const programme: DigestScope = { kind: "programme", programmeId: 1, siteIds: [BOLLATE, MILANO] };
const bollate: DigestScope = { kind: "site", siteId: BOLLATE };

const at = (instant: string) => new Date(instant);

function session(
  id: number,
  siteId: number,
  kind: string,
  activityId: number | null,
  occurredAt: string,
  occurredOn: string,
  recordedAt: string,
  durationMinutes: number,
  authorId: number,
  voidedAt: string | null = null,
): SessionRow {
  return {
    id,
    siteId,
    kind,
    activityId,
    occurredAt: at(occurredAt),
    occurredOn,
    recordedAt: at(recordedAt),
    durationMinutes,
    authorId,
    voidedAt: voidedAt === null ? null : at(voidedAt),
  };
}

/** A session's attendance from each person's mark: present, absent, excused or withdrawn. */
function marks(sessionId: number, statuses: Record<number, string>): SessionAttendance {
  const entries = Object.entries(statuses);
  return {
    sessionId,
    presentPersonIds: entries.filter(([, status]) => status === "present").map(([personId]) => Number(personId)),
    expected: entries.filter(([, status]) => status !== "withdrawn").length,
  };
}

function event(
  id: number,
  siteId: number,
  kind: string,
  severity: number,
  occurredAt: string,
  occurredOn: string,
  recordedAt: string,
  reporterId: number,
  acknowledgedAt: string | null,
  closedAt: string | null,
  personIds: number[],
): CriticalEventRow {
  return {
    id,
    siteId,
    kind,
    severity,
    occurredAt: at(occurredAt),
    occurredOn,
    recordedAt: at(recordedAt),
    reporterId,
    acknowledgedAt: acknowledgedAt === null ? null : at(acknowledgedAt),
    closedAt: closedAt === null ? null : at(closedAt),
    personIds,
  };
}

const operatorAt = (siteId: number, createdAt = "2025-10-01T08:00:00Z") => ({
  role: "operator",
  siteId,
  createdAt: at(createdAt),
});

/** At the sites from a date on (intake, usually), with no transfer. */
const since = (fromOn: string, ...siteIds: number[]) => siteIds.map((siteId) => ({ siteId, fromOn, toOn: null }));
/** Legal-status periods as [status, from] pairs. */
const statuses = (...periods: [string, string][]) => periods.map(([status, fromOn]) => ({ status, fromOn }));
/** A plan version written at `createdAt` and replaced at `closedAt` (null: still in force). */
const plan = (
  personId: number,
  status: string,
  reviewOn: string | null,
  createdAt: string,
  closedAt: string | null,
) => ({
  personId,
  status,
  reviewOn,
  createdAt: at(createdAt),
  closedAt: closedAt === null ? null : at(closedAt),
});

const input: DigestInput = {
  people: [
    {
      id: 1,
      sites: since("2025-11-10", BOLLATE),
      intakeOn: "2025-11-10",
      dischargeOn: null,
      // Detained until Thursday 26, then outside on probation; released from 15 April (after the week).
      legalStatuses: statuses(
        ["detained", "2025-11-10"],
        ["probation_social_services", "2026-03-27"],
        ["released", "2026-04-15"],
      ),
    },
    {
      id: 2,
      sites: since("2025-12-01", BOLLATE),
      intakeOn: "2025-12-01",
      dischargeOn: null,
      legalStatuses: statuses(["detained_awaiting_trial", "2025-12-01"]),
    },
    {
      id: 3,
      sites: since("2026-03-25", BOLLATE),
      intakeOn: "2026-03-25",
      dischargeOn: null,
      legalStatuses: statuses(["home_detention", "2026-03-25"]),
    },
    {
      id: 4,
      sites: since("2025-10-01", BOLLATE),
      intakeOn: "2025-10-01",
      dischargeOn: "2026-03-29",
      legalStatuses: statuses(["detained", "2025-10-01"]),
    },
    {
      id: 5,
      sites: since("2026-01-15", MILANO),
      intakeOn: "2026-01-15",
      dischargeOn: null,
      legalStatuses: statuses(["semi_liberty", "2026-01-15"]),
    },
    {
      id: 6,
      sites: since("2026-02-01", MILANO),
      intakeOn: "2026-02-01",
      dischargeOn: null,
      legalStatuses: statuses(["community_service", "2026-02-01"]),
    },
    {
      id: 7,
      sites: since("2026-03-17", BOLLATE, MILANO),
      intakeOn: "2026-03-17",
      dischargeOn: null,
      legalStatuses: statuses(["juvenile", "2026-03-17"]),
    },
    {
      id: 8,
      sites: since("2025-01-01", OTHER_PROGRAMME_SITE),
      intakeOn: "2025-01-01",
      dischargeOn: null,
      legalStatuses: statuses(["released", "2025-01-01"]),
    },
    // No legal status recorded yet.
    { id: 9, sites: since("2026-03-16", MILANO), intakeOn: "2026-03-16", dischargeOn: null, legalStatuses: [] },
  ],
  staff: [
    { id: 1, active: true, deactivatedAt: null, memberships: [operatorAt(BOLLATE)] },
    { id: 2, active: true, deactivatedAt: null, memberships: [operatorAt(MILANO)] },
    { id: 3, active: true, deactivatedAt: null, memberships: [operatorAt(BOLLATE), operatorAt(MILANO)] },
    {
      id: 4,
      active: true,
      deactivatedAt: null,
      memberships: [{ role: "coordinator", siteId: BOLLATE, createdAt: at("2025-10-01T08:00:00Z") }],
    },
    { id: 5, active: false, deactivatedAt: at("2026-03-23T00:00+01:00"), memberships: [operatorAt(MILANO)] },
    { id: 6, active: true, deactivatedAt: null, memberships: [operatorAt(MILANO, "2026-03-30T00:00+02:00")] },
    { id: 7, active: true, deactivatedAt: null, memberships: [operatorAt(OTHER_PROGRAMME_SITE)] },
  ],
  activities: [
    {
      id: 1,
      siteId: BOLLATE,
      kind: "workshop",
      active: true,
      createdAt: at("2025-11-01T09:00:00Z"),
      schedules: [{ weekday: 2 }, { weekday: 4 }],
    },
    {
      id: 2,
      siteId: BOLLATE,
      kind: "workshop",
      active: true,
      createdAt: at("2025-11-01T09:00:00Z"),
      schedules: [{ weekday: 3 }],
    },
    {
      id: 3,
      siteId: MILANO,
      kind: "certified_training",
      active: true,
      createdAt: at("2026-03-26T23:30:00Z"),
      schedules: [{ weekday: 5 }],
    },
    {
      id: 4,
      siteId: BOLLATE,
      kind: "sport",
      active: false,
      createdAt: at("2025-11-01T09:00:00Z"),
      schedules: [{ weekday: 1 }],
    },
    {
      id: 5,
      siteId: OTHER_PROGRAMME_SITE,
      kind: "workshop",
      active: true,
      createdAt: at("2025-11-01T09:00:00Z"),
      schedules: [{ weekday: 1 }],
    },
  ],
  sessions: [
    // 2026-W13
    session(101, BOLLATE, "group_activity", 1, "2026-03-24T10:00+01:00", "2026-03-24", "2026-03-24T12:00+01:00", 90, 1),
    session(
      102,
      BOLLATE,
      "group_activity",
      2,
      "2026-03-25T14:00+01:00",
      "2026-03-25",
      "2026-03-30T00:00+02:00",
      120,
      1,
    ),
    session(103, MILANO, "group_activity", 3, "2026-03-27T09:00+01:00", "2026-03-27", "2026-03-27T13:00+01:00", 180, 2),
    session(
      104,
      BOLLATE,
      "individual_educational",
      null,
      "2026-03-23T00:30+01:00",
      "2026-03-23",
      "2026-03-23T09:00+01:00",
      30,
      1,
    ),
    session(
      105,
      BOLLATE,
      "individual_psychological",
      null,
      "2026-03-29T23:30+02:00",
      "2026-03-29",
      "2026-03-29T23:45+02:00",
      45,
      1,
    ),
    session(
      106,
      MILANO,
      "individual_social",
      null,
      "2026-03-26T15:00+01:00",
      "2026-03-26",
      "2026-03-26T16:00+01:00",
      60,
      2,
    ),
    session(
      107,
      MILANO,
      "phone_contact",
      null,
      "2026-03-25T11:00+01:00",
      "2026-03-25",
      "2026-03-25T11:10+01:00",
      15,
      2,
    ),
    session(
      108,
      BOLLATE,
      "individual_social",
      null,
      "2026-03-21T10:00+01:00",
      "2026-03-21",
      "2026-03-25T12:00+01:00",
      60,
      1,
    ),
    session(109, MILANO, "team_meeting", null, "2026-03-24T17:00+01:00", "2026-03-24", "2026-03-24T18:00+01:00", 60, 2),
    session(
      110,
      BOLLATE,
      "individual_educational",
      null,
      "2026-03-26T11:00+01:00",
      "2026-03-26",
      "2026-03-26T12:00+01:00",
      30,
      1,
      "2026-03-26T12:05+01:00",
    ),
    session(
      111,
      OTHER_PROGRAMME_SITE,
      "individual_educational",
      null,
      "2026-03-24T10:00+01:00",
      "2026-03-24",
      "2026-03-24T11:00+01:00",
      60,
      7,
    ),
    session(
      112,
      MILANO,
      "accompaniment",
      null,
      "2026-03-19T09:00+01:00",
      "2026-03-19",
      "2026-03-24T10:00+01:00",
      120,
      2,
    ),
    session(
      113,
      MILANO,
      "individual_educational",
      null,
      "2026-03-23T10:00+01:00",
      "2026-03-23",
      "2026-03-26T10:00+01:00",
      45,
      2,
    ),
    session(
      114,
      BOLLATE,
      "phone_contact",
      null,
      "2026-03-26T22:30+01:00",
      "2026-03-26",
      "2026-03-29T23:00+02:00",
      15,
      1,
    ),
    session(
      115,
      BOLLATE,
      "individual_educational",
      null,
      "2026-03-30T00:30+02:00",
      "2026-03-30",
      "2026-03-30T08:00+02:00",
      30,
      1,
    ),
    // 2026-W12 and earlier
    session(201, BOLLATE, "group_activity", 1, "2026-03-17T10:00+01:00", "2026-03-17", "2026-03-17T12:00+01:00", 90, 1),
    session(202, BOLLATE, "group_activity", 1, "2026-03-19T10:00+01:00", "2026-03-19", "2026-03-19T12:00+01:00", 90, 1),
    session(
      203,
      BOLLATE,
      "group_activity",
      2,
      "2026-03-18T14:00+01:00",
      "2026-03-18",
      "2026-03-18T16:30+01:00",
      120,
      1,
      "2026-03-18T16:35+01:00",
    ),
    session(
      204,
      MILANO,
      "individual_social",
      null,
      "2026-03-16T10:00+01:00",
      "2026-03-16",
      "2026-03-16T11:00+01:00",
      60,
      2,
    ),
    session(
      205,
      MILANO,
      "individual_educational",
      null,
      "2026-03-06T10:00+01:00",
      "2026-03-06",
      "2026-03-06T11:00+01:00",
      60,
      2,
    ),
    session(
      206,
      MILANO,
      "individual_educational",
      null,
      "2026-01-12T10:00+01:00",
      "2026-01-12",
      "2026-01-12T11:00+01:00",
      60,
      2,
    ),
  ],
  attendance: [
    marks(101, { 1: "present", 2: "absent", 7: "present", 4: "excused" }),
    marks(102, { 1: "present", 2: "absent", 3: "absent", 7: "absent" }),
    marks(103, { 5: "present", 6: "withdrawn", 7: "present" }),
    marks(104, { 2: "present" }),
    marks(105, { 1: "present" }),
    marks(106, { 5: "present" }),
    marks(107, { 6: "absent" }),
    marks(108, { 1: "present" }),
    marks(110, { 2: "present" }),
    marks(111, { 8: "present" }),
    marks(112, { 7: "present" }),
    marks(113, { 7: "present" }),
    marks(114, { 2: "present" }),
    marks(115, { 3: "present" }),
    marks(201, { 1: "present", 2: "present", 4: "present", 7: "absent" }),
    marks(202, { 1: "present", 2: "absent", 4: "present" }),
    marks(203, { 1: "present" }),
    marks(204, { 5: "present" }),
    marks(205, { 6: "present" }),
    marks(206, { 6: "present" }),
  ],
  events: [
    event(
      1,
      BOLLATE,
      "aggression_peer",
      2,
      "2026-03-24T11:00+01:00",
      "2026-03-24",
      "2026-03-24T11:30+01:00",
      1,
      "2026-03-24T12:00+01:00",
      "2026-03-25T10:00+01:00",
      [1, 2],
    ),
    event(
      2,
      BOLLATE,
      "self_harm",
      3,
      "2026-03-29T20:00+02:00",
      "2026-03-29",
      "2026-03-29T20:30+02:00",
      1,
      "2026-03-30T00:00+02:00",
      null,
      [2],
    ),
    event(
      3,
      MILANO,
      "measure_violation",
      2,
      "2026-03-26T09:00+01:00",
      "2026-03-26",
      "2026-03-30T10:00+02:00",
      2,
      "2026-03-30T11:00+02:00",
      null,
      [6],
    ),
    event(
      4,
      BOLLATE,
      "aggression_peer",
      1,
      "2026-03-11T10:00+01:00",
      "2026-03-11",
      "2026-03-11T10:30+01:00",
      1,
      "2026-03-11T11:00+01:00",
      null,
      [2],
    ),
    event(
      5,
      MILANO,
      "psychiatric_crisis",
      4,
      "2026-03-20T15:00+01:00",
      "2026-03-20",
      "2026-03-23T16:00+01:00",
      2,
      "2026-03-23T17:00+01:00",
      "2026-03-24T10:00+01:00",
      [7],
    ),
    event(
      6,
      OTHER_PROGRAMME_SITE,
      "other",
      1,
      "2026-03-24T10:00+01:00",
      "2026-03-24",
      "2026-03-24T10:10+01:00",
      7,
      null,
      null,
      [8],
    ),
    event(
      7,
      MILANO,
      "other",
      1,
      "2026-03-29T23:30+02:00",
      "2026-03-29",
      "2026-03-29T23:40+02:00",
      2,
      null,
      "2026-03-29T23:50+02:00",
      [],
    ),
    event(
      9,
      MILANO,
      "escape_or_failure_to_return",
      2,
      "2026-02-28T10:00+01:00",
      "2026-02-28",
      "2026-02-28T10:30+01:00",
      2,
      "2026-02-28T11:00+01:00",
      "2026-03-01T10:00+01:00",
      [6],
    ),
    event(
      8,
      BOLLATE,
      "damage",
      1,
      "2026-01-05T10:00+01:00",
      "2026-01-05",
      "2026-01-05T11:00+01:00",
      1,
      "2026-01-05T12:00+01:00",
      "2026-01-06T10:00+01:00",
      [],
    ),
  ],
  plans: [
    plan(1, "active", "2026-04-03", "2026-01-10T10:00+01:00", null),
    plan(2, "active", "2026-03-20", "2026-01-10T10:00+01:00", null),
    plan(3, "draft", null, "2026-03-26T10:00+01:00", null),
    plan(4, "active", "2026-03-26", "2026-01-10T10:00+01:00", null),
    plan(5, "active", "2026-03-29", "2026-01-20T10:00+01:00", null),
    // Replaced on 2 April by a version already overdue: in W13 the first version (review on 10 April) was in force.
    plan(6, "closed", "2026-04-10", "2026-02-05T10:00+01:00", "2026-04-02T10:00+02:00"),
    plan(6, "active", "2026-03-25", "2026-04-02T10:00+02:00", null),
    plan(7, "closed", "2026-01-01", "2026-03-17T10:00+01:00", "2026-03-18T10:00+01:00"),
    plan(7, "active", "2026-04-05", "2026-03-18T10:00+01:00", null),
    plan(8, "active", "2026-03-01", "2025-02-01T10:00+01:00", null),
    // Written on Tuesday 31 March, after the week: person 9 had no plan in W13.
    plan(9, "active", "2026-05-01", "2026-03-31T10:00+02:00", null),
  ],
  internships: [
    {
      id: 1,
      personId: 5,
      hostId: 1,
      startsOn: "2026-03-29",
      endsOn: null,
      outcome: null,
    },
    {
      id: 2,
      personId: 7,
      hostId: 2,
      startsOn: "2026-01-10",
      endsOn: "2026-03-27",
      outcome: "hired_by_host",
    },
    {
      id: 3,
      personId: 6,
      hostId: 3,
      startsOn: "2025-12-01",
      endsOn: "2026-03-22",
      outcome: "interrupted",
    },
    { id: 4, personId: 8, hostId: 4, startsOn: "2026-03-23", endsOn: null, outcome: null },
    { id: 5, personId: 1, hostId: 5, startsOn: "2026-03-30", endsOn: null, outcome: null },
    {
      id: 6,
      personId: 4,
      hostId: 6,
      startsOn: "2026-02-01",
      endsOn: "2026-03-16",
      outcome: "hired_elsewhere",
    },
  ],
  hires: [
    // i2's host hired person 7 the day after it ended; i6's person 4 went elsewhere.
    { personId: 7, hiredOn: "2026-03-28", employerId: 2, internshipHostId: 2 },
    { personId: 4, hiredOn: "2026-03-16", employerId: 99, internshipHostId: 6 },
    // Hired by the host of an internship that ended a year before; and a hire with no internship before it.
    { personId: 5, hiredOn: "2026-03-24", employerId: 50, internshipHostId: 50 },
    { personId: 2, hiredOn: "2026-03-26", employerId: 60, internshipHostId: null },
    { personId: 8, hiredOn: "2026-03-25", employerId: 70, internshipHostId: null },
  ],
  referrals: [
    { id: 1, siteId: BOLLATE, receivedOn: "2026-03-23", source: "prison" },
    { id: 2, siteId: MILANO, receivedOn: "2026-03-29", source: "uepe" },
    { id: 3, siteId: BOLLATE, receivedOn: "2026-03-30", source: "prison" },
    { id: 4, siteId: BOLLATE, receivedOn: "2026-03-18", source: "serd" },
    { id: 5, siteId: OTHER_PROGRAMME_SITE, receivedOn: "2026-03-24", source: "prison" },
  ],
  stays: [
    { personId: 3, siteId: BOLLATE, fromOn: "2026-03-25", toOn: null },
    { personId: 6, siteId: MILANO, fromOn: "2026-01-10", toOn: "2026-03-27" },
    { personId: 1, siteId: BOLLATE, fromOn: "2026-03-16", toOn: "2026-03-23" },
    { personId: 8, siteId: OTHER_PROGRAMME_SITE, fromOn: "2026-03-24", toOn: null },
    { personId: 5, siteId: MILANO, fromOn: "2026-03-30", toOn: null },
  ],
};

// Programme (sites 1 + 2), 2026-W13.
const programmeW13: DigestFigures = {
  weekKey: "2026-W13",
  startsOn: "2026-03-23",
  endsOn: "2026-03-29",
  sessions: {
    // 101 102 103 104 105 106 107 109 113 114; not 108/112 (W12), 110 (voided), 111 (site 3), 115 (Mon 30, W14)
    total: 10,
    byKind: {
      group_activity: 3, // 101 102 103
      individual_educational: 2, // 104 113
      individual_psychological: 1, // 105 (Sun 29 23:30, after the spring-forward)
      individual_social: 1, // 106
      phone_contact: 2, // 107 114
      team_meeting: 1, // 109
    },
    activityMinutes: 660, // 90+120+180+30+45+60+15+60+45+15
    peopleReached: 4, // present: 1 (101 102 105), 2 (104 114), 5 (103 106), 7 (101 103 113)
  },
  people: {
    intakes: [3], // intake 25 Mar
    discharges: [4], // discharged Sun 29 Mar
    activeCaseload: 7, // 1 2 3 5 6 7 9 on Sun 29 (4 discharged that day, 8 other programme)
    // On Sun 29: 2 5 detained (awaiting trial, semi-liberty); 1 (since 27 Mar) 3 6 outside; 7 juvenile; 9 none recorded
    caseloadByLegalStatus: { detained: 2, external: 3, juvenile: 1, free: 0, unknown: 1 },
    noContact14Days: [6], // window 16–29 Mar: 6 only absent (107); 3 7 9 taken in on or after 16 Mar, not flagged
  },
  groupActivities: {
    held: 3, // 101 102 103
    scheduled: 4, // a1 Tue 24 + Thu 26, a2 Wed 25, a3 Fri 27 (created Fri 27 00:30 Rome); a4 inactive, a5 other programme
    notLogged: [{ activityId: 1, occurredOn: "2026-03-26" }],
    present: 5, // 101: 1 7 · 102: 1 · 103: 5 7
    expected: 10, // 101: 4 (absent and excused count) · 102: 4 · 103: 2 (withdrawn left out)
    attendanceRate: 0.5,
    activitiesBelowHalf: [2], // a1 2/4 = 50 % is not below; a2 1/4; a3 2/2
  },
  plans: {
    active: 5, // caseload 1 2 5 6 7 have a plan in force; 3 only a draft, 9's was written on 31 Mar
    reviewDueIn7Days: [1, 7], // 3 Apr and 5 Apr are within 30 Mar – 5 Apr; 6 (10 Apr, the version then in force) is not
    reviewOverdue: [2, 5], // 20 Mar and 29 Mar ≤ 29 Mar; 6's overdue version came on 2 Apr
    withoutActivePlan: [3, 9],
  },
  events: {
    total: 4, // e1 e2 e3 e7 (e6 is another programme's)
    byKind: { aggression_peer: 1, self_harm: 1, measure_violation: 1, other: 1 },
    bySeverity: { 1: 1, 2: 2, 3: 1, 4: 0 }, // e7 · e1 e3 · e2
    open: [2, 3, 4], // e1 e5 closed in the week, e7 closed Sun 23:50 before the week's end, e9 on 1 Mar
    unacknowledged: [2, 3], // e2 acknowledged at Mon 30 00:00 (the week's end), e3 on Mon 30; e4 on 11 Mar
    peopleWithRepeatedEvents: [2, 6], // 28 Feb – 29 Mar: person 2 in e1 e2 e4, person 6 in e9 (28 Feb) e3
  },
  referrals: { received: 2, fromPrison: 1 }, // r1 (prison), r2 (UEPE); r3 is on Mon 30, r5 another programme's
  internships: {
    active: 2, // i1 (from Sun 29 Mar) and i2 (until 27 Mar); i3 ended Sun 22 Mar, i5 starts 30 Mar
    started: [5], // i1
    ended: [7], // i2
    hiredByHost: [5, 7], // 7 by i2's host; 5 by the host of an internship of a year before
    hiredElsewhere: [2], // a hire with no internship before it; 8 is another programme's
  },
  housing: {
    moveIns: [3], // 25 Mar; 5 moves in on Mon 30
    moveOuts: [1, 6], // Mon 23 and Fri 27
  },
  logging: {
    staffWithoutEntries: [3], // operators 1 2 3 (5 deactivated Mon 23 00:00, 6 joined at the week's end, 4 coordinator)
    lateSessions: [108, 112], // recorded in W13 98 h and 121 h after; 113 exactly 72 h; 114 71.5 h across the DST change
    lateEvents: [5], // recorded 73 h after; e3 recorded in W14 (so is 102, at Mon 30 00:00)
  },
};

// Programme, 2026-W12 (16–22 March).
const programmeW12: DigestFigures = {
  weekKey: "2026-W12",
  startsOn: "2026-03-16",
  endsOn: "2026-03-22",
  sessions: {
    total: 5, // 201 202 204 108 112 (203 voided)
    byKind: { group_activity: 2, individual_social: 2, accompaniment: 1 },
    activityMinutes: 420, // 90+90+60+60+120
    peopleReached: 5, // 1 2 4 (201), 5 (204), 7 (112)
  },
  people: {
    intakes: [7, 9], // 17 and 16 Mar
    discharges: [],
    activeCaseload: 7, // 1 2 4 5 6 7 9 on Sun 22 (3 taken in on 25 Mar)
    // On Sun 22: 1 (until 26 Mar) 2 4 5 detained; 6 outside; 7 juvenile; 9 none recorded
    caseloadByLegalStatus: { detained: 4, external: 1, juvenile: 1, free: 0, unknown: 1 },
    noContact14Days: [6], // window 9–22 Mar: 6 last seen 6 Mar; 7 and 9 taken in after 8 Mar
  },
  groupActivities: {
    held: 2, // 201 202
    scheduled: 3, // a1 Tue 17 + Thu 19, a2 Wed 18 (a3 did not exist yet)
    notLogged: [{ activityId: 2, occurredOn: "2026-03-18" }], // 203 was voided
    present: 5, // 201: 1 2 4 · 202: 1 4
    expected: 7, // 201: 4 · 202: 3
    attendanceRate: 5 / 7,
    activitiesBelowHalf: [],
  },
  plans: {
    active: 6, // 1 2 4 5 6 7
    reviewDueIn7Days: [4, 5], // 26 and 29 Mar within 23–29 Mar
    reviewOverdue: [2], // 20 Mar
    withoutActivePlan: [9],
  },
  events: {
    total: 1, // e5
    byKind: { psychiatric_crisis: 1 },
    bySeverity: { 1: 0, 2: 0, 3: 0, 4: 1 },
    open: [4, 5], // e5 closed only on 24 Mar
    unacknowledged: [5], // acknowledged on 23 Mar, after the week
    peopleWithRepeatedEvents: [], // 21 Feb – 22 Mar: e9 (6), e4 (2), e5 (7): one each
  },
  referrals: { received: 1, fromPrison: 0 }, // r4 (SerD)
  internships: {
    active: 3, // i2, i3 (until Sun 22), i6 (until Mon 16)
    started: [],
    ended: [4, 6], // i6 i3
    hiredByHost: [],
    hiredElsewhere: [4], // after i6, by another employer
  },
  housing: { moveIns: [1], moveOuts: [] },
  logging: {
    staffWithoutEntries: [3, 5], // 5 was deactivated exactly at the end of W12
    lateSessions: [], // recorded in W12: 201 202 204, all on the day
    lateEvents: [],
  },
};

describe("computeDigest (golden fixture)", () => {
  it("computes every figure of the programme for the week and the week before", () => {
    const report = computeDigest(input, programme, "2026-W13");
    expect(report.scope).toEqual(programme);
    expect(report.current).toEqual(programmeW13);
    expect(report.previous).toEqual(programmeW12);
  });

  it("gives the change from the previous week for every headline count", () => {
    expect(computeDigest(input, programme, "2026-W13").change).toEqual({
      sessions_total: 5, // 10 − 5
      activity_minutes: 240, // 660 − 420
      people_reached: -1, // 4 − 5
      referrals_received: 1, // 2 − 1
      intakes: -1, // 1 − 2
      discharges: 1, // 1 − 0
      group_sessions_held: 1, // 3 − 2
      group_sessions_scheduled: 1, // 4 − 3
      group_sessions_not_logged: 0, // 1 − 1
      attendance_rate: 0.5 - 5 / 7,
      activities_below_half: 1, // 1 − 0
      active_caseload: 0, // 7 − 7
      no_contact_14_days: 0, // 1 − 1
      plans_active: -1, // 5 − 6
      plan_reviews_due_7_days: 0, // 2 − 2
      plan_reviews_overdue: 1, // 2 − 1
      people_without_active_plan: 1, // 2 − 1
      events_total: 3, // 4 − 1
      events_open: 1, // 3 − 2
      events_unacknowledged: 1, // 2 − 1
      people_with_repeated_events: 2, // 2 − 0
      internships_active: -1, // 2 − 3
      internships_started: 1, // 1 − 0
      internships_ended: -1, // 1 − 2
      hires_by_host: 2, // 2 − 0
      hires_elsewhere: 0, // 1 − 1
      move_ins: 0, // 1 − 1
      move_outs: 2, // 2 − 0
      staff_without_entries: -1, // 1 − 2
      late_entries: 3, // (2 sessions + 1 event) − 0
    });
  });

  it("restricts every figure to one site", () => {
    expect(computeWeekFigures(input, bollate, "2026-W13")).toEqual({
      weekKey: "2026-W13",
      startsOn: "2026-03-23",
      endsOn: "2026-03-29",
      sessions: {
        total: 5, // 101 102 104 105 114
        byKind: { group_activity: 2, individual_educational: 1, individual_psychological: 1, phone_contact: 1 },
        activityMinutes: 300, // 90+120+30+45+15
        peopleReached: 3, // 1 2 7
      },
      people: {
        intakes: [3],
        discharges: [4],
        activeCaseload: 4, // 1 2 3 7 (4 discharged on Sun 29)
        caseloadByLegalStatus: { detained: 1, external: 2, juvenile: 1, free: 0, unknown: 0 }, // 2 · 1 3 · 7
        noContact14Days: [], // 1 and 2 seen at site 1; 3 and 7 taken in recently
      },
      groupActivities: {
        held: 2, // 101 102
        scheduled: 3, // a1 Tue + Thu, a2 Wed
        notLogged: [{ activityId: 1, occurredOn: "2026-03-26" }],
        present: 3, // 101: 2 · 102: 1
        expected: 8, // 4 + 4
        attendanceRate: 0.375,
        activitiesBelowHalf: [2],
      },
      plans: { active: 3, reviewDueIn7Days: [1, 7], reviewOverdue: [2], withoutActivePlan: [3] },
      events: {
        total: 2, // e1 e2
        byKind: { aggression_peer: 1, self_harm: 1 },
        bySeverity: { 1: 0, 2: 1, 3: 1, 4: 0 },
        open: [2, 4],
        unacknowledged: [2],
        peopleWithRepeatedEvents: [2],
      },
      referrals: { received: 1, fromPrison: 1 }, // r1
      // i2 (person 7 is at both sites); 5's hire is Milano's
      internships: { active: 1, started: [], ended: [7], hiredByHost: [7], hiredElsewhere: [2] },
      housing: { moveIns: [3], moveOuts: [1] },
      logging: { staffWithoutEntries: [3], lateSessions: [108], lateEvents: [] }, // 112 and e5 are site 2's
    } satisfies DigestFigures);
  });

  it("charts sessions and attendance rate of the last weeks, oldest first", () => {
    expect(weeklyChartPoints(input, programme, "2026-W13", 3)).toEqual([
      { weekKey: "2026-W11", sessions: 0, attendanceRate: null }, // 205 is on 6 Mar (W10)
      { weekKey: "2026-W12", sessions: 5, attendanceRate: 5 / 7 },
      { weekKey: "2026-W13", sessions: 10, attendanceRate: 0.5 },
    ]);
  });
});

describe("digestInputWindow", () => {
  it("covers the chart weeks, the 30-day event window of the previous week and its recording instants", () => {
    expect(digestInputWindow("2026-W13")).toEqual({
      fromOn: "2026-02-02", // Monday of W06, first of 8 chart weeks
      toOn: "2026-03-29",
      recordedFrom: new Date("2026-03-16T00:00:00+01:00"),
      recordedTo: new Date("2026-03-30T00:00:00+02:00"),
    });
    expect(digestInputWindow("2026-W13", "Europe/Rome", 1).fromOn).toBe("2026-02-21"); // 22 Mar − 29 days
  });

  it("selects enough rows to compute the same digest and chart", () => {
    const { fromOn, toOn, recordedFrom, recordedTo } = digestInputWindow("2026-W13");
    const inWindow = (row: { occurredOn: string; recordedAt: Date }) =>
      (row.occurredOn >= fromOn && row.occurredOn <= toOn) ||
      (row.recordedAt >= recordedFrom && row.recordedAt < recordedTo);
    const sessions = input.sessions.filter(inWindow);
    const sessionIds = new Set(sessions.map((s) => s.id));
    const windowed: DigestInput = {
      ...input,
      sessions,
      attendance: input.attendance.filter((a) => sessionIds.has(a.sessionId)),
      events: input.events.filter((e) => inWindow(e) || e.closedAt === null || e.closedAt >= recordedFrom),
    };
    expect(windowed.sessions.map((s) => s.id)).not.toContain(206); // 12 Jan
    expect(windowed.events.map((e) => e.id)).not.toContain(8); // 5 Jan, closed 6 Jan
    expect(computeDigest(windowed, programme, "2026-W13")).toEqual(computeDigest(input, programme, "2026-W13"));
    expect(weeklyChartPoints(windowed, programme, "2026-W13")).toEqual(weeklyChartPoints(input, programme, "2026-W13"));
  });
});
