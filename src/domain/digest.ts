// Weekly digest figures (DESIGN.md §4) from plain rows. Pure: the formulas are documented in docs/indicators.md.
import { type LegalStatusGroup, type LegalStatusPeriodRow, legalStatusGroup, statusOn } from "./legal-status.ts";
import { type SitePeriod, siteIdsOn } from "./people.ts";
import { PRISON_SOURCE } from "./referrals.ts";
import { addDaysIso, DEFAULT_TIME_ZONE, isWithin, lastNWeeks, localDate, previousWeek, weekRange } from "./weeks.ts";
import type { DateRange, IsoDate, WeekKey } from "./weeks.ts";

// Rows mirror prisma/schema.prisma; relations are flattened into id lists.

export interface SessionRow {
  id: number;
  siteId: number;
  kind: string;
  activityId: number | null;
  occurredAt: Date;
  occurredOn: IsoDate;
  recordedAt: Date;
  durationMinutes: number;
  authorId: number;
  voidedAt: Date | null;
}

/** status: present | absent | excused | withdrawn */
export interface AttendanceRow {
  sessionId: number;
  personId: number;
  status: string;
}

/**
 * A session's attendance as a digest needs it: who was present, and how many were expected (present, absent or
 * excused; withdrawn is left out). One per session rather than one per person keeps a programme's load small.
 */
export interface SessionAttendance {
  sessionId: number;
  presentPersonIds: readonly number[];
  expected: number;
}

export interface PersonRow {
  id: number;
  /** From PersonSite: the sites the person was at, with transfers. A person belongs to a site's figures on the days
   * they were at it. */
  sites: readonly SitePeriod[];
  intakeOn: IsoDate;
  dischargeOn: IsoDate | null;
  /** From LegalStatusPeriod: the status in force on each date (statusOn). */
  legalStatuses: readonly LegalStatusPeriodRow[];
  birthYear: number | null;
  /** From PersonFragility. */
  fragilities: readonly string[];
}

