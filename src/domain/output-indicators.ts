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

/** The programme's budgets for monthly internship allowances (how many, how many euros), set like the targets. */
export const BUDGET_CODES = ["allowances_count", "allowances_euros"] as const;
export type BudgetCode = (typeof BUDGET_CODES)[number];
/** What admins set in /obiettivi and the targets import: the sheet's targets, then the budgets. */
export const SETTABLE_CODES: readonly (TargetCode | BudgetCode)[] = [...TARGET_CODES, ...BUDGET_CODES];

export function isBudgetCode(value: string): value is BudgetCode {
  return (BUDGET_CODES as readonly string[]).includes(value);
}

export function isSettableCode(value: string): value is TargetCode | BudgetCode {
  return (SETTABLE_CODES as readonly string[]).includes(value);
}

/** The value set for a code in one scope (siteId null: the programme's), or null when none is. */
export function targetOf(targets: readonly TargetRow[], code: string, siteId: number | null): number | null {
  return targets.find((t) => t.code === code && t.siteId === siteId)?.target ?? null;
}

export type OutputValues = Record<OutputIndicatorCode, number> & { people_reached: number };

export const AGE_BANDS = ["18_25", "26_35", "36_50", "over_50", "unknown"] as const;
/** Legal-status groups of the breakdown; "unknown" before a person's first period. */
export const STATUS_GROUPS = ["unknown", "detained", "external", "juvenile", "free"] as const;
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

/** Sites whose opening calendar counts for indicators 2 and 3. */
export const DAY_CENTRE_SITE_KINDS: readonly string[] = ["day_centre_inside", "day_centre_outside"];
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

interface Range {
  startsOn: IsoDate;
  endsOn: IsoDate;
}

type Person = OutputIndicatorInput["people"][number];

/** The 15 indicators (and people reached) per site and in total for the days [startsOn, endsOn]. */
export function computeOutputIndicators(
  input: OutputIndicatorInput,
  sites: readonly SheetSite[],
  range: Range,
): OutputIndicatorResult {
  const sheet = new OutputIndicatorSheet(sites, input.people, input.activities, [range]);
  for (const session of input.sessions) sheet.addSession(session);
  return sheet.results(input)[0] as OutputIndicatorResult;
}

/** What the sessions of one scope (a site, or all of them) and one span add up to. */
class SessionTally {
  readonly workshops = new Set<number>();
  readonly courses = new Set<number>();
  readonly fragileDetained = new Set<number>();
  readonly courseDetained = new Set<number>();
  readonly courseExternal = new Set<number>();
  readonly volunteers = new Set<number>();
  youngAdultSessions = 0;
  readonly reached: ReachedPeople;

  constructor(endsOn: IsoDate, people: ReadonlyMap<number, Person>) {
    this.reached = new ReachedPeople(endsOn, people);
  }
}

interface PresentPerson {
  id: number;
  group: string;
  fragile: boolean;
}

/**
 * The sheet for several spans at once (the period and the span since the programme's start), fed one session at a
 * time: a programme's sessions since its start need never be held in memory together.
 */
export class OutputIndicatorSheet {
  private readonly people: Map<number, Person>;
  private readonly activityKind: ReadonlyMap<number, string>;
  private readonly siteIndex: ReadonlyMap<number, number>;
  private readonly dayCentreIds: ReadonlySet<number>;
  /** tallies[span][site index]; the last one of each span is the total. */
  private readonly tallies: SessionTally[][];

  constructor(
    private readonly sites: readonly SheetSite[],
    people: readonly Person[],
    activities: readonly { id: number; kind: string }[],
    private readonly spans: readonly Range[],
  ) {
    this.people = new Map(people.map((p) => [p.id, p]));
    this.activityKind = new Map(activities.map((a) => [a.id, a.kind]));
    this.siteIndex = new Map(sites.map((site, index) => [site.id, index]));
    this.dayCentreIds = new Set(sites.filter((s) => DAY_CENTRE_SITE_KINDS.includes(s.kind)).map((s) => s.id));
    this.tallies = spans.map((span) =>
      Array.from({ length: sites.length + 1 }, () => new SessionTally(span.endsOn, this.people)),
    );
  }

  /** Whether every person present at the session is known; sessions of people from elsewhere wait for addPeople. */
  knowsEveryone(session: SheetSession): boolean {
    return session.present.every((id) => this.people.has(id));
  }

  /** People loaded after the sheet started (present at its sites though registered elsewhere). */
  addPeople(people: readonly Person[]): void {
    for (const person of people) this.people.set(person.id, person);
  }

