// A person's legal position over time (posizione giuridica): periods that start on an effective date and last until
// the next one. Every figure uses the status in force on the date of its fact. Age bands are not legal statuses.
import type { IsoDate } from "./weeks.ts";

/** Codes never change meaning once in use (docs/data-model.md). */
export const LEGAL_STATUSES = [
  "detained",
  "detained_awaiting_trial",
  "work_outside_art21",
  "semi_liberty",
  "probation_social_services",
  "home_detention",
  "supervised_liberty",
  "probation_map",
  "community_service",
  "juvenile",
  "released",
] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

/**
 * How funders count people: detained (in an institute, also while working outside under art. 21 or in
 * semi-liberty), serving a measure outside (esecuzione penale esterna), in the juvenile justice system, or free.
 */
export type LegalStatusGroup = "detained" | "external" | "juvenile" | "free";
/** The groups as reports list them, in the funder's order, with "unknown" for people with no status recorded. */
export const REPORTED_STATUS_GROUPS = ["detained", "external", "juvenile", "free", "unknown"] as const;

const GROUP_OF: Record<LegalStatus, LegalStatusGroup> = {
  detained: "detained",
  detained_awaiting_trial: "detained",
  work_outside_art21: "detained",
  semi_liberty: "detained",
  probation_social_services: "external",
  home_detention: "external",
  supervised_liberty: "external",
  probation_map: "external",
  community_service: "external",
  juvenile: "juvenile",
  released: "free",
};

export function isLegalStatus(value: string): value is LegalStatus {
  return (LEGAL_STATUSES as readonly string[]).includes(value);
}

export function legalStatusGroup(status: string | null): LegalStatusGroup | null {
  return status !== null && isLegalStatus(status) ? GROUP_OF[status] : null;
}

export interface LegalStatusPeriodRow {
  status: string;
  fromOn: IsoDate;
}

/** The status in force on a date: the period with the latest start on or before it; null before the first one. */
export function statusOn(periods: readonly LegalStatusPeriodRow[], date: IsoDate): string | null {
  let found: LegalStatusPeriodRow | null = null;
  for (const period of periods) {
    if (period.fromOn <= date && (found === null || period.fromOn > found.fromOn)) found = period;
  }
  return found?.status ?? null;
}

/** The statuses in force on at least one day of [from, to], in the order they came. */
export function statusesDuring(periods: readonly LegalStatusPeriodRow[], from: IsoDate, to: IsoDate): string[] {
  const first = statusOn(periods, from);
  const later = [...periods]
    .filter((period) => period.fromOn > from && period.fromOn <= to)
    .sort((a, b) => a.fromOn.localeCompare(b.fromOn))
    .map((period) => period.status);
  return [...new Set([...(first === null ? [] : [first]), ...later])];
}

export interface LegalStatusSpan {
  status: string;
  fromOn: IsoDate;
  /** The day the next period starts (exclusive); null for the period in force now and after. */
  untilOn: IsoDate | null;
}

/** The periods in date order, each with the day the next one starts. */
export function legalStatusSpans(periods: readonly LegalStatusPeriodRow[]): LegalStatusSpan[] {
  const sorted = [...periods].sort((a, b) => a.fromOn.localeCompare(b.fromOn));
  return sorted.map((period, index) => ({
    status: period.status,
    fromOn: period.fromOn,
    untilOn: sorted[index + 1]?.fromOn ?? null,
  }));
}

/** A fact about a person on a date (present at a session, an internship started…). */
export interface DatedFact {
  personId: number;
  on: IsoDate;
}

/**
 * Distinct people per legal status in force on the date of each of their facts: a person whose status changed in
 * between counts under each status they had when the facts happened. Facts before any period count under null.
 */
export function peopleByStatusOn(
  facts: readonly DatedFact[],
  periodsOf: (personId: number) => readonly LegalStatusPeriodRow[],
): Map<string | null, Set<number>> {
  const groups = new Map<string | null, Set<number>>();
  for (const fact of facts) {
    const status = statusOn(periodsOf(fact.personId), fact.on);
    const people = groups.get(status) ?? new Set<number>();
    people.add(fact.personId);
    groups.set(status, people);
  }
  return groups;
}
