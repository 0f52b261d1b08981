// The job-mediation funnel (Milan team's yearly table): referrals by source, intakes, internships started and for how
// many people, and the people hired after an internship. Hire rate = distinct people hired after an internship of the
// period ÷ distinct people who started an internship in the period (people, not internships). Pure; formulas in
// docs/indicators.md.
import type { SitePeriod } from "./people.ts";
import { siteIdsOn } from "./people.ts";
import { PRISON_SOURCE } from "./referrals.ts";
import { type IsoDate, isWithin } from "./weeks.ts";

export interface FunnelReferral {
  siteId: number;
  receivedOn: IsoDate;
  source: string;
}

export interface FunnelPerson {
  id: number;
  intakeOn: IsoDate;
  sites: readonly SitePeriod[];
}

export interface FunnelInternship {
  id: number;
  personId: number;
  hostId: number;
  startsOn: IsoDate;
}

export interface FunnelHire {
  personId: number;
  employerId: number | null;
  hiredOn: IsoDate;
  /** The internship the hire followed; null: a hire with no internship before it. */
  internshipId: number | null;
}

export interface FunnelInput {
  referrals: readonly FunnelReferral[];
  people: readonly FunnelPerson[];
  internships: readonly FunnelInternship[];
  hires: readonly FunnelHire[];
}

export interface FunnelRow {
  /** "2019", or "total". */
  label: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  referrals: number;
  referralsFromPrison: number;
  referralsFromServices: number;
  intakes: number;
  internshipsStarted: number;
  internshipStarters: number;
  hiredAfterInternship: number;
  hiredByHost: number;
  hiredElsewhere: number;
  /** hiredAfterInternship ÷ internshipStarters; null with no starters. */
  hireRate: number | null;
}

export interface JobFunnel {
  years: FunnelRow[];
  total: FunnelRow;
}

/**
 * The funnel for the sites in [startsOn, endsOn], one row per calendar year (clipped to the range) and the total over
 * the whole range. Hires count when known by the range's end, however long after the internship they came.
 */
export function computeJobFunnel(
  input: FunnelInput,
  siteIds: readonly number[],
  range: { startsOn: IsoDate; endsOn: IsoDate },
): JobFunnel {
  const scope = new Set(siteIds);
  const people = new Map(input.people.map((p) => [p.id, p]));
  const atScopeOn = (personId: number, on: IsoDate) =>
    siteIdsOn(people.get(personId)?.sites ?? [], on).some((id) => scope.has(id));
  const scoped = {
    referrals: input.referrals.filter((r) => scope.has(r.siteId)),
    intakes: input.people.filter((p) => atScopeOn(p.id, p.intakeOn)),
    internships: input.internships.filter((i) => atScopeOn(i.personId, i.startsOn)),
  };
  const hiresByInternship = new Map<number, FunnelHire[]>();
  for (const hire of input.hires) {
    if (hire.internshipId === null || hire.hiredOn > range.endsOn) continue;
    hiresByInternship.set(hire.internshipId, [...(hiresByInternship.get(hire.internshipId) ?? []), hire]);
  }
  const row = (label: string, span: { startsOn: IsoDate; endsOn: IsoDate }) =>
    funnelRow(label, span, scoped, hiresByInternship);
  return {
    years: yearsOf(range).map((span) => row(span.startsOn.slice(0, 4), span)),
    total: row("total", range),
  };
}

function funnelRow(
  label: string,
  span: { startsOn: IsoDate; endsOn: IsoDate },
  scoped: { referrals: FunnelReferral[]; intakes: FunnelPerson[]; internships: FunnelInternship[] },
  hiresByInternship: ReadonlyMap<number, readonly FunnelHire[]>,
): FunnelRow {
  const referrals = scoped.referrals.filter((r) => isWithin(r.receivedOn, span));
  const fromPrison = referrals.filter((r) => r.source === PRISON_SOURCE).length;
  const started = scoped.internships.filter((i) => isWithin(i.startsOn, span));
  const starters = new Set(started.map((i) => i.personId));
  // Each person hired once: by their first hire after an internship of the span (host or elsewhere).
  const firstHire = new Map<number, { hiredOn: IsoDate; byHost: boolean }>();
  for (const internship of started) {
    for (const hire of hiresByInternship.get(internship.id) ?? []) {
      const earlier = firstHire.get(hire.personId);
      if (earlier && earlier.hiredOn <= hire.hiredOn) continue;
      firstHire.set(hire.personId, { hiredOn: hire.hiredOn, byHost: hire.employerId === internship.hostId });
    }
  }
  const hired = [...firstHire.values()];
  const byHost = hired.filter((h) => h.byHost).length;
  return {
    label,
    startsOn: span.startsOn,
    endsOn: span.endsOn,
    referrals: referrals.length,
    referralsFromPrison: fromPrison,
    referralsFromServices: referrals.length - fromPrison,
    intakes: scoped.intakes.filter((p) => isWithin(p.intakeOn, span)).length,
    internshipsStarted: started.length,
    internshipStarters: starters.size,
    hiredAfterInternship: hired.length,
    hiredByHost: byHost,
    hiredElsewhere: hired.length - byHost,
    hireRate: starters.size === 0 ? null : hired.length / starters.size,
  };
}

/** The calendar years the range touches, each clipped to the range. */
export function yearsOf(range: { startsOn: IsoDate; endsOn: IsoDate }): { startsOn: IsoDate; endsOn: IsoDate }[] {
  const years: { startsOn: IsoDate; endsOn: IsoDate }[] = [];
  for (let year = Number(range.startsOn.slice(0, 4)); year <= Number(range.endsOn.slice(0, 4)); year += 1) {
    const startsOn = `${year}-01-01` < range.startsOn ? range.startsOn : `${year}-01-01`;
    const endsOn = `${year}-12-31` > range.endsOn ? range.endsOn : `${year}-12-31`;
    years.push({ startsOn, endsOn });
  }
  return years;
}
