// Housing (accoglienza abitativa): stays on beds, counted in nights. The night of the day of moving out is not one.
import { addDaysIso, daysBetween, type IsoDate } from "./weeks.ts";

export interface StayDates {
  bedId: number;
  fromOn: IsoDate;
  /** Day of moving out; null while the stay goes on. */
  toOn: IsoDate | null;
}

/** Nights of the stay within [startsOn, endsOn]: dates d with fromOn ≤ d < toOn inside the range. */
export function nightsWithin(stay: Omit<StayDates, "bedId">, range: { startsOn: IsoDate; endsOn: IsoDate }): number {
  const dayAfter = addDaysIso(range.endsOn, 1);
  const first = stay.fromOn > range.startsOn ? stay.fromOn : range.startsOn;
  const stop = stay.toOn !== null && stay.toOn < dayAfter ? stay.toOn : dayAfter;
  return Math.max(0, daysBetween(first, stop));
}

/** Nights per bed within the range (beds without nights are left out). */
export function nightsPerBed(
  stays: readonly StayDates[],
  range: { startsOn: IsoDate; endsOn: IsoDate },
): Map<number, number> {
  const nights = new Map<number, number>();
  for (const stay of stays) {
    const count = nightsWithin(stay, range);
    if (count > 0) nights.set(stay.bedId, (nights.get(stay.bedId) ?? 0) + count);
  }
  return nights;
}

/** A bed is free on a date when no stay holds it that night. */
export function isBedFreeOn(stays: readonly StayDates[], bedId: number, date: IsoDate): boolean {
  return !stays.some((s) => s.bedId === bedId && s.fromOn <= date && (s.toOn === null || s.toOn > date));
}
