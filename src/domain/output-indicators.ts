// The funder's quarterly monitoring sheet (Regione Lombardia – Cassa delle Ammende): the 15 output indicators in the
// funder's order and wording, for any period, with ex-ante targets, the cumulative value since the programme started
// and the % of target. Pure; formulas in docs/indicators.md. People are counted by the legal status in force on the
// date of each fact, and a cumulative count of people is a count of distinct people over the whole span.
import type { InternshipRow, PersonRow } from "./digest.ts";
import { nightsWithin } from "./housing.ts";
import { legalStatusGroup, type LegalStatusGroup, statusesDuring, statusOn } from "./legal-status.ts";
import { type ClosureRow, type OpeningHoursRow, openingTotals } from "./opening-calendar.ts";
import { siteIdsOn } from "./people.ts";
import { type IsoDate, isWithin } from "./weeks.ts";

export interface HousingStayRow {
  id: number;
  personId: number;
  siteId: number;
  fromOn: IsoDate;
  /** Day of moving out (its night is not counted); null while the stay goes on. */
  toOn: IsoDate | null;
}

/** Kinds of the dated programme outputs coordinators record (indicators 13–15). */
export const PROGRAMME_OUTPUT_KINDS = ["report_publication", "promotional_material", "information_service"] as const;
export type ProgrammeOutputKind = (typeof PROGRAMME_OUTPUT_KINDS)[number];

/** A report, brochure or information service of the programme; siteId null: of the whole programme. */
export interface ProgrammeOutputRow {
  id: number;
  siteId: number | null;
  kind: string;
  on: IsoDate;
}

export interface SheetSite {
  id: number;
  name: string;
  kind: string;
}

/** A non-voided session with the people marked present at it. */
export interface SheetSession {
  id: number;
  siteId: number;
  kind: string;
  activityId: number | null;
  occurredOn: IsoDate;
  present: readonly number[];
}

export interface OutputIndicatorInput {
  sessions: readonly SheetSession[];
  people: readonly (PersonRow & { gender: string | null })[];
  activities: readonly { id: number; siteId: number; kind: string }[];
  internships: readonly InternshipRow[];
  housingStays: readonly HousingStayRow[];
  openingHours: readonly OpeningHoursRow[];
  closures: readonly ClosureRow[];
  outputs: readonly ProgrammeOutputRow[];
}

/** count: a plain number; hours: a number of hours with decimals. */
export type IndicatorUnit = "count" | "hours";

/** The funder's 15 output indicators, in the funder's order (the sheet's row numbers are index + 1). */
export const OUTPUT_INDICATORS = [
  { code: "day_centre_workshops", unit: "count" },
  { code: "day_centre_opening_days", unit: "count" },
  { code: "day_centre_opening_hours", unit: "hours" },
  { code: "detained_participants_with_fragility", unit: "count" },
  { code: "housing_placements", unit: "count" },
  { code: "certified_courses", unit: "count" },
  { code: "detained_course_participants", unit: "count" },
  { code: "external_course_participants", unit: "count" },
  { code: "detained_interns", unit: "count" },
  { code: "external_interns", unit: "count" },
  { code: "public_utility_volunteers", unit: "count" },
  { code: "young_adult_interventions", unit: "count" },
  { code: "reports_publications", unit: "count" },
  { code: "promotional_materials", unit: "count" },
  { code: "information_services", unit: "count" },
] as const satisfies readonly { code: string; unit: IndicatorUnit }[];

export type OutputIndicatorCode = (typeof OUTPUT_INDICATORS)[number]["code"];
/** The programme's overall target of people reached (e.g. 1,500) is set under this code, beside the 15. */
export const PEOPLE_REACHED = "people_reached";
export type TargetCode = OutputIndicatorCode | typeof PEOPLE_REACHED;
export const TARGET_CODES: readonly TargetCode[] = [...OUTPUT_INDICATORS.map((i) => i.code), PEOPLE_REACHED];

export function isTargetCode(value: string): value is TargetCode {
  return (TARGET_CODES as readonly string[]).includes(value);
}

export type OutputValues = Record<OutputIndicatorCode, number> & { people_reached: number };

