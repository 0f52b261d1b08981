// Weekly schedules of activities in an IANA zone: which occurrences fall on a date, when they start and end,
// and when a reminder about one may be sent (only between 08:00 and 20:00 local time). Nothing here reads the clock.
import { TZDate } from "@date-fns/tz";
import { addDaysIso, DEFAULT_TIME_ZONE, type IsoDate, localDate } from "./weeks.ts";

/** weekday: 1 = Monday … 7 = Sunday (ISO); startTime "HH:mm" local time. */
export interface WeeklySlot {
  weekday: number;
  startTime: string;
  durationMinutes: number;
}

export interface Occurrence<S extends WeeklySlot = WeeklySlot> {
  date: IsoDate;
  slot: S;
  startsAt: Date;
  endsAt: Date;
}

/** Reminders go out only in this local window: [opens, closes). */
export const REMINDER_WINDOW = { opensAtHour: 8, closesAtHour: 20 } as const;

function dateParts(isoDate: IsoDate): [number, number, number] {
  const [year, month, day] = isoDate.split("-").map(Number);
  return [year as number, month as number, day as number];
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(isoDate: IsoDate): number {
  const [year, month, day] = dateParts(isoDate);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The instant of a local wall-clock time; a time skipped by the spring DST change moves forward by the gap. */
export function localInstant(isoDate: IsoDate, time: string, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const [year, month, day] = dateParts(isoDate);
  const [hours, minutes] = time.split(":").map(Number);
  return new Date(new TZDate(year, month - 1, day, hours ?? 0, minutes ?? 0, timeZone).getTime());
}

/** "HH:mm" of an instant in the zone. */
export function localTime(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const local = new TZDate(instant.getTime(), timeZone);
  return `${String(local.getHours()).padStart(2, "0")}:${String(local.getMinutes()).padStart(2, "0")}`;
}

/** The occurrences of the slots on one date, earliest first; durations are elapsed minutes, so DST never stretches one. */
export function occurrencesOn<S extends WeeklySlot>(
  isoDate: IsoDate,
  slots: readonly S[],
  timeZone: string = DEFAULT_TIME_ZONE,
): Occurrence<S>[] {
  const weekday = isoWeekday(isoDate);
  return slots
    .filter((slot) => slot.weekday === weekday)
    .map((slot) => {
      const startsAt = localInstant(isoDate, slot.startTime, timeZone);
      return { date: isoDate, slot, startsAt, endsAt: new Date(startsAt.getTime() + slot.durationMinutes * 60_000) };
    })
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The occurrences on every date from `fromDate` to `toDate` (both inclusive). */
export function occurrencesBetween<S extends WeeklySlot>(
  fromDate: IsoDate,
  toDate: IsoDate,
  slots: readonly S[],
  timeZone: string = DEFAULT_TIME_ZONE,
): Occurrence<S>[] {
  const occurrences: Occurrence<S>[] = [];
  for (let date = fromDate; date <= toDate; date = addDaysIso(date, 1)) {
    occurrences.push(...occurrencesOn(date, slots, timeZone));
  }
  return occurrences;
}

export function isWithinReminderWindow(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): boolean {
  const hour = new TZDate(instant.getTime(), timeZone).getHours();
  return hour >= REMINDER_WINDOW.opensAtHour && hour < REMINDER_WINDOW.closesAtHour;
}

/** When the reminder about an occurrence ending at `endsAt` is due: at once inside the window, else the next 08:00. */
export function reminderDueAt(endsAt: Date, timeZone: string = DEFAULT_TIME_ZONE): Date {
  if (isWithinReminderWindow(endsAt, timeZone)) return endsAt;
  const endDate = localDate(endsAt, timeZone);
  const hour = new TZDate(endsAt.getTime(), timeZone).getHours();
  const opensOn = hour < REMINDER_WINDOW.opensAtHour ? endDate : addDaysIso(endDate, 1);
  return localInstant(opensOn, `${String(REMINDER_WINDOW.opensAtHour).padStart(2, "0")}:00`, timeZone);
}

/** "18/11" for a calendar date. */
export function dayMonth(isoDate: IsoDate): string {
  const [, month, day] = dateParts(isoDate);
  return `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}`;
}

/** "18/11/2026" for a calendar date. */
export function dayMonthYear(isoDate: IsoDate): string {
  return `${dayMonth(isoDate)}/${isoDate.slice(0, 4)}`;
}
