// Reading the week or quarter a user types: "16/03", "2026-03-16" or "2026-W12" for a week, "2026Q1" for a quarter.
import { parseItalianDate } from "../../../domain/parse.ts";
import { isoWeekKey, quarterRange, weekRange } from "../../../domain/weeks.ts";
import type { IsoDate, QuarterKey, WeekKey } from "../../../domain/weeks.ts";

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

/** "2026Q1", "2026 q1", "Q1 2026"; quarters starting after today are refused. */
export function parseQuarterAnswer(text: string, today: IsoDate): PeriodAnswer<QuarterKey> {
  const trimmed = text.trim();
  const yearFirst = trimmed.match(/^(\d{4})\s*-?\s*Q([1-4])$/i);
  const quarterFirst = trimmed.match(/^Q([1-4])\s*-?\s*(\d{4})$/i);
  const quarterKey = yearFirst
    ? `${yearFirst[1]}Q${yearFirst[2]}`
    : quarterFirst
      ? `${quarterFirst[2]}Q${quarterFirst[1]}`
      : null;
  if (!quarterKey) return { ok: false, reason: "invalid" };
  return quarterRange(quarterKey).startsOn > today ? { ok: false, reason: "future" } : { ok: true, key: quarterKey };
}

/** The quarter a day falls in. */
export function quarterOf(day: IsoDate): QuarterKey {
  return `${day.slice(0, 4)}Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}

export function previousQuarter(quarterKey: QuarterKey): QuarterKey {
  const year = Number(quarterKey.slice(0, 4));
  const quarter = Number(quarterKey.slice(5));
  return quarter === 1 ? `${year - 1}Q4` : `${year}Q${quarter - 1}`;
}
