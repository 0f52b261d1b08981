// A day centre's opening calendar: its regular weekly hours (a timetable in force from a date until the next one) and
// its closures (holidays, strikes, works). Opening days and hours of the funder's sheet come from here, not from the
// sessions logged: a centre is open on the days it says it is, whether or not someone wrote a session.
import { addDaysIso, type IsoDate, isWithin } from "./weeks.ts";

/** One opening interval of a weekday in a timetable; times are wall-clock "HH:MM" in the site's zone. */
export interface OpeningHoursRow {
  siteId: number;
  /** The timetable this row belongs to is in force from this date until the site's next timetable starts. */
  fromOn: IsoDate;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  opensAt: string;
  closesAt: string;
}

/** Days the site is closed, both ends included, whatever the timetable says. */
export interface ClosureRow {
  siteId: number;
  fromOn: IsoDate;
  toOn: IsoDate;
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of "HH:MM"; null when it is not a time of day. */
export function minutesOfDay(time: string): number | null {
  const match = TIME.exec(time.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** 1 = Monday … 7 = Sunday of a calendar date. */
export function isoWeekday(date: IsoDate): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export interface OpeningTotals {
  days: number;
  minutes: number;
}

/**
 * Days open and minutes open of each site within the range: a day counts when the timetable in force on it has hours
 * on its weekday and no closure covers it; overlapping intervals of one day count once.
 */
export function openingTotals(
  hours: readonly OpeningHoursRow[],
  closures: readonly ClosureRow[],
  siteIds: readonly number[],
  range: { startsOn: IsoDate; endsOn: IsoDate },
): Map<number, OpeningTotals> {
  const totals = new Map<number, OpeningTotals>();
  for (const siteId of siteIds) {
    const timetables = timetablesOf(hours.filter((row) => row.siteId === siteId));
    const closed = closures.filter((c) => c.siteId === siteId && c.fromOn <= range.endsOn && c.toOn >= range.startsOn);
    const total = { days: 0, minutes: 0 };
    for (let day = range.startsOn; day <= range.endsOn; day = addDaysIso(day, 1)) {
      if (closed.some((c) => isWithin(day, { startsOn: c.fromOn, endsOn: c.toOn }))) continue;
      const minutes = minutesOpen(timetableOn(timetables, day), isoWeekday(day));
      if (minutes === 0) continue;
      total.days += 1;
      total.minutes += minutes;
    }
    totals.set(siteId, total);
  }
  return totals;
}

interface Timetable {
  fromOn: IsoDate;
  rows: OpeningHoursRow[];
}

/** Timetables of one site, latest first. */
function timetablesOf(rows: readonly OpeningHoursRow[]): Timetable[] {
  const byStart = new Map<IsoDate, OpeningHoursRow[]>();
  for (const row of rows) byStart.set(row.fromOn, [...(byStart.get(row.fromOn) ?? []), row]);
  return [...byStart.entries()]
    .map(([fromOn, ofStart]) => ({ fromOn, rows: ofStart }))
    .sort((a, b) => b.fromOn.localeCompare(a.fromOn));
}

function timetableOn(timetables: readonly Timetable[], day: IsoDate): Timetable | undefined {
  return timetables.find((timetable) => timetable.fromOn <= day);
}

function minutesOpen(timetable: Timetable | undefined, weekday: number): number {
  if (!timetable) return 0;
  const intervals = timetable.rows
    .filter((row) => row.weekday === weekday)
    .map((row) => [minutesOfDay(row.opensAt) ?? 0, minutesOfDay(row.closesAt) ?? 0] as const)
    .filter(([opens, closes]) => closes > opens)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reachedUntil = 0;
  for (const [opens, closes] of intervals) {
    covered += Math.max(0, closes - Math.max(opens, reachedUntil));
    reachedUntil = Math.max(reachedUntil, closes);
  }
  return covered;
}