/** status: draft | active | closed. A version is in force from createdAt until closedAt (when the next one replaced it). */
export interface PlanRow {
  personId: number;
  status: string;
  reviewOn: IsoDate | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface CriticalEventRow {
  id: number;
  siteId: number;
  kind: string;
  severity: number;
  occurredAt: Date;
  occurredOn: IsoDate;
  recordedAt: Date;
  reporterId: number;
  /** The earliest EventAcknowledgement.at, null if none. */
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  /** From CriticalEventPerson. */
  personIds: readonly number[];
}

/** outcome: hired_by_host | hired_elsewhere | completed | interrupted */
export interface InternshipRow {
  id: number;
  personId: number;
  hostId: number;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  outcome: string | null;
}

/** A hire (Hire): employerId is the internship's host when the person was hired by it. */
export interface HireRow {
  personId: number;
  hiredOn: IsoDate;
  employerId: number | null;
  /** The host of the internship the hire followed; null for a hire with no internship before it. */
  internshipHostId: number | null;
}

export interface ReferralRow {
  id: number;
  siteId: number;
  receivedOn: IsoDate;
  source: string;
}

/** A housing stay (HousingStay) at a site's house: moved in on fromOn, out on toOn. */
export interface StayRow {
  personId: number;
  siteId: number;
  fromOn: IsoDate;
  toOn: IsoDate | null;
}

export interface MembershipRow {
  role: string;
  siteId: number | null;
  createdAt: Date;
}

export interface StaffRow {
  id: number;
  active: boolean;
  deactivatedAt: Date | null;
  memberships: readonly MembershipRow[];
}

export interface ActivityRow {
  id: number;
  siteId: number;
  kind: string;
  active: boolean;
  createdAt: Date;
  /** weekday: 1 = Monday … 7 = Sunday (ActivitySchedule). */
  schedules: readonly { weekday: number }[];
}

export interface DigestInput {
  sessions: readonly SessionRow[];
  attendance: readonly SessionAttendance[];
  people: readonly Pick<PersonRow, "id" | "sites" | "intakeOn" | "dischargeOn" | "legalStatuses">[];
  plans: readonly PlanRow[];
  events: readonly CriticalEventRow[];
  internships: readonly InternshipRow[];
  hires: readonly HireRow[];
  referrals: readonly ReferralRow[];
  stays: readonly StayRow[];
  staff: readonly StaffRow[];
  activities: readonly ActivityRow[];
}

export type DigestScope =
  | { kind: "site"; siteId: number }
  | { kind: "programme"; programmeId: number; siteIds: readonly number[] };

export const EVENT_SEVERITIES = [1, 2, 3, 4] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

export interface ScheduledOccurrence {
  activityId: number;
  occurredOn: IsoDate;
}

/** One week's figures for one scope. Id lists are sorted ascending. */
export interface DigestFigures {
  weekKey: WeekKey;
  startsOn: IsoDate;
  endsOn: IsoDate;
  sessions: {
    total: number;
    byKind: Record<string, number>;
    activityMinutes: number;
    peopleReached: number;
  };
  people: {
    intakes: number[];
    discharges: number[];
    activeCaseload: number;
    /** The caseload on the week's last day by the legal status in force that day. */
    caseloadByLegalStatus: Record<LegalStatusGroup | "unknown", number>;
    noContact14Days: number[];
  };
  groupActivities: {
    held: number;
    scheduled: number;
    notLogged: ScheduledOccurrence[];
    /** Attendance rows with status present. */
    present: number;
    /** Attendance rows with status present, absent or excused (withdrawn is left out). */
    expected: number;
    attendanceRate: number | null;
    activitiesBelowHalf: number[];
  };
  plans: {
    active: number;
    reviewDueIn7Days: number[];
    reviewOverdue: number[];
    withoutActivePlan: number[];
  };
  events: {
    total: number;
    byKind: Record<string, number>;
    bySeverity: Record<EventSeverity, number>;
    open: number[];
    unacknowledged: number[];
    peopleWithRepeatedEvents: number[];
  };
  /** Referrals received by the scope's sites in the week. */
  referrals: {
    received: number;
    fromPrison: number;
  };
  /** Person ids, one entry per internship or hire, sorted. */
  internships: {
    active: number;
    started: number[];
    ended: number[];
    /** Hires of the week (by hiredOn): by the host of the internship the hire followed, or by anyone else. */
    hiredByHost: number[];
    hiredElsewhere: number[];
  };
  /** Person ids of the stays at the scope's houses that began or ended in the week, sorted. */
  housing: {
    moveIns: number[];
    moveOuts: number[];
  };
  logging: {
    staffWithoutEntries: number[];
    lateSessions: number[];
    lateEvents: number[];
  };
}

/** Headline counts of a week, keyed by the stable codes of docs/indicators.md. */
export const DIGEST_COUNT_CODES = [
  "sessions_total",
  "activity_minutes",
  "people_reached",
  "referrals_received",
  "intakes",
  "discharges",
  "group_sessions_held",
  "group_sessions_scheduled",
  "group_sessions_not_logged",
  "attendance_rate",
  "activities_below_half",
  "active_caseload",
  "no_contact_14_days",
  "plans_active",
  "plan_reviews_due_7_days",
  "plan_reviews_overdue",
  "people_without_active_plan",
  "events_total",
  "events_open",
  "events_unacknowledged",
  "people_with_repeated_events",
  "internships_active",
  "internships_started",
  "internships_ended",
  "hires_by_host",
  "hires_elsewhere",
  "move_ins",
  "move_outs",
  "staff_without_entries",
  "late_entries",
] as const;
export type DigestCountCode = (typeof DIGEST_COUNT_CODES)[number];
export type DigestCounts = Record<DigestCountCode, number | null>;

export interface DigestReport {
  scope: DigestScope;
  current: DigestFigures;
  previous: DigestFigures;
  /** current − previous for every count; null when either side is null. */
  change: DigestCounts;
}

export interface WeeklyChartPoint {
  weekKey: WeekKey;
  sessions: number;
  attendanceRate: number | null;
}

const LATE_AFTER_MS = 72 * 60 * 60 * 1000;
const NO_CONTACT_DAYS = 14;
const REPEATED_EVENTS_DAYS = 30;
const REVIEW_DUE_DAYS = 7;
const LOW_ATTENDANCE_RATE = 0.5;
const CHART_WEEKS = 8;

export function scopeSiteIds(scope: DigestScope): readonly number[] {
  return scope.kind === "site" ? [scope.siteId] : scope.siteIds;
}

export function computeDigest(
  input: DigestInput,
  scope: DigestScope,
  weekKey: WeekKey,
  timeZone: string = DEFAULT_TIME_ZONE,
): DigestReport {
  const current = computeWeekFigures(input, scope, weekKey, timeZone);
  const previous = computeWeekFigures(input, scope, previousWeek(weekKey), timeZone);
  const now = digestCounts(current);
  const before = digestCounts(previous);
  const change = Object.fromEntries(
    DIGEST_COUNT_CODES.map((code) => [code, difference(now[code], before[code])]),
  ) as DigestCounts;
  return { scope, current, previous, change };
}

/** Sessions and attendance rate of the weeks ending with weekKey, oldest first (the digest chart). */
export function weeklyChartPoints(
  input: DigestInput,
  scope: DigestScope,
  weekKey: WeekKey,
  weeks: number = CHART_WEEKS,
  timeZone: string = DEFAULT_TIME_ZONE,
): WeeklyChartPoint[] {
  const rows = scopedRows(input, scope);
  // Only two figures per week: computed directly rather than through the whole weekly digest.
  return lastNWeeks(weekKey, weeks).map((key) => {
    const week = weekRange(key, timeZone);
    const weekSessions = rows.sessions.filter((s) => isWithin(s.occurredOn, week));
    const total = groupAttendanceTally(weekSessions, rows.attendanceBySession);
    return { weekKey: key, sessions: weekSessions.length, attendanceRate: rate(total) };
  });
}

/**
 * The rows computeDigest and weeklyChartPoints need for weekKey, so a query can load no more:
 * sessions (with their attendance) with occurredOn in [fromOn, toOn] or recordedAt in [recordedFrom, recordedTo);
 * events with occurredOn in [fromOn, toOn], recordedAt in [recordedFrom, recordedTo), or closedAt null or ≥ recordedFrom;
 * referrals, hires and housing stays with a date in [fromOn, toOn]; every person (with their legal statuses), plan,
 * internship, staff member and activity of the scope.
 */
export function digestInputWindow(
  weekKey: WeekKey,
  timeZone: string = DEFAULT_TIME_ZONE,
  chartWeeks: number = CHART_WEEKS,
): { fromOn: IsoDate; toOn: IsoDate; recordedFrom: Date; recordedTo: Date } {
  const week = weekRange(weekKey, timeZone);
  const previous = weekRange(previousWeek(weekKey), timeZone);
  const firstChartWeek = weekRange(lastNWeeks(weekKey, chartWeeks)[0] ?? weekKey, timeZone);
  const eventsFromOn = addDaysIso(previous.endsOn, -(REPEATED_EVENTS_DAYS - 1));
  return {
    fromOn: eventsFromOn < firstChartWeek.startsOn ? eventsFromOn : firstChartWeek.startsOn,
    toOn: week.endsOn,
    recordedFrom: previous.start,
    recordedTo: week.end,
  };
}

export function digestCounts(figures: DigestFigures): DigestCounts {
  const { sessions, people, groupActivities: group, plans, events, referrals, internships, housing, logging } = figures;
  return {
    sessions_total: sessions.total,
    activity_minutes: sessions.activityMinutes,
    people_reached: sessions.peopleReached,
    referrals_received: referrals.received,
    intakes: people.intakes.length,
    discharges: people.discharges.length,
    group_sessions_held: group.held,
    group_sessions_scheduled: group.scheduled,
    group_sessions_not_logged: group.notLogged.length,
    attendance_rate: group.attendanceRate,
    activities_below_half: group.activitiesBelowHalf.length,
    active_caseload: people.activeCaseload,
    no_contact_14_days: people.noContact14Days.length,
    plans_active: plans.active,
    plan_reviews_due_7_days: plans.reviewDueIn7Days.length,
    plan_reviews_overdue: plans.reviewOverdue.length,
    people_without_active_plan: plans.withoutActivePlan.length,
    events_total: events.total,
    events_open: events.open.length,
    events_unacknowledged: events.unacknowledged.length,
    people_with_repeated_events: events.peopleWithRepeatedEvents.length,
    internships_active: internships.active,
    internships_started: internships.started.length,
    internships_ended: internships.ended.length,
    hires_by_host: internships.hiredByHost.length,
    hires_elsewhere: internships.hiredElsewhere.length,
    move_ins: housing.moveIns.length,
    move_outs: housing.moveOuts.length,
    staff_without_entries: logging.staffWithoutEntries.length,
    late_entries: logging.lateSessions.length + logging.lateEvents.length,
  };
}

/** Rows of the scope, voided sessions removed, attendance indexed by session. */
interface ScopedRows {
  siteIds: ReadonlySet<number>;
  sessions: readonly SessionRow[];
  attendanceBySession: ReadonlyMap<number, SessionAttendance>;
  people: DigestInput["people"];
  events: readonly CriticalEventRow[];
  referrals: readonly ReferralRow[];
  stays: readonly StayRow[];
}

// A digest, its previous week and its chart look at the same scoped rows ten times; a programme's site digests share
// one input. Indexing once per input and scope keeps this linear. The cache is invisible: same input, same result.
interface InputIndex {
  attendanceBySession: Map<number, SessionAttendance>;
  plansByPerson: Map<number, PlanRow[]>;
  /** Local creation day of each activity, by time zone. */
  activityCreatedOn: Map<string, Map<number, IsoDate>>;
  scopes: Map<string, ScopedRows>;
}
const indexCache = new WeakMap<DigestInput, InputIndex>();

function indexOf(input: DigestInput): InputIndex {
  let index = indexCache.get(input);
  if (!index) {
    index = {
      attendanceBySession: new Map(input.attendance.map((a) => [a.sessionId, a])),
      plansByPerson: groupBy(input.plans, (plan) => plan.personId),
      activityCreatedOn: new Map(),
      scopes: new Map(),
    };
    indexCache.set(input, index);
  }
  return index;
}

function activityCreatedOn(input: DigestInput, timeZone: string): Map<number, IsoDate> {
  const index = indexOf(input);
  let days = index.activityCreatedOn.get(timeZone);
  if (!days) {
    days = new Map(input.activities.map((a) => [a.id, localDate(a.createdAt, timeZone)]));
    index.activityCreatedOn.set(timeZone, days);
  }
  return days;
}

function scopedRows(input: DigestInput, scope: DigestScope): ScopedRows {
  const index = indexOf(input);
  const siteIds = new Set(scopeSiteIds(scope));
  const key = [...siteIds].sort(ascending).join(",");
  const cached = index.scopes.get(key);
  if (cached) return cached;
  const rows: ScopedRows = {
    siteIds,
    sessions: input.sessions.filter((s) => s.voidedAt === null && siteIds.has(s.siteId)),
    attendanceBySession: index.attendanceBySession,
    // Everyone who was ever at a site of the scope; each figure then asks whether they were there on its day.
    people: input.people.filter((p) => p.sites.some((period) => siteIds.has(period.siteId))),
    events: input.events.filter((e) => siteIds.has(e.siteId)),
    referrals: input.referrals.filter((r) => siteIds.has(r.siteId)),
    stays: input.stays.filter((stay) => siteIds.has(stay.siteId)),
  };
  index.scopes.set(key, rows);
  return rows;
}

export function computeWeekFigures(
  input: DigestInput,
  scope: DigestScope,
  weekKey: WeekKey,
  timeZone: string = DEFAULT_TIME_ZONE,
): DigestFigures {
  const week = weekRange(weekKey, timeZone);
  const rows = scopedRows(input, scope);
  const weekSessions = rows.sessions.filter((s) => isWithin(s.occurredOn, week));
  const atScopeOn = (person: DigestInput["people"][number], date: IsoDate) =>
    siteIdsOn(person.sites, date).some((id) => rows.siteIds.has(id));
  const caseload = rows.people.filter((p) => inChargeOn(p, week.endsOn) && atScopeOn(p, week.endsOn));
  return {
    weekKey,
    startsOn: week.startsOn,
    endsOn: week.endsOn,
    sessions: {
      total: weekSessions.length,
      byKind: countBy(weekSessions, (s) => s.kind),
      activityMinutes: weekSessions.reduce((sum, s) => sum + s.durationMinutes, 0),
      peopleReached: presentPeople(weekSessions, rows.attendanceBySession).size,
    },
    people: {
      intakes: sortedIds(rows.people.filter((p) => isWithin(p.intakeOn, week) && atScopeOn(p, p.intakeOn))),
      discharges: sortedIds(
        rows.people.filter(
          (p) => p.dischargeOn !== null && isWithin(p.dischargeOn, week) && atScopeOn(p, p.dischargeOn),
        ),
      ),
      activeCaseload: caseload.length,
      caseloadByLegalStatus: legalStatusCounts(caseload, week.endsOn),
      noContact14Days: peopleWithoutRecentContact(rows, caseload, week.endsOn),
    },
    groupActivities: groupActivityFigures(
      input.activities,
      activityCreatedOn(input, timeZone),
      rows,
      weekSessions,
      week,
    ),
    plans: planFigures(indexOf(input).plansByPerson, caseload, week),
    events: eventFigures(rows.events, week),
    referrals: {
      received: rows.referrals.filter((r) => isWithin(r.receivedOn, week)).length,
      fromPrison: rows.referrals.filter((r) => isWithin(r.receivedOn, week) && r.source === PRISON_SOURCE).length,
    },
    internships: internshipFigures(input, rows.people, week, atScopeOn),
    housing: {
      moveIns: sortedPersonIds(rows.stays.filter((stay) => isWithin(stay.fromOn, week))),
      moveOuts: sortedPersonIds(rows.stays.filter((stay) => stay.toOn !== null && isWithin(stay.toOn, week))),
    },
    logging: loggingFigures(input.staff, rows, week),
  };
}

/** In charge on a date: taken in on or before it and not yet discharged (the discharge day is not in charge). */
function inChargeOn(person: Pick<PersonRow, "intakeOn" | "dischargeOn">, date: IsoDate): boolean {
  return person.intakeOn <= date && (person.dischargeOn === null || person.dischargeOn > date);
}

function presentPeople(
  sessions: readonly SessionRow[],
  attendanceBySession: ReadonlyMap<number, SessionAttendance>,
): Set<number> {
  const people = new Set<number>();
  for (const session of sessions) {
    for (const personId of attendanceBySession.get(session.id)?.presentPersonIds ?? []) people.add(personId);
  }
  return people;
}

// The intake day counts as a contact, so people taken in less than 14 days ago are never flagged.
function peopleWithoutRecentContact(rows: ScopedRows, caseload: DigestInput["people"], endsOn: IsoDate): number[] {
  const window = { startsOn: addDaysIso(endsOn, -(NO_CONTACT_DAYS - 1)), endsOn };
  const contacted = presentPeople(
    rows.sessions.filter((s) => isWithin(s.occurredOn, window)),
    rows.attendanceBySession,
  );
  return sortedIds(caseload.filter((p) => p.intakeOn < window.startsOn && !contacted.has(p.id)));
}

interface AttendanceTally {
  present: number;
  expected: number;
}

function groupActivityFigures(
  activities: readonly ActivityRow[],
  createdOn: ReadonlyMap<number, IsoDate>,
  rows: ScopedRows,
  weekSessions: readonly SessionRow[],
  week: DateRange,
): DigestFigures["groupActivities"] {
  const groupSessions = weekSessions.filter((s) => s.kind === "group_activity");
  const total = groupAttendanceTally(groupSessions, rows.attendanceBySession);
  const byActivity = new Map<number, AttendanceTally>();
  for (const session of groupSessions) {
    if (session.activityId === null) continue;
    addAttendance(tallyFor(byActivity, session.activityId), rows.attendanceBySession.get(session.id));
  }
  const scheduled = scheduledOccurrences(activities, createdOn, rows.siteIds, week);
  const held = new Set(groupSessions.map((s) => `${s.activityId}:${s.occurredOn}`));
  return {
    held: groupSessions.length,
    scheduled: scheduled.length,
    notLogged: scheduled.filter((o) => !held.has(`${o.activityId}:${o.occurredOn}`)),
    present: total.present,
    expected: total.expected,
    attendanceRate: rate(total),
    activitiesBelowHalf: [...byActivity]
      // An activity with no countable attendance has no rate, so it is not flagged.
      .filter(([, tally]) => (rate(tally) ?? 1) < LOW_ATTENDANCE_RATE)
      .map(([activityId]) => activityId)
      .sort(ascending),
  };
}

/** Present over present + absent + excused, for the group sessions among `sessions` (withdrawn is left out). */
function groupAttendanceTally(
  sessions: readonly SessionRow[],
  attendanceBySession: ReadonlyMap<number, SessionAttendance>,
): AttendanceTally {
  const tally: AttendanceTally = { present: 0, expected: 0 };
  for (const session of sessions) {
    if (session.kind === "group_activity") addAttendance(tally, attendanceBySession.get(session.id));
  }
  return tally;
}

function addAttendance(tally: AttendanceTally, attendance: SessionAttendance | undefined): void {
  tally.expected += attendance?.expected ?? 0;
  tally.present += attendance?.presentPersonIds.length ?? 0;
}

function tallyFor(tallies: Map<number, AttendanceTally>, activityId: number): AttendanceTally {
  const existing = tallies.get(activityId);
  if (existing) return existing;
  const tally = { present: 0, expected: 0 };
  tallies.set(activityId, tally);
  return tally;
}

function rate(tally: AttendanceTally): number | null {
  return tally.expected === 0 ? null : tally.present / tally.expected;
}

/** Distinct (activity, date) pairs of the week from the weekly schedules of active activities, from their creation day. */
function scheduledOccurrences(
  activities: readonly ActivityRow[],
  createdOnById: ReadonlyMap<number, IsoDate>,
  siteIds: ReadonlySet<number>,
  week: DateRange,
): ScheduledOccurrence[] {
  const occurrences: ScheduledOccurrence[] = [];
  for (const activity of activities) {
    if (!activity.active || !siteIds.has(activity.siteId)) continue;
    const createdOn = createdOnById.get(activity.id) as IsoDate;
    const weekdays = [...new Set(activity.schedules.map((s) => s.weekday))].sort(ascending);
    for (const weekday of weekdays) {
      const occurredOn = addDaysIso(week.startsOn, weekday - 1);
      if (occurredOn >= createdOn) occurrences.push({ activityId: activity.id, occurredOn });
    }
  }
  return occurrences.sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.activityId - b.activityId);
}

