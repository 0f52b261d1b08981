// Quarterly monitoring sheet (DESIGN.md §4): Spazio Zero output indicators and Milan job-mediation figures.
// Pure; formulas in docs/indicators.md. Every indicator works on calendar dates, so no time zone is needed.
// Every figure about people uses the legal status in force on the date of its fact (statusOn).
import type { ActivityRow, AttendanceRow, InternshipRow, PersonRow, SessionRow } from "./digest.ts";
import { nightsWithin } from "./housing.ts";
import { legalStatusGroup, type LegalStatusGroup, statusesDuring, statusOn } from "./legal-status.ts";
import { siteIdsOn } from "./people.ts";
import { isWithin, quarterRange } from "./weeks.ts";
import type { IsoDate, QuarterKey } from "./weeks.ts";

export interface HousingStayRow {
  id: number;
  personId: number;
  siteId: number;
  fromOn: IsoDate;
  /** Day of departure (its night is not counted); null while the stay goes on. */
  toOn: IsoDate | null;
}

/** A referral (segnalazione) received by a site. */
export interface ReferralRow {
  id: number;
  siteId: number;
  receivedOn: IsoDate;
}

export interface QuarterlySite {
  id: number;
  name: string;
  kind: string;
}

export interface QuarterlyInput {
  sessions: readonly SessionRow[];
  attendance: readonly AttendanceRow[];
  people: readonly PersonRow[];
  activities: readonly Pick<ActivityRow, "id" | "siteId" | "kind">[];
  internships: readonly InternshipRow[];
  housingStays: readonly HousingStayRow[];
  referrals: readonly ReferralRow[];
}

export const QUARTERLY_CATEGORIES = [
  "participants_reached",
  "interventions_delivered",
  "community_resources_activated",
  "job_mediation",
] as const;
export type QuarterlyCategory = (typeof QUARTERLY_CATEGORIES)[number];

/** count and hours are plain numbers; ratio is a fraction in [0, 1]. */
export type IndicatorUnit = "count" | "hours" | "ratio";

/** In sheet order: grouped by category, categories in QUARTERLY_CATEGORIES order. */
export const QUARTERLY_INDICATORS = [
  { code: "detained_participants_with_fragility", category: "participants_reached", unit: "count" },
  { code: "certified_training_participants", category: "participants_reached", unit: "count" },
  { code: "detained_interns", category: "participants_reached", unit: "count" },
  { code: "external_execution_interns", category: "participants_reached", unit: "count" },
  { code: "community_service_participants", category: "participants_reached", unit: "count" },
  { code: "day_centre_workshops_active", category: "interventions_delivered", unit: "count" },
  { code: "day_centre_opening_days", category: "interventions_delivered", unit: "count" },
  { code: "day_centre_opening_hours", category: "interventions_delivered", unit: "hours" },
  { code: "housing_stays", category: "interventions_delivered", unit: "count" },
  { code: "housing_stay_days", category: "interventions_delivered", unit: "count" },
  { code: "certified_training_courses", category: "interventions_delivered", unit: "count" },
  { code: "young_adult_interventions", category: "interventions_delivered", unit: "count" },
  { code: "internship_host_organisations", category: "community_resources_activated", unit: "count" },
  { code: "volunteering_activities", category: "community_resources_activated", unit: "count" },
  { code: "job_referrals", category: "job_mediation", unit: "count" },
  { code: "job_intakes", category: "job_mediation", unit: "count" },
  { code: "internships_started", category: "job_mediation", unit: "count" },
  { code: "internship_starters", category: "job_mediation", unit: "count" },
  { code: "hires_after_internship_host", category: "job_mediation", unit: "count" },
  { code: "hires_after_internship_other", category: "job_mediation", unit: "count" },
  { code: "hire_rate_after_internship", category: "job_mediation", unit: "ratio" },
] as const satisfies readonly { code: string; category: QuarterlyCategory; unit: IndicatorUnit }[];

export type QuarterlyIndicatorCode = (typeof QUARTERLY_INDICATORS)[number]["code"];
/** null: the formula has no denominator (a ratio over zero records). */
export type IndicatorValues = Record<QuarterlyIndicatorCode, number | null>;

export interface QuarterlyResult {
  quarterKey: QuarterKey;
  startsOn: IsoDate;
  endsOn: IsoDate;
  sites: { siteId: number; siteName: string; values: IndicatorValues }[];
  /** The same formulas over all the sites at once: distinct people and organisations are counted once. */
  total: IndicatorValues;
}

