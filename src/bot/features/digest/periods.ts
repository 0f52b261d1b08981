// Reading the week a user types: "16/03", "2026-03-16" or "2026-W12" (report periods: src/domain/report-periods.ts).
import { parseItalianDate } from "../../../domain/parse.ts";
import { isoWeekKey, weekRange } from "../../../domain/weeks.ts";
import type { IsoDate, WeekKey } from "../../../domain/weeks.ts";

export type PeriodAnswer<K> = { ok: true; key: K } | { ok: false; reason: "invalid" | "future" };

/** The week of a typed day or week key; weeks starting after today are refused. */
export function parseWeekAnswer(text: string, today: IsoDate): PeriodAnswer<WeekKey> {
  const typedWeek = text.trim().match(/^(\d{4})\s*-?\s*W(\d{1,2})$/i);
  let weekKey: WeekKey;
  if (typedWeek) {
    weekKey = `${typedWeek[1]}-W${(typedWeek[2] as string).padStart(2, "0")}`;
    try {
      weekRange(weekKey);
    } catch {
      return { ok: false, reason: "invalid" };
    }
  } else {
    const day = parseItalianDate(text, today);
    if (!day) return { ok: false, reason: "invalid" };
    weekKey = isoWeekKey(day);
  }
  return weekRange(weekKey).startsOn > today ? { ok: false, reason: "future" } : { ok: true, key: weekKey };
}