/** Legal-status groups of people on a date, by the status in force that day ("unknown" before any is recorded). */
function legalStatusCounts(
  people: DigestInput["people"],
  date: IsoDate,
): DigestFigures["people"]["caseloadByLegalStatus"] {
  const counts = { detained: 0, external: 0, juvenile: 0, free: 0, unknown: 0 };
  for (const person of people) counts[legalStatusGroup(statusOn(person.legalStatuses, date)) ?? "unknown"] += 1;
  return counts;
}

/**
 * The plan version in force at an instant: created before it and not yet replaced (closed) by then. A version closed
 * without a date is never in force; drafts never are.
 */
function planInForce(plans: readonly PlanRow[] | undefined, at: Date): PlanRow | undefined {
  let found: PlanRow | undefined;
  for (const plan of plans ?? []) {
    if (plan.status === "draft" || plan.createdAt >= at) continue;
    if (plan.closedAt === null ? plan.status !== "active" : plan.closedAt < at) continue;
    if (!found || plan.createdAt > found.createdAt) found = plan;
  }
  return found;
}

// The plans in force at the end of the week, not today's: a past week's digest keeps its numbers.
function planFigures(
  plansByPerson: ReadonlyMap<number, readonly PlanRow[]>,
  caseload: DigestInput["people"],
  week: DateRange,
): DigestFigures["plans"] {
  const endsOn = week.endsOn;
  const dueBy = addDaysIso(endsOn, REVIEW_DUE_DAYS);
  const inForce = new Map<number, PlanRow>();
  for (const person of caseload) {
    const plan = planInForce(plansByPerson.get(person.id), week.end);
    if (plan) inForce.set(person.id, plan);
  }
  const withPlan = [...inForce].map(([personId, plan]) => ({ personId, reviewOn: plan.reviewOn }));
  const reviewIds = (due: (reviewOn: IsoDate) => boolean) =>
    withPlan
      .filter((p) => p.reviewOn !== null && due(p.reviewOn))
      .map((p) => p.personId)
      .sort(ascending);
  return {
    active: withPlan.length,
    reviewDueIn7Days: reviewIds((reviewOn) => reviewOn > endsOn && reviewOn <= dueBy),
    reviewOverdue: reviewIds((reviewOn) => reviewOn <= endsOn),
    withoutActivePlan: sortedIds(caseload.filter((p) => !inForce.has(p.id))),
  };
}

