// A day centre's opening calendar: its regular weekly hours (a timetable in force from a date until the next one) and
// its closures (holidays, strikes, works). Opening days and hours of the funder's sheet come from here, not from the
// sessions logged: a centre is open on the days it says it is, whether or not someone wrote a session.
import { parseTimeOfDay } from "./parse.ts";
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
// English and Italian day names, Monday first.
const DAY_NAMES = [
  ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
  ["lun", "mar", "mer", "gio", "ven", "sab", "dom"],
];

/** 1 = Monday … 7 = Sunday from a day's name in English or Italian (its first three letters) or its number. */
export function parseWeekday(text: string): number | null {
  const key = text.trim().toLowerCase().slice(0, 3);
  if (/^[1-7]$/.test(key)) return Number(key);
  const index = Math.max(...DAY_NAMES.map((names) => names.indexOf(key)));
  return index < 0 ? null : index + 1;
}

export type WeeklyHours = { weekday: number; opensAt: string; closesAt: string }[];

/**
 * A week's timetable as typed in chat: groups separated by ";" or new lines, each of days (a name, names separated
 * by commas, or a range "lun-ven") and one or more slots "9-12:30" (times as 9, 9:30 or 9.30), e.g.
 * "lun-ven 9-12:30 14-17; sab 9-12". "format": not understood; "closes-before-opens": a slot ends before it starts.
 */
export function parseWeeklyHours(
  text: string,
): { ok: true; hours: WeeklyHours } | { ok: false; reason: "format" | "closes-before-opens" } {
  const hours: WeeklyHours = [];
  const groups = text
    .split(/[;\n]+/)
    .map((group) => group.trim().replace(/\s*[-–]\s*/g, "-"))
    .filter(Boolean);
  if (groups.length === 0) return { ok: false, reason: "format" };
  for (const group of groups) {
    const firstTime = group.search(/\d/);
    if (firstTime <= 0) return { ok: false, reason: "format" };
    const days = weekdaysOf(group.slice(0, firstTime));
    const slots = group
      .slice(firstTime)
      .split(/[\s,]+|\be\b|\band\b/)
      .filter(Boolean)
      .map(slotOf);
    if (days === null || slots.length === 0 || slots.some((slot) => slot === null))
      return { ok: false, reason: "format" };
    for (const slot of slots as { opensAt: string; closesAt: string }[]) {
      if ((minutesOfDay(slot.closesAt) ?? 0) <= (minutesOfDay(slot.opensAt) ?? 0)) {
        return { ok: false, reason: "closes-before-opens" };
      }
      for (const weekday of days) hours.push({ weekday, ...slot });
    }
  }
  return { ok: true, hours: hours.sort((a, b) => a.weekday - b.weekday || a.opensAt.localeCompare(b.opensAt)) };
}

/** "lun-ven", "lun, mer e ven", "sabato": the weekdays, or null when a name is not a day. */
function weekdaysOf(text: string): number[] | null {
  const days = new Set<number>();
  const parts = text
    .toLowerCase()
    .split(/[\s,]+|\be\b|\band\b/)
    .filter(Boolean);
  if (parts.length === 0) return null;
  for (const part of parts) {
    const [from, to, ...rest] = part.split(/[-–]/);
    const first = parseWeekday(from ?? "");
    const last = to === undefined ? first : parseWeekday(to);
    if (first === null || last === null || rest.length > 0 || last < first) return null;
    for (let day = first; day <= last; day += 1) days.add(day);
  }
  return [...days];
}

/** "9-12:30" → 09:00–12:30; null when it is not a slot. */
function slotOf(text: string): { opensAt: string; closesAt: string } | null {
  const [opens, closes, ...rest] = text.split(/[-–]/);
  if (opens === undefined || closes === undefined || rest.length > 0) return null;
  const opensAt = parseTimeOfDay(opens);
  const closesAt = parseTimeOfDay(closes);
  return opensAt && closesAt ? { opensAt, closesAt } : null;
}

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