  addSession(session: SheetSession): void {
    if (NON_PARTICIPATION_SESSION_KINDS.includes(session.kind)) return;
    const siteIndex = this.siteIndex.get(session.siteId);
    if (siteIndex === undefined) return;
    const spans = this.spans.flatMap((span, index) => (isWithin(session.occurredOn, span) ? [index] : []));
    if (spans.length === 0) return;
    const activityKind = session.activityId === null ? undefined : this.activityKind.get(session.activityId);
    const present: PresentPerson[] = session.present.map((id) => {
      const person = this.people.get(id);
      const group = legalStatusGroup(statusOn(person?.legalStatuses ?? [], session.occurredOn)) ?? "unknown";
      return { id, group, fragile: (person?.fragilities.length ?? 0) > 0 };
    });
    const young = session.present.some((id) =>
      isYoungAdult(this.people.get(id)?.birthYear ?? null, session.occurredOn),
    );
    for (const span of spans) {
      const tallies = this.tallies[span] as SessionTally[];
      for (const tally of [tallies[siteIndex], tallies[this.sites.length]] as SessionTally[]) {
        this.tallySession(tally, session, activityKind, present, young);
      }
    }
  }

  private tallySession(
    tally: SessionTally,
    session: SheetSession,
    activityKind: string | undefined,
    present: readonly PresentPerson[],
    young: boolean,
  ): void {
    const activityId = session.activityId;
    if (activityId !== null && activityKind !== undefined) {
      if (activityKind === "certified_training") tally.courses.add(activityId);
      else if (!NON_WORKSHOP_ACTIVITY_KINDS.includes(activityKind) && this.dayCentreIds.has(session.siteId)) {
        tally.workshops.add(activityId);
      }
    }
    if (young) tally.youngAdultSessions += 1;
    for (const person of present) {
      tally.reached.add(person.id, person.group);
      if (person.group === "detained" && person.fragile) tally.fragileDetained.add(person.id);
      if (activityKind === "certified_training" && person.group === "detained") tally.courseDetained.add(person.id);
      if (activityKind === "certified_training" && person.group === "external") tally.courseExternal.add(person.id);
      if (activityKind === "volunteering") tally.volunteers.add(person.id);
    }
  }

  /** One result per span, in the order of the spans, with the rows that do not come from sessions. */
  results(rest: Pick<OutputIndicatorInput, "internships" | "housingStays" | "openingHours" | "closures" | "outputs">) {
    return this.spans.map((span, spanIndex): OutputIndicatorResult => {
      const tallies = this.tallies[spanIndex] as SessionTally[];
      const sites = this.sites.map((site, index) => {
        const { values, reached } = this.scopeValues(rest, span, [site], tallies[index] as SessionTally, false);
        return {
          siteId: site.id,
          siteName: site.name,
          values,
          breakdown: reached.breakdown({ [site.id]: values.people_reached }),
        };
      });
      const total = this.scopeValues(rest, span, this.sites, tallies[this.sites.length] as SessionTally, true);
      const bySite = Object.fromEntries(sites.map((site) => [site.siteId, site.values.people_reached]));
      return {
        startsOn: span.startsOn,
        endsOn: span.endsOn,
        sites,
        total: { values: total.values, breakdown: total.reached.breakdown(bySite) },
      };
    });
  }