function eventFigures(events: readonly CriticalEventRow[], week: DateRange): DigestFigures["events"] {
  const weekEvents = events.filter((e) => isWithin(e.occurredOn, week));
  const bySeverity: Record<EventSeverity, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const event of weekEvents) {
    if (isSeverity(event.severity)) bySeverity[event.severity] += 1;
  }
  const before = (instant: Date | null) => instant !== null && instant < week.end;
  const open = events.filter((e) => e.occurredOn <= week.endsOn && !before(e.closedAt));
  const window = { startsOn: addDaysIso(week.endsOn, -(REPEATED_EVENTS_DAYS - 1)), endsOn: week.endsOn };
  const eventsPerPerson = countBy(
    events.filter((e) => isWithin(e.occurredOn, window)).flatMap((e) => e.personIds),
    (personId) => String(personId),
  );
  return {
    total: weekEvents.length,
    byKind: countBy(weekEvents, (e) => e.kind),
    bySeverity,
    open: sortedIds(open),
    unacknowledged: sortedIds(open.filter((e) => !before(e.acknowledgedAt))),
    peopleWithRepeatedEvents: Object.entries(eventsPerPerson)
      .filter(([, count]) => count >= 2)
      .map(([personId]) => Number(personId))
      .sort(ascending),
  };
}

