// Figures of the sheet's third tab, per scope and period: internships (months under way, allowances paid, host
// organisations by type) and housing (bed-nights used and available, occupancy, people housed, average stay); and of its
// critical-events tab: per quarter, by kind and severity, per 100 people followed, and the self-destructive ones over
// the last four quarters. Pure; formulas in docs/indicators.md.
import { EVENT_KINDS, type SEVERITIES } from "./escalation.ts";
import { nightsWithin } from "./housing.ts";
import type { SitePeriod } from "./people.ts";
import { siteIdsOn } from "./people.ts";
import { previousQuarter, quarterOf } from "./report-periods.ts";
import { addDaysIso, daysBetween, type IsoDate, isWithin, quarterRange } from "./weeks.ts";

export interface PathInternship {
  id: number;
  personId: number;
  hostId: number;
  /** Organisation.kind: public | third_sector | profit; null when not recorded. */
  hostKind: string | null;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

export interface PathInput {
  people: readonly { id: number; intakeOn: IsoDate; dischargeOn: IsoDate | null; sites: readonly SitePeriod[] }[];
  internships: readonly PathInternship[];
  /** The allowance actually paid for a month ("YYYY-MM") of an internship. */
  allowances: readonly { internshipId: number; month: string; amountCents: number }[];
  /** Active beds of the houses of the sites. */
  beds: readonly { id: number; siteId: number }[];
  stays: readonly { personId: number; siteId: number; fromOn: IsoDate; toOn: IsoDate | null }[];
  events: readonly { siteId: number; kind: string; severity: number; occurredOn: IsoDate }[];
}

export const HOST_KINDS = ["public", "third_sector", "profit", "unknown"] as const;
/** The funder's objective of reducing self-destructive behaviour counts these kinds. */
export const SELF_DESTRUCTIVE_KINDS: readonly string[] = ["suicide", "suicide_attempt", "self_harm"];
/** Internship-months: days under way ÷ the average month (365.25 / 12 days). */
const DAYS_PER_MONTH = 365.25 / 12;

export interface PathFigures {
  internshipMonths: number;
  allowancesPaid: number;
  allowanceCents: number;
  hostsByKind: Record<(typeof HOST_KINDS)[number], number>;
  bedNightsUsed: number;
  bedNightsAvailable: number;
  /** bedNightsUsed ÷ bedNightsAvailable; null without beds. */
  occupancy: number | null;
  peopleHoused: number;
  /** Mean nights of the stays that ended in the period; null when none did. */
  averageStayNights: number | null;
}

interface Range {
  startsOn: IsoDate;
  endsOn: IsoDate;
}

/** Internships under way in the range whose person was at a site of the scope on its first day within the range. */
function internshipsOf(input: PathInput, scope: ReadonlySet<number>, range: Range): PathInternship[] {
  const people = new Map(input.people.map((p) => [p.id, p]));
  return input.internships.filter((i) => {
    const first = i.startsOn > range.startsOn ? i.startsOn : range.startsOn;
    return (
      i.startsOn <= range.endsOn &&
      (i.endsOn === null || i.endsOn >= range.startsOn) &&
      siteIdsOn(people.get(i.personId)?.sites ?? [], first).some((id) => scope.has(id))
    );
  });
}

/** Monthly allowances paid for those internships in the range's months: how many and their sum in cents. */
export function allowancesPaid(
  input: PathInput,
  siteIds: readonly number[],
  range: Range,
): { count: number; cents: number } {
  return allowancesOf(input, internshipsOf(input, new Set(siteIds), range), range);
}

function allowancesOf(input: PathInput, internships: readonly PathInternship[], range: Range) {
  const internshipIds = new Set(internships.map((i) => i.id));
  const months = { from: range.startsOn.slice(0, 7), to: range.endsOn.slice(0, 7) };
  const paid = input.allowances.filter(
    (a) => internshipIds.has(a.internshipId) && a.month >= months.from && a.month <= months.to,
  );
  return { count: paid.length, cents: paid.reduce((sum, a) => sum + a.amountCents, 0) };
}

export function computePathFigures(input: PathInput, siteIds: readonly number[], range: Range): PathFigures {
  const scope = new Set(siteIds);
  const internships = internshipsOf(input, scope, range);
  const internshipDays = internships.reduce((sum, i) => {
    const first = i.startsOn > range.startsOn ? i.startsOn : range.startsOn;
    const last = i.endsOn !== null && i.endsOn < range.endsOn ? i.endsOn : range.endsOn;
    return sum + daysBetween(first, last) + 1;
  }, 0);
  const allowances = allowancesOf(input, internships, range);
  const hostKinds = new Map(internships.map((i) => [i.hostId, i.hostKind ?? "unknown"]));
  const hostsByKind = Object.fromEntries(HOST_KINDS.map((kind) => [kind, 0])) as PathFigures["hostsByKind"];
  for (const kind of hostKinds.values()) {
    const key = (HOST_KINDS as readonly string[]).includes(kind) ? (kind as keyof typeof hostsByKind) : "unknown";
    hostsByKind[key] += 1;
  }

  const stays = input.stays.filter((stay) => scope.has(stay.siteId) && nightsWithin(stay, range) > 0);
  const bedNightsUsed = stays.reduce((sum, stay) => sum + nightsWithin(stay, range), 0);
  const days = daysBetween(range.startsOn, addDaysIso(range.endsOn, 1));
  const bedNightsAvailable = input.beds.filter((bed) => scope.has(bed.siteId)).length * days;
  const ended = input.stays.filter(
    (stay) => scope.has(stay.siteId) && stay.toOn !== null && isWithin(stay.toOn, range),
  );
  return {
    internshipMonths: internshipDays / DAYS_PER_MONTH,
    allowancesPaid: allowances.count,
    allowanceCents: allowances.cents,
    hostsByKind,
    bedNightsUsed,
    bedNightsAvailable,
    occupancy: bedNightsAvailable === 0 ? null : bedNightsUsed / bedNightsAvailable,
    peopleHoused: new Set(stays.map((stay) => stay.personId)).size,
    averageStayNights:
      ended.length === 0
        ? null
        : ended.reduce((sum, stay) => sum + daysBetween(stay.fromOn, stay.toOn as IsoDate), 0) / ended.length,
  };
}

export interface EventCounts {
  /** Events per severity 1–4, all four always present. */
  bySeverity: Record<(typeof SEVERITIES)[number], number>;
  total: number;
  /** total × 100 ÷ the people followed; null when nobody was followed. */
  per100People: number | null;
}

/** One quarter of the period (clipped to it) for one scope: every event, then each kind that had any. */
export interface EventQuarter {
  quarterKey: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  peopleFollowed: number;
  all: EventCounts;
  /** Kinds in the order of the aligned categories (EVENT_KINDS), only those with events. */
  byKind: { kind: string; counts: EventCounts }[];
}

/** Critical events of the scope per quarter of the range: by kind × severity, and per 100 people followed. */
export function eventsByQuarter(input: PathInput, siteIds: readonly number[], range: Range): EventQuarter[] {
  const scope = new Set(siteIds);
  return quartersOf(range).map((quarter) => {
    const events = input.events.filter((e) => scope.has(e.siteId) && isWithin(e.occurredOn, quarter));
    const peopleFollowed = followedIn(input.people, scope, quarter);
    const counts = (selected: PathInput["events"]): EventCounts => {
      const bySeverity = { 1: 0, 2: 0, 3: 0, 4: 0 };
      for (const event of selected) {
        if (event.severity in bySeverity) bySeverity[event.severity as keyof typeof bySeverity] += 1;
      }
      return {
        bySeverity,
        total: selected.length,
        per100People: peopleFollowed === 0 ? null : (selected.length * 100) / peopleFollowed,
      };
    };
    const kinds = [...new Set(events.map((e) => e.kind))].sort(
      (a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b),
    );
    return {
      ...quarter,
      peopleFollowed,
      all: counts(events),
      byKind: kinds.map((kind) => ({ kind, counts: counts(events.filter((e) => e.kind === kind)) })),
    };
  });
}

function kindRank(kind: string): number {
  const index = (EVENT_KINDS as readonly string[]).indexOf(kind);
  return index === -1 ? EVENT_KINDS.length : index;
}

/** The quarters a range touches, each clipped to it. */
function quartersOf(range: Range): ({ quarterKey: string } & Range)[] {
  const quarters: ({ quarterKey: string } & Range)[] = [];
  for (let key = quarterOf(range.endsOn); ; key = previousQuarter(key)) {
    const whole = quarterRange(key);
    quarters.unshift({
      quarterKey: key,
      startsOn: whole.startsOn > range.startsOn ? whole.startsOn : range.startsOn,
      endsOn: whole.endsOn < range.endsOn ? whole.endsOn : range.endsOn,
    });
    if (whole.startsOn <= range.startsOn) return quarters;
  }
}

/** People in charge (intake on or before the day, not yet discharged) at a site of the scope on some day of the range. */
function followedIn(people: PathInput["people"], scope: ReadonlySet<number>, range: Range): number {
  return people.filter((person) => {
    const from = person.intakeOn > range.startsOn ? person.intakeOn : range.startsOn;
    const dayAfter = addDaysIso(range.endsOn, 1);
    const until = person.dischargeOn !== null && person.dischargeOn < dayAfter ? person.dischargeOn : dayAfter;
    if (from >= until) return false;
    // A site period [fromOn, toOn) of the scope that overlaps the days in charge [from, until).
    return person.sites.some((p) => scope.has(p.siteId) && p.fromOn < until && (p.toOn === null || p.toOn > from));
  }).length;
}

export interface SelfDestructiveQuarter {
  quarterKey: string;
  events: number;
  peopleFollowed: number;
  per100People: number | null;
}

/** Self-destructive events (suicides, attempts, self-harm) in each of the four quarters ending with `lastQuarter`. */
export function selfDestructiveTrend(
  input: PathInput,
  siteIds: readonly number[],
  lastQuarter: string,
): SelfDestructiveQuarter[] {
  const scope = new Set(siteIds);
  const keys = [lastQuarter];
  while (keys.length < 4) keys.unshift(previousQuarter(keys[0] as string));
  return keys.map((quarterKey) => {
    const range = quarterRange(quarterKey);
    const events = input.events.filter(
      (e) => scope.has(e.siteId) && SELF_DESTRUCTIVE_KINDS.includes(e.kind) && isWithin(e.occurredOn, range),
    ).length;
    const peopleFollowed = followedIn(input.people, scope, range);
    return {
      quarterKey,
      events,
      peopleFollowed,
      per100People: peopleFollowed === 0 ? null : (events * 100) / peopleFollowed,
    };
  });
}
