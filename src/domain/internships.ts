// Internships (tirocini) and hires (assunzioni): codes and the rules that follow from an internship's dates.
import { type IsoDate, isWithin } from "./weeks.ts";

export const ORGANISATION_KINDS = ["public", "third_sector", "profit"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const INTERNSHIP_OUTCOMES = ["completed", "interrupted", "hired_by_host", "hired_elsewhere"] as const;
export type InternshipOutcome = (typeof INTERNSHIP_OUTCOMES)[number];

export const INTERRUPTION_REASONS = ["person_withdrew", "host_ended", "health", "legal_change", "other"] as const;
export type InterruptionReason = (typeof INTERRUPTION_REASONS)[number];

/** Who pays the monthly allowance: the programme's budget, a regional measure (Dote…), the host, someone else. */
export const ALLOWANCE_PAYERS = ["programme", "regional_measure", "host", "other"] as const;
export type AllowancePayer = (typeof ALLOWANCE_PAYERS)[number];

export const CONTRACT_TYPES = ["fixed_term", "permanent", "apprenticeship", "agency", "other"] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** Outcomes that mean a job: ending an internship with one of them records the hire. */
export function isHireOutcome(outcome: string | null): boolean {
  return outcome === "hired_by_host" || outcome === "hired_elsewhere";
}

/** The key that makes two spellings of one organisation the same: trimmed, spaces collapsed, lower-cased. */
export function organisationKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLocaleLowerCase("it");
}

export interface InternshipDates {
  startsOn: IsoDate;
  /** The actual last day; null while it goes on. */
  endsOn: IsoDate | null;
}

/** Under way on at least one day of the range. */
export function overlaps(internship: InternshipDates, range: { startsOn: IsoDate; endsOn: IsoDate }): boolean {
  return internship.startsOn <= range.endsOn && (internship.endsOn === null || internship.endsOn >= range.startsOn);
}

export function startedWithin(internship: InternshipDates, range: { startsOn: IsoDate; endsOn: IsoDate }): boolean {
  return isWithin(internship.startsOn, range);
}