function isSeverity(value: number): value is EventSeverity {
  return (EVENT_SEVERITIES as readonly number[]).includes(value);
}

// Internships and hires have no site: they belong to the scope through their person, on the day of each fact (the
// start, the end, the hire, or the last day of the week they were under way). endsOn is the actual last day.
function internshipFigures(
  input: DigestInput,
  people: DigestInput["people"],
  week: DateRange,
  atScopeOn: (person: DigestInput["people"][number], date: IsoDate) => boolean,
): DigestFigures["internships"] {
  const peopleById = new Map(people.map((p) => [p.id, p]));
  const here = (personId: number, date: IsoDate) => {
    const person = peopleById.get(personId);
    return person !== undefined && atScopeOn(person, date);
  };
  const lastDayInWeek = (i: InternshipRow) => (i.endsOn !== null && i.endsOn < week.endsOn ? i.endsOn : week.endsOn);
  const hires = input.hires.filter((h) => isWithin(h.hiredOn, week) && here(h.personId, h.hiredOn));
  const byHost = (h: HireRow) => h.internshipHostId !== null && h.employerId === h.internshipHostId;
  return {
    active: input.internships.filter(
      (i) =>
        i.startsOn <= week.endsOn &&
        (i.endsOn === null || i.endsOn >= week.startsOn) &&
        here(i.personId, lastDayInWeek(i)),
    ).length,
    started: sortedPersonIds(
      input.internships.filter((i) => isWithin(i.startsOn, week) && here(i.personId, i.startsOn)),
    ),
    ended: sortedPersonIds(
      input.internships.filter((i) => i.endsOn !== null && isWithin(i.endsOn, week) && here(i.personId, i.endsOn)),
    ),
    hiredByHost: sortedPersonIds(hires.filter(byHost)),
    hiredElsewhere: sortedPersonIds(hires.filter((h) => !byHost(h))),
  };
}