  private scopeValues(
    rest: Pick<OutputIndicatorInput, "internships" | "housingStays" | "openingHours" | "closures" | "outputs">,
    span: Range,
    sites: readonly SheetSite[],
    tally: SessionTally,
    wholeProgramme: boolean,
  ): { values: OutputValues; reached: ReachedPeople } {
    const siteIds = new Set(sites.map((s) => s.id));
    const person = (id: number) => this.people.get(id);
    const atScopeOn = (personId: number, on: IsoDate) =>
      siteIdsOn(person(personId)?.sites ?? [], on).filter((id) => siteIds.has(id));
    const internships = rest.internships.filter(
      (i) =>
        i.startsOn <= span.endsOn &&
        (i.endsOn === null || i.endsOn >= span.startsOn) &&
        atScopeOn(i.personId, firstDayWithin(i.startsOn, span)).length > 0,
    );
    const interns = (group: LegalStatusGroup) =>
      new Set(
        internships
          .filter((i) => {
            const lastDay = i.endsOn !== null && i.endsOn < span.endsOn ? i.endsOn : span.endsOn;
            return statusesDuring(
              person(i.personId)?.legalStatuses ?? [],
              firstDayWithin(i.startsOn, span),
              lastDay,
            ).some((status) => legalStatusGroup(status) === group);
          })
          .map((i) => i.personId),
      ).size;
    const stays = rest.housingStays.filter((stay) => siteIds.has(stay.siteId) && nightsWithin(stay, span) > 0);
    const dayCentres = sites.filter((s) => this.dayCentreIds.has(s.id)).map((s) => s.id);
    const opening = [...openingTotals(rest.openingHours, rest.closures, dayCentres, span).values()];
    const outputs = rest.outputs.filter(
      (o) => isWithin(o.on, span) && (o.siteId === null ? wholeProgramme : siteIds.has(o.siteId)),
    );
    const outputsOf = (code: OutputIndicatorCode) =>
      outputs.filter((o) => OUTPUT_KIND_INDICATOR[o.kind as ProgrammeOutputKind] === code).length;

    // A copy: the same tally may be asked again (results() is not meant to change what the sessions added up to).
    const reached = tally.reached.copy();
    const groupOn = (personId: number, on: IsoDate) =>
      legalStatusGroup(statusOn(person(personId)?.legalStatuses ?? [], on)) ?? "unknown";
    for (const i of internships) {
      const on = firstDayWithin(i.startsOn, span);
      reached.add(i.personId, groupOn(i.personId, on));
    }
    for (const stay of stays) {
      const on = firstDayWithin(stay.fromOn, span);
      reached.add(stay.personId, groupOn(stay.personId, on));
    }
    const values: OutputValues = {
      day_centre_workshops: tally.workshops.size,
      day_centre_opening_days: opening.reduce((sum, site) => sum + site.days, 0),
      day_centre_opening_hours: opening.reduce((sum, site) => sum + site.minutes, 0) / 60,
      detained_participants_with_fragility: tally.fragileDetained.size,
      housing_placements: stays.length,
      certified_courses: tally.courses.size,
      detained_course_participants: tally.courseDetained.size,
      external_course_participants: tally.courseExternal.size,
      detained_interns: interns("detained"),
      external_interns: interns("external"),
      public_utility_volunteers: tally.volunteers.size,
      young_adult_interventions: tally.youngAdultSessions,
      reports_publications: outputsOf("reports_publications"),
      promotional_materials: outputsOf("promotional_materials"),
      information_services: outputsOf("information_services"),
      people_reached: reached.count(),
    };
    return { values, reached };
  }
}

/** The people reached by their facts in the period (present at an activity, an internship, a housing night), with the
 * legal-status groups in force on the dates of those facts and the sites of the facts. */
class ReachedPeople {
  /** Person → the legal-status groups of their facts, as bits of STATUS_GROUPS. */
  private readonly groups = new Map<number, number>();

  constructor(
    private readonly endsOn: IsoDate,
    private readonly people: ReadonlyMap<number, Person>,
  ) {}

  add(personId: number, group: string): void {
    const bit = 1 << Math.max(0, STATUS_GROUPS.indexOf(group as (typeof STATUS_GROUPS)[number]));
    this.groups.set(personId, (this.groups.get(personId) ?? 0) | bit);
  }

  copy(): ReachedPeople {
    const copy = new ReachedPeople(this.endsOn, this.people);
    for (const [personId, groups] of this.groups) copy.groups.set(personId, groups);
    return copy;
  }

  count(): number {
    return this.groups.size;
  }

  /** bySite is given: the people reached at each site are that site's own count. */
  breakdown(bySite: Record<number, number>): PeopleBreakdown {
    const bySex: Record<string, number> = {};
    const byAgeBand = Object.fromEntries(AGE_BANDS.map((band) => [band, 0])) as Record<AgeBand, number>;
    const byLegalStatus: Record<string, number> = {};
    const increment = <K extends string | number>(counts: Record<K, number>, key: K) => {
      counts[key] = (counts[key] ?? 0) + 1;
    };
    for (const [personId, groups] of this.groups) {
      const person = this.people.get(personId);
      increment(bySex, person?.gender ?? "unknown");
      increment(byAgeBand, ageBand(person?.birthYear ?? null, this.endsOn));
      STATUS_GROUPS.forEach((group, bit) => {
        if (groups & (1 << bit)) increment(byLegalStatus, group);
      });
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
  const lines = (siteId: number | null, actual: OutputValues, since: OutputValues): SheetLine[] =>
    TARGET_CODES.map((code) => {
      const target = targetOf(targets, code, siteId);
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