const DAY_CENTRE_SITE_KINDS: readonly string[] = ["day_centre_inside", "day_centre_outside"];
// Sessions that mean the centre was open to people; calls, visits and meetings elsewhere do not.
const ON_SITE_SESSION_KINDS: readonly string[] = [
  "group_activity",
  "individual_educational",
  "individual_psychological",
  "individual_social",
  "family_meeting",
  "mediation",
];
// Courses and volunteering have indicators of their own, so they are not counted as workshops.
const NON_WORKSHOP_ACTIVITY_KINDS: readonly string[] = ["certified_training", "volunteering"];
const YOUNG_ADULT_AGES = { from: 18, to: 25 };

interface QuarterContext {
  startsOn: IsoDate;
  endsOn: IsoDate;
  year: number;
  presentBySession: ReadonlyMap<number, readonly number[]>;
  peopleById: ReadonlyMap<number, PersonRow>;
  activityKindById: ReadonlyMap<number, string>;
}

export function computeQuarterlyIndicators(
  input: QuarterlyInput,
  sites: readonly QuarterlySite[],
  quarterKey: QuarterKey,
): QuarterlyResult {
  const { startsOn, endsOn } = quarterRange(quarterKey);
  const presentBySession = new Map<number, number[]>();
  for (const row of input.attendance) {
    if (row.status !== "present") continue;
    appendTo(presentBySession, row.sessionId, row.personId);
  }
  const context: QuarterContext = {
    startsOn,
    endsOn,
    year: Number(startsOn.slice(0, 4)),
    presentBySession,
    peopleById: new Map(input.people.map((p) => [p.id, p])),
    activityKindById: new Map(input.activities.map((a) => [a.id, a.kind])),
  };
  return {
    quarterKey,
    startsOn,
    endsOn,
    sites: sites.map((site) => ({
      siteId: site.id,
      siteName: site.name,
      values: indicatorValues(input, [site], context),
    })),
    total: indicatorValues(input, sites, context),
  };
}

function indicatorValues(
  input: QuarterlyInput,
  sites: readonly QuarterlySite[],
  context: QuarterContext,
): IndicatorValues {
  const siteIds = new Set(sites.map((s) => s.id));
  const dayCentreIds = new Set(sites.filter((s) => DAY_CENTRE_SITE_KINDS.includes(s.kind)).map((s) => s.id));
  const sessions = input.sessions.filter(
    (s) => s.voidedAt === null && siteIds.has(s.siteId) && isWithin(s.occurredOn, context),
  );
  const activityKind = (session: SessionRow) =>
    session.activityId === null ? undefined : context.activityKindById.get(session.activityId);
  const present = (session: SessionRow) => context.presentBySession.get(session.id) ?? [];
  /** Distinct people present at the sessions who were `who` on the session's day. */
  const participants = (ofSessions: readonly SessionRow[], who: (person: PersonRow, on: IsoDate) => boolean) =>
    new Set(
      ofSessions.flatMap((session) =>
        present(session).filter((id) => isPerson(context.peopleById.get(id), (p) => who(p, session.occurredOn))),
      ),
    ).size;
  const groupOn = (person: PersonRow, on: IsoDate) => legalStatusGroup(statusOn(person.legalStatuses, on));
  const activitiesHeld = (ofSessions: readonly SessionRow[], ofKind: (kind: string) => boolean) =>
    new Set(
      ofSessions.flatMap((s) => {
        const kind = activityKind(s);
        return s.activityId !== null && kind !== undefined && ofKind(kind) ? [s.activityId] : [];
      }),
    ).size;

  const certifiedSessions = sessions.filter((s) => activityKind(s) === "certified_training");
  const openingSessions = sessions.filter(
    (s) => dayCentreIds.has(s.siteId) && ON_SITE_SESSION_KINDS.includes(s.kind) && present(s).length > 0,
  );
  const atScopeOn = (person: PersonRow, on: IsoDate) => siteIdsOn(person.sites, on).some((id) => siteIds.has(id));
  const jobs = jobMediation(input.internships, context, atScopeOn);
  /** Distinct interns in one of the groups on at least one day of their internship within the quarter. */
  const interns = (group: LegalStatusGroup) =>
    new Set(
      jobs.overlapping
        .filter((i) => {
          const person = context.peopleById.get(i.personId) as PersonRow;
          const lastDay = i.endsOn !== null && i.endsOn < context.endsOn ? i.endsOn : context.endsOn;
          return statusesDuring(person.legalStatuses, firstDayInQuarter(i, context), lastDay).some(
            (status) => legalStatusGroup(status) === group,
          );
        })
        .map((i) => i.personId),
    ).size;
  const nights = input.housingStays
    .filter((stay) => siteIds.has(stay.siteId))
    .map((stay) => nightsWithin(stay, context))
    .filter((count) => count > 0);

  return {
    detained_participants_with_fragility: participants(
      sessions,
      (p, on) => groupOn(p, on) === "detained" && p.fragilities.length > 0,
    ),
    certified_training_participants: participants(certifiedSessions, (p, on) =>
      ["detained", "external"].includes(groupOn(p, on) ?? ""),
    ),
    detained_interns: interns("detained"),
    external_execution_interns: interns("external"),
    community_service_participants: participants(
      sessions.filter((s) => activityKind(s) === "volunteering"),
      () => true,
    ),
    day_centre_workshops_active: activitiesHeld(
      sessions.filter((s) => dayCentreIds.has(s.siteId)),
      (kind) => !NON_WORKSHOP_ACTIVITY_KINDS.includes(kind),
    ),
    day_centre_opening_days: new Set(openingSessions.map(siteDay)).size,
    day_centre_opening_hours: openingMinutes(openingSessions) / 60,
    housing_stays: nights.length,
    housing_stay_days: nights.reduce((sum, count) => sum + count, 0),
    certified_training_courses: activitiesHeld(sessions, (kind) => kind === "certified_training"),
    young_adult_interventions: sessions.filter((s) =>
      present(s).some((id) => isPerson(context.peopleById.get(id), (p) => isYoungAdult(p, context.year))),
    ).length,
    internship_host_organisations: new Set(jobs.overlapping.map((i) => i.hostId)).size,
    volunteering_activities: activitiesHeld(sessions, (kind) => kind === "volunteering"),
    job_referrals: input.referrals.filter((r) => siteIds.has(r.siteId) && isWithin(r.receivedOn, context)).length,
    job_intakes: input.people.filter((p) => isWithin(p.intakeOn, context) && atScopeOn(p, p.intakeOn)).length,
    internships_started: jobs.started.length,
    internship_starters: new Set(jobs.started.map((i) => i.personId)).size,
    hires_after_internship_host: jobs.hiredByHost,
    hires_after_internship_other: jobs.hiredElsewhere,
    hire_rate_after_internship:
      jobs.endedWithOutcome === 0 ? null : (jobs.hiredByHost + jobs.hiredElsewhere) / jobs.endedWithOutcome,
  };
}