// Logging health looks at when entries were recorded, so a past week's figures never change.
function loggingFigures(staff: readonly StaffRow[], rows: ScopedRows, week: DateRange): DigestFigures["logging"] {
  const recordedInWeek = (entry: { recordedAt: Date }) => entry.recordedAt >= week.start && entry.recordedAt < week.end;
  const isLate = (entry: { occurredAt: Date; recordedAt: Date }) =>
    entry.recordedAt.getTime() - entry.occurredAt.getTime() > LATE_AFTER_MS;
  const sessions = rows.sessions.filter(recordedInWeek);
  const events = rows.events.filter(recordedInWeek);
  const loggers = new Set([...sessions.map((s) => s.authorId), ...events.map((e) => e.reporterId)]);
  const operators = staff.filter(
    (member) =>
      (member.active || (member.deactivatedAt !== null && member.deactivatedAt >= week.end)) &&
      member.memberships.some(
        (m) => m.role === "operator" && m.siteId !== null && rows.siteIds.has(m.siteId) && m.createdAt < week.end,
      ),
  );
  return {
    staffWithoutEntries: sortedIds(operators.filter((member) => !loggers.has(member.id))),
    lateSessions: sortedIds(sessions.filter(isLate)),
    lateEvents: sortedIds(events.filter(isLate)),
  };
}

function difference(now: number | null, before: number | null): number | null {
  return now === null || before === null ? null : now - before;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function sortedIds(items: readonly { id: number }[]): number[] {
  return items.map((item) => item.id).sort(ascending);
}

function sortedPersonIds(items: readonly { personId: number }[]): number[] {
  return items.map((item) => item.personId).sort(ascending);
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function ascending(a: number, b: number): number {
  return a - b;
}