export const AGE_BANDS = ["18_25", "26_35", "36_50", "over_50", "unknown"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Distinct people reached, by sex, age band, legal-status group on the dates of their facts, and site. */
export interface PeopleBreakdown {
  bySex: Record<string, number>;
  byAgeBand: Record<AgeBand, number>;
  byLegalStatus: Record<string, number>;
  bySite: Record<number, number>;
}

export interface ScopeValues {
  values: OutputValues;
  breakdown: PeopleBreakdown;
}

export interface OutputIndicatorResult {
  startsOn: IsoDate;
  endsOn: IsoDate;
  sites: ({ siteId: number; siteName: string } & ScopeValues)[];
  /** The same formulas over all the sites at once: a person or a course counts once. */
  total: ScopeValues;
}

const DAY_CENTRE_SITE_KINDS: readonly string[] = ["day_centre_inside", "day_centre_outside"];
/** A phone call or a team meeting is not taking part in the programme's activities. */
const NON_PARTICIPATION_SESSION_KINDS: readonly string[] = ["phone_contact", "team_meeting"];
// Courses and volunteering have indicators of their own, so they are not counted as workshops.
const NON_WORKSHOP_ACTIVITY_KINDS: readonly string[] = ["certified_training", "volunteering"];
const YOUNG_ADULT_AGES = { from: 18, to: 25 };
const OUTPUT_KIND_INDICATOR: Record<ProgrammeOutputKind, OutputIndicatorCode> = {
  report_publication: "reports_publications",
  promotional_material: "promotional_materials",
  information_service: "information_services",
};

interface PeriodContext {
  startsOn: IsoDate;
  endsOn: IsoDate;
  peopleById: ReadonlyMap<number, OutputIndicatorInput["people"][number]>;
  activityKindById: ReadonlyMap<number, string>;
}

/** The 15 indicators (and people reached) per site and in total for the days [startsOn, endsOn]. */
export function computeOutputIndicators(
  input: OutputIndicatorInput,
  sites: readonly SheetSite[],
  range: { startsOn: IsoDate; endsOn: IsoDate },
): OutputIndicatorResult {
  const context: PeriodContext = {
    ...range,
    peopleById: new Map(input.people.map((p) => [p.id, p])),
    activityKindById: new Map(input.activities.map((a) => [a.id, a.kind])),
  };
  return {
    startsOn: range.startsOn,
    endsOn: range.endsOn,
    sites: sites.map((site) => ({
      siteId: site.id,
      siteName: site.name,
      ...scopeValues(input, [site], context, false),
    })),
    total: scopeValues(input, sites, context, true),
  };
}

function scopeValues(
  input: OutputIndicatorInput,
  sites: readonly SheetSite[],
  context: PeriodContext,
  wholeProgramme: boolean,
): ScopeValues {
  const siteIds = new Set(sites.map((s) => s.id));
  const dayCentreIds = sites.filter((s) => DAY_CENTRE_SITE_KINDS.includes(s.kind)).map((s) => s.id);
  const sessions = input.sessions.filter(
    (s) =>
      siteIds.has(s.siteId) && isWithin(s.occurredOn, context) && !NON_PARTICIPATION_SESSION_KINDS.includes(s.kind),
  );
  const activityKind = (session: SheetSession) =>
    session.activityId === null ? undefined : context.activityKindById.get(session.activityId);
  const present = (session: SheetSession) => session.present;
  const person = (id: number) => context.peopleById.get(id);
  const groupOn = (personId: number, on: IsoDate) =>
    legalStatusGroup(statusOn(person(personId)?.legalStatuses ?? [], on));
  /** Distinct people present at the sessions who were in `group` on the session's day (any group when null). */
  const participants = (ofSessions: readonly SheetSession[], keep: (personId: number, on: IsoDate) => boolean) =>
    new Set(ofSessions.flatMap((s) => present(s).filter((id) => keep(id, s.occurredOn)))).size;
  const activitiesHeld = (ofSessions: readonly SheetSession[], ofKind: (kind: string) => boolean) =>
    new Set(
      ofSessions.flatMap((s) => {
        const kind = activityKind(s);
        return s.activityId !== null && kind !== undefined && ofKind(kind) ? [s.activityId] : [];
      }),
    ).size;
  const courseSessions = sessions.filter((s) => activityKind(s) === "certified_training");

  const atScopeOn = (personId: number, on: IsoDate) =>
    siteIdsOn(person(personId)?.sites ?? [], on).filter((id) => siteIds.has(id));
  const internships = input.internships.filter(
    (i) =>
      i.startsOn <= context.endsOn &&
      (i.endsOn === null || i.endsOn >= context.startsOn) &&
      atScopeOn(i.personId, firstDayWithin(i.startsOn, context)).length > 0,
  );
  const interns = (group: LegalStatusGroup) =>
    new Set(
      internships
        .filter((i) => {
          const lastDay = i.endsOn !== null && i.endsOn < context.endsOn ? i.endsOn : context.endsOn;
          return statusesDuring(
            person(i.personId)?.legalStatuses ?? [],
            firstDayWithin(i.startsOn, context),
            lastDay,
          ).some((status) => legalStatusGroup(status) === group);
        })
        .map((i) => i.personId),
    ).size;
  const stays = input.housingStays.filter((stay) => siteIds.has(stay.siteId) && nightsWithin(stay, context) > 0);
  const opening = [...openingTotals(input.openingHours, input.closures, dayCentreIds, context).values()];
  const outputs = input.outputs.filter(
    (o) => isWithin(o.on, context) && (o.siteId === null ? wholeProgramme : siteIds.has(o.siteId)),
  );
  const outputsOf = (code: OutputIndicatorCode) =>
    outputs.filter((o) => OUTPUT_KIND_INDICATOR[o.kind as ProgrammeOutputKind] === code).length;

  const reached = new ReachedPeople(context);
  for (const s of sessions) for (const personId of s.present) reached.add(personId, s.occurredOn, [s.siteId]);
  for (const i of internships) {
    const on = firstDayWithin(i.startsOn, context);
    reached.add(i.personId, on, atScopeOn(i.personId, on));
  }
  for (const stay of stays) reached.add(stay.personId, firstDayWithin(stay.fromOn, context), [stay.siteId]);
  const values: OutputValues = {
    day_centre_workshops: activitiesHeld(
      sessions.filter((s) => dayCentreIds.includes(s.siteId)),
      (kind) => !NON_WORKSHOP_ACTIVITY_KINDS.includes(kind),
    ),
    day_centre_opening_days: opening.reduce((sum, site) => sum + site.days, 0),
    day_centre_opening_hours: opening.reduce((sum, site) => sum + site.minutes, 0) / 60,
    detained_participants_with_fragility: participants(
      sessions,
      (id, on) => groupOn(id, on) === "detained" && (person(id)?.fragilities.length ?? 0) > 0,
    ),
    housing_placements: stays.length,
    certified_courses: activitiesHeld(sessions, (kind) => kind === "certified_training"),
    detained_course_participants: participants(courseSessions, (id, on) => groupOn(id, on) === "detained"),
    external_course_participants: participants(courseSessions, (id, on) => groupOn(id, on) === "external"),
    detained_interns: interns("detained"),
    external_interns: interns("external"),
    public_utility_volunteers: participants(
      sessions.filter((s) => activityKind(s) === "volunteering"),
      () => true,
    ),
    young_adult_interventions: sessions.filter((s) =>
      present(s).some((id) => isYoungAdult(person(id)?.birthYear ?? null, s.occurredOn)),
    ).length,
    reports_publications: outputsOf("reports_publications"),
    promotional_materials: outputsOf("promotional_materials"),
    information_services: outputsOf("information_services"),
    people_reached: reached.count(),
  };
  return { values, breakdown: reached.breakdown() };
}

/** The people reached by their facts in the period (present at an activity, an internship, a housing night), with the
 * legal-status groups in force on the dates of those facts and the sites of the facts. */
class ReachedPeople {
  private readonly people = new Map<number, { groups: Set<string>; sites: Set<number> }>();

  constructor(private readonly context: PeriodContext) {}

  add(personId: number, on: IsoDate, siteIds: readonly number[]): void {
    let facts = this.people.get(personId);
    if (!facts) {
      facts = { groups: new Set(), sites: new Set() };
      this.people.set(personId, facts);
    }
    const statuses = this.context.peopleById.get(personId)?.legalStatuses ?? [];
    facts.groups.add(legalStatusGroup(statusOn(statuses, on)) ?? "unknown");
    for (const siteId of siteIds) facts.sites.add(siteId);
  }

  count(): number {
    return this.people.size;
  }

  breakdown(): PeopleBreakdown {
    const bySex: Record<string, number> = {};
    const byAgeBand = Object.fromEntries(AGE_BANDS.map((band) => [band, 0])) as Record<AgeBand, number>;
    const byLegalStatus: Record<string, number> = {};
    const bySite: Record<number, number> = {};
    const increment = <K extends string | number>(counts: Record<K, number>, key: K) => {
      counts[key] = (counts[key] ?? 0) + 1;
    };
    for (const [personId, facts] of this.people) {
      const person = this.context.peopleById.get(personId);
      increment(bySex, person?.gender ?? "unknown");
      increment(byAgeBand, ageBand(person?.birthYear ?? null, this.context.endsOn));
      for (const group of facts.groups) increment(byLegalStatus, group);
      for (const siteId of facts.sites) increment(bySite, siteId);
    }
    return { bySex: sorted(bySex), byAgeBand, byLegalStatus: sorted(byLegalStatus), bySite };
  }
}

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Age band by birth year at the end of the period (only the birth year is known); under 18 counts as unknown. */
export function ageBand(birthYear: number | null, on: IsoDate): AgeBand {
  if (birthYear === null) return "unknown";
  const age = Number(on.slice(0, 4)) - birthYear;
  if (age < 18) return "unknown";
  if (age <= 25) return "18_25";
  if (age <= 35) return "26_35";
  if (age <= 50) return "36_50";
  return "over_50";
}

/** Young adult: 18–25 in the year of the fact (only the birth year is known); an age, not a legal status. */
function isYoungAdult(birthYear: number | null, on: IsoDate): boolean {
  if (birthYear === null) return false;
  const age = Number(on.slice(0, 4)) - birthYear;
  return age >= YOUNG_ADULT_AGES.from && age <= YOUNG_ADULT_AGES.to;
}

function firstDayWithin(startsOn: IsoDate, range: { startsOn: IsoDate }): IsoDate {
  return startsOn > range.startsOn ? startsOn : range.startsOn;
}

/** An ex-ante target: of the programme (siteId null) or of one site where the network splits it. */
export interface TargetRow {
  code: string;
  siteId: number | null;
  target: number;
}

export interface SheetLine {
  code: TargetCode;
  target: number | null;
  actual: number;
  cumulative: number;
  /** cumulative ÷ target; null without a target (or a target of 0). */
  ofTarget: number | null;
}

export interface SheetScope {
  siteId: number | null;
  name: string;
  lines: SheetLine[];
}

/**
 * The sheet: per scope (each site, then the programme) and per indicator, the target, the value in the period, the
 * value from the programme's start to the period's end (computed as one span, never a sum of periods) and % of target.
 */
export function funderSheetScopes(
  period: OutputIndicatorResult,
  cumulative: OutputIndicatorResult,
  targets: readonly TargetRow[],
  totalName: string,
): SheetScope[] {
  const targetOf = (code: string, siteId: number | null) =>
    targets.find((t) => t.code === code && t.siteId === siteId)?.target ?? null;
  const lines = (siteId: number | null, actual: OutputValues, since: OutputValues): SheetLine[] =>
    TARGET_CODES.map((code) => {
      const target = targetOf(code, siteId);
      return {
        code,
        target,
        actual: actual[code],
        cumulative: since[code],
        ofTarget: target === null || target === 0 ? null : since[code] / target,
      };
    });
  return [
    ...period.sites.map((site, index) => ({
      siteId: site.siteId,
      name: site.siteName,
      lines: lines(site.siteId, site.values, (cumulative.sites[index] as (typeof cumulative.sites)[number]).values),
    })),
    { siteId: null, name: totalName, lines: lines(null, period.total.values, cumulative.total.values) },
  ];
}