function isPerson(person: PersonRow | undefined, who: (person: PersonRow) => boolean): boolean {
  return person !== undefined && who(person);
}

/** Young adult: 18–25 years old in the quarter's year (only the birth year is known); an age, not a legal status. */
function isYoungAdult(person: PersonRow, year: number): boolean {
  if (person.birthYear === null) return false;
  const age = year - person.birthYear;
  return age >= YOUNG_ADULT_AGES.from && age <= YOUNG_ADULT_AGES.to;
}

function firstDayInQuarter(internship: InternshipRow, quarter: QuarterContext): IsoDate {
  return internship.startsOn > quarter.startsOn ? internship.startsOn : quarter.startsOn;
}

// Internships belong to a site through their person, on the fact's day: the start, the end, or the first day under
// way in the quarter. endsOn is the actual last day.
function jobMediation(
  internships: readonly InternshipRow[],
  quarter: QuarterContext,
  atScopeOn: (person: PersonRow, on: IsoDate) => boolean,
) {
  const onDay = (i: InternshipRow, day: IsoDate) => {
    const person = quarter.peopleById.get(i.personId);
    return person !== undefined && atScopeOn(person, day);
  };
  const endedWithOutcome = internships.filter(
    (i) => i.endsOn !== null && isWithin(i.endsOn, quarter) && i.outcome !== null && onDay(i, i.endsOn),
  );
  return {
    overlapping: internships.filter(
      (i) =>
        i.startsOn <= quarter.endsOn &&
        (i.endsOn === null || i.endsOn >= quarter.startsOn) &&
        onDay(i, firstDayInQuarter(i, quarter)),
    ),
    started: internships.filter((i) => isWithin(i.startsOn, quarter) && onDay(i, i.startsOn)),
    endedWithOutcome: endedWithOutcome.length,
    hiredByHost: endedWithOutcome.filter((i) => i.outcome === "hired_by_host").length,
    hiredElsewhere: endedWithOutcome.filter((i) => i.outcome === "hired_elsewhere").length,
  };
}

function siteDay(session: SessionRow): string {
  return `${session.siteId}:${session.occurredOn}`;
}

/** Minutes covered by at least one session, per site and day: parallel sessions are counted once. */
function openingMinutes(sessions: readonly SessionRow[]): number {
  const intervalsByDay = new Map<string, [number, number][]>();
  for (const session of sessions) {
    const start = session.occurredAt.getTime();
    const interval: [number, number] = [start, start + session.durationMinutes * 60_000];
    appendTo(intervalsByDay, siteDay(session), interval);
  }
  let covered = 0;
  for (const intervals of intervalsByDay.values()) {
    let reachedUntil = Number.NEGATIVE_INFINITY;
    for (const [start, end] of intervals.sort((a, b) => a[0] - b[0])) {
      covered += Math.max(0, end - Math.max(start, reachedUntil));
      reachedUntil = Math.max(reachedUntil, end);
    }
  }
  return covered / 60_000;
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
