// Quarterly monitoring sheet (DESIGN.md §4): Spazio Zero output indicators and Milan job-mediation figures.
// Pure; formulas in docs/indicators.md. Every indicator works on calendar dates, so no time zone is needed.
import type { ActivityRow, AttendanceRow, InternshipRow, PersonRow, SessionRow } from "./digest.ts";
import { addDaysIso, daysBetween, isWithin, quarterRange } from "./weeks.ts";
import type { IsoDate, QuarterKey } from "./weeks.ts";

export interface HousingStayRow {
  id: number;
  personId: number;
  siteId: number;
  fromOn: IsoDate;
  /** Day of departure (its night is not counted); null while the stay goes on. */
  toOn: IsoDate | null;
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
const EXTERNAL_EXECUTION_STATUSES: readonly string[] = ["external_execution", "probation_map", "security_measure"];
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
  const participants = (ofSessions: readonly SessionRow[], who: (person: PersonRow) => boolean) =>
    new Set(ofSessions.flatMap(present).filter((id) => isPerson(context.peopleById.get(id), who))).size;
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
  const people = input.people.filter((p) => p.siteIds.some((id) => siteIds.has(id)));
  const jobs = jobMediation(input.internships, people, context);
  const interns = (who: (person: PersonRow) => boolean) =>
    new Set(jobs.overlapping.filter((i) => isPerson(context.peopleById.get(i.personId), who)).map((i) => i.personId))
      .size;
  const nights = input.housingStays
    .filter((stay) => siteIds.has(stay.siteId))
    .map((stay) => nightsInQuarter(stay, context))
    .filter((count) => count > 0);

  return {
    detained_participants_with_fragility: participants(
      sessions,
      (p) => p.legalStatus === "detained" && p.fragilities.length > 0,
    ),
    certified_training_participants: participants(
      certifiedSessions,
      (p) => p.legalStatus === "detained" || EXTERNAL_EXECUTION_STATUSES.includes(p.legalStatus),
    ),
    detained_interns: interns((p) => p.legalStatus === "detained"),
    external_execution_interns: interns((p) => EXTERNAL_EXECUTION_STATUSES.includes(p.legalStatus)),
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
    internship_host_organisations: new Set(jobs.overlapping.map((i) => normaliseName(i.hostOrganisation))).size,
    volunteering_activities: activitiesHeld(sessions, (kind) => kind === "volunteering"),
    job_referrals: people.filter((p) => isWithin(p.intakeOn, context) && p.referringService !== null).length,
    job_intakes: people.filter((p) => isWithin(p.intakeOn, context)).length,
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

/** Young adult: the young_adult legal status, or 18–25 years old in the quarter's year (only the birth year is known). */
function isYoungAdult(person: PersonRow, year: number): boolean {
  if (person.legalStatus === "young_adult") return true;
  if (person.birthYear === null) return false;
  const age = year - person.birthYear;
  return age >= YOUNG_ADULT_AGES.from && age <= YOUNG_ADULT_AGES.to;
}

// Internships belong to a site through their person; endsOn is the actual last day.
function jobMediation(internships: readonly InternshipRow[], people: readonly PersonRow[], quarter: QuarterContext) {
  const personIds = new Set(people.map((p) => p.id));
  const ofScope = internships.filter((i) => personIds.has(i.personId));
  const endedWithOutcome = ofScope.filter(
    (i) => i.endsOn !== null && isWithin(i.endsOn, quarter) && i.outcome !== null,
  );
  return {
    overlapping: ofScope.filter(
      (i) => i.startsOn <= quarter.endsOn && (i.endsOn === null || i.endsOn >= quarter.startsOn),
    ),
    started: ofScope.filter((i) => isWithin(i.startsOn, quarter)),
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

/** Nights of the stay inside the quarter: dates d with fromOn ≤ d < toOn and startsOn ≤ d ≤ endsOn. */
function nightsInQuarter(stay: HousingStayRow, quarter: QuarterContext): number {
  const dayAfterQuarter = addDaysIso(quarter.endsOn, 1);
  const first = stay.fromOn > quarter.startsOn ? stay.fromOn : quarter.startsOn;
  const stop = stay.toOn !== null && stay.toOn < dayAfterQuarter ? stay.toOn : dayAfterQuarter;
  return Math.max(0, daysBetween(first, stop));
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLocaleLowerCase("it");
}
