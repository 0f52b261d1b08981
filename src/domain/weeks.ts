// Calendar maths for digests and quarterly reports: ISO weeks and quarters in an IANA zone.
// Calendar dates are "YYYY-MM-DD" strings; instants are Dates. Nothing here reads the clock.
import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns/addDays";
import { addMonths } from "date-fns/addMonths";
import { format } from "date-fns/format";
import { getISOWeek } from "date-fns/getISOWeek";
import { getISOWeekYear } from "date-fns/getISOWeekYear";
import { startOfISOWeek } from "date-fns/startOfISOWeek";

export const DEFAULT_TIME_ZONE = "Europe/Rome";

/** A calendar date "YYYY-MM-DD". */
export type IsoDate = string;
/** An ISO week "2026-W47". */
export type WeekKey = string;
/** A calendar quarter "2026Q1". */
export type QuarterKey = string;

/** Calendar days [startsOn, endsOn] (both inclusive) and the instants [start, end) they cover in a zone. */
export interface DateRange {
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** Local midnight at the beginning of startsOn. */
  start: Date;
  /** Local midnight at the beginning of the day after endsOn (exclusive). */
  end: Date;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_KEY = /^(\d{4})-W(\d{2})$/;
const QUARTER_KEY = /^(\d{4})Q([1-4])$/;

// Calendar arithmetic happens in UTC, where every day has 24 hours, so DST can never shift a date.
function calendarDay(isoDate: IsoDate): TZDate {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${isoDate}`);
  const day = new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), "UTC");
  if (toIsoDate(day) !== isoDate) throw new RangeError(`Not a calendar date: ${isoDate}`);
  return day;
}

function toIsoDate(day: Date): IsoDate {
  return format(day, "yyyy-MM-dd");
}

/** The calendar date of an instant in the zone. */
export function localDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): IsoDate {
  return toIsoDate(new TZDate(instant.getTime(), timeZone));
}

/** The instant of local midnight at the beginning of a calendar date. */
export function startOfLocalDay(isoDate: IsoDate, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const day = calendarDay(isoDate);
  return new Date(new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), timeZone).getTime());
}

export function addDaysIso(isoDate: IsoDate, days: number): IsoDate {
  // Plain UTC milliseconds: this runs for every activity and week of a digest, and TZDate is costly there.
  return new Date(utcMidnight(isoDate) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The same day `months` later (or earlier), clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsIso(isoDate: IsoDate, months: number): IsoDate {
  return toIsoDate(addMonths(calendarDay(isoDate), months));
}

/** Whole calendar days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

const DAY_MS = 86_400_000;

function utcMidnight(isoDate: IsoDate): number {
  const match = ISO_DATE.exec(isoDate);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== isoDate) {
    throw new RangeError(`Not a calendar date: ${isoDate}`);
  }
  return time;
}

/** Whether a calendar date lies within [startsOn, endsOn]; ISO dates compare correctly as strings. */
export function isWithin(isoDate: IsoDate, range: Pick<DateRange, "startsOn" | "endsOn">): boolean {
  return isoDate >= range.startsOn && isoDate <= range.endsOn;
}

// Digests ask for the weeks of the same few dates for every scope; each answer costs several zoned dates.
const weekKeys = new Map<IsoDate, WeekKey>();

/** The ISO week of a calendar date, or of an instant's local date in the zone. */
export function isoWeekKey(value: Date | IsoDate, timeZone: string = DEFAULT_TIME_ZONE): WeekKey {
  const date = typeof value === "string" ? value : localDate(value, timeZone);
  let key = weekKeys.get(date);
  if (!key) {
    const day = calendarDay(date);
    key = `${getISOWeekYear(day)}-W${String(getISOWeek(day)).padStart(2, "0")}`;
    weekKeys.set(date, key);
  }
  return key;
}

function weekMonday(weekKey: WeekKey): IsoDate {
  const match = WEEK_KEY.exec(weekKey);
  if (!match) throw new RangeError(`Not an ISO week key (YYYY-Www): ${weekKey}`);
  // 4 January always falls in ISO week 1.
  const firstMonday = startOfISOWeek(calendarDay(`${match[1]}-01-04`));
  const monday = toIsoDate(addDays(firstMonday, 7 * (Number(match[2]) - 1)));
  if (isoWeekKey(monday) !== weekKey) throw new RangeError(`No such ISO week: ${weekKey}`);
  return monday;
}

// Time-zone arithmetic is the costly part of a digest run, which asks for the same few weeks hundreds of times.
const weekRanges = new Map<string, DateRange>();

export function weekRange(weekKey: WeekKey, timeZone: string = DEFAULT_TIME_ZONE): DateRange {
  const key = `${weekKey}|${timeZone}`;
  const known = weekRanges.get(key);
  if (known) return { ...known };
  const startsOn = weekMonday(weekKey);
  const range = {
    startsOn,
    endsOn: addDaysIso(startsOn, 6),
    start: startOfLocalDay(startsOn, timeZone),
    end: startOfLocalDay(addDaysIso(startsOn, 7), timeZone),
  };
  if (weekRanges.size > 1000) weekRanges.clear();
  weekRanges.set(key, range);
  return { ...range };
}

export function previousWeek(weekKey: WeekKey): WeekKey {
  return isoWeekKey(addDaysIso(weekMonday(weekKey), -7));
}

/** The n weeks ending with weekKey, oldest first. */
export function lastNWeeks(weekKey: WeekKey, n: number): WeekKey[] {
  const monday = weekMonday(weekKey);
  return Array.from({ length: n }, (_, index) => isoWeekKey(addDaysIso(monday, -7 * (n - 1 - index))));
}

export function quarterRange(quarterKey: QuarterKey, timeZone: string = DEFAULT_TIME_ZONE): DateRange {
  const match = QUARTER_KEY.exec(quarterKey);
  if (!match) throw new RangeError(`Not a quarter key (YYYYQn): ${quarterKey}`);
  const firstMonth = 3 * (Number(match[2]) - 1) + 1;
  const startsOn = `${match[1]}-${String(firstMonth).padStart(2, "0")}-01`;
  const nextStartsOn = toIsoDate(addMonths(calendarDay(startsOn), 3));
  return {
    startsOn,
    endsOn: addDaysIso(nextStartsOn, -1),
    start: startOfLocalDay(startsOn, timeZone),
    end: startOfLocalDay(nextStartsOn, timeZone),
  };
}
