// Local date and time typed on a phone ("14:30", "20/11 20:00") turned into instants in the deployment's zone.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { parseItalianDate, parseTimeOfDay } from "../../../domain/parse.ts";
import { localDate } from "../../../domain/weeks.ts";

/** The instant of a local calendar date ("YYYY-MM-DD") at a local time ("HH:mm"). */
export function instantAt(isoDate: string, time: string, timeZone: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(year, month - 1, day, hours, minutes, timeZone).getTime());
}

const DAY_MONTH_ONLY = /^\d{1,2}[/.-]\d{1,2}$/;

/** "20:00" (today), "20/11 20:00", "20/11/2026 20.00"; null when not understood. */
export function parseLocalDateTime(text: string, now: Date, timeZone: string): Date | null {
  const today = localDate(now, timeZone);
  const [first, second, ...rest] = text.trim().split(/\s+/);
  if (!first || rest.length > 0) return null;
  if (second === undefined) {
    const time = /[:.]/.test(first) ? parseTimeOfDay(first) : null;
    return time ? instantAt(today, time, timeZone) : null;
  }
  const time = parseTimeOfDay(second);
  const year = Number(today.slice(0, 4));
  const date = parseItalianDate(first, `${year}-12-31`);
  if (!time || !date) return null;
  const instant = instantAt(date, time, timeZone);
  // Shifts are planned ahead: "05/01" typed in December means next January.
  const nextYear = DAY_MONTH_ONLY.test(first) ? parseItalianDate(first, `${year + 1}-12-31`) : null;
  if (nextYear && instant.getTime() < now.getTime() - 24 * 3600_000) return instantAt(nextYear, time, timeZone);
  return instant;
}

export function formatShort(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "dd/MM HH:mm");
}
