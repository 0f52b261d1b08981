// The periods a funder's report covers: a quarter, a calendar year or any range of days. Read from what people type
// ("2026Q1", "Q1 2026", "2026", "1/1/2026 - 30/6/2026", "2026-01-01..2026-06-30") and named for files and messages.
import { parseItalianDate } from "./parse.ts";
import { type IsoDate, quarterRange } from "./weeks.ts";

export interface ReportPeriod {
  startsOn: IsoDate;
  endsOn: IsoDate;
}

export type PeriodAnswer = { ok: true; period: ReportPeriod } | { ok: false; reason: "invalid" | "future" };

export function quarterPeriod(quarterKey: string): ReportPeriod {
  const { startsOn, endsOn } = quarterRange(quarterKey);
  return { startsOn, endsOn };
}

export function yearPeriod(year: number): ReportPeriod {
  return { startsOn: `${year}-01-01`, endsOn: `${year}-12-31` };
}

/** A quarter, a year or a range of two dates; periods starting after today are refused. */
export function parseReportPeriod(text: string, today: IsoDate): PeriodAnswer {
  const period = readPeriod(text.trim(), today);
  if (!period || period.endsOn < period.startsOn) return { ok: false, reason: "invalid" };
  return period.startsOn > today ? { ok: false, reason: "future" } : { ok: true, period };
}

function readPeriod(text: string, today: IsoDate): ReportPeriod | null {
  const yearFirst = text.match(/^(\d{4})\s*-?\s*Q([1-4])$/i);
  if (yearFirst) return quarterPeriod(`${yearFirst[1]}Q${yearFirst[2]}`);
  const quarterFirst = text.match(/^Q([1-4])\s*-?\s*(\d{4})$/i);
  if (quarterFirst) return quarterPeriod(`${quarterFirst[2]}Q${quarterFirst[1]}`);
  if (/^\d{4}$/.test(text)) return yearPeriod(Number(text));
  const range = text.split(/\s*(?:\.\.|–|—|\s-\s|\bal\b|\bto\b)\s*/i);
  if (range.length !== 2) return null;
  const [from, to] = range.map((part) => parseItalianDate(part.replace(/^dal\s+|^from\s+/i, ""), today));
  return from && to ? { startsOn: from, endsOn: to } : null;
}

/** "2026Q1" for a quarter, "2026" for a year, "2026-01-01_2026-06-30" otherwise: a name for files. */
export function periodKey(period: ReportPeriod): string {
  const year = period.startsOn.slice(0, 4);
  const { startsOn, endsOn } = yearPeriod(Number(year));
  if (period.startsOn === startsOn && period.endsOn === endsOn) return year;
  const quarter = `${year}Q${Math.ceil(Number(period.startsOn.slice(5, 7)) / 3)}`;
  const range = quarterPeriod(quarter);
  if (range.startsOn === period.startsOn && range.endsOn === period.endsOn) return quarter;
  return `${period.startsOn}_${period.endsOn}`;
}

/** The quarter a day falls in. */
export function quarterOf(day: IsoDate): string {
  return `${day.slice(0, 4)}Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}

export function previousQuarter(quarterKey: string): string {
  const year = Number(quarterKey.slice(0, 4));
  const quarter = Number(quarterKey.slice(5));
  return quarter === 1 ? `${year - 1}Q4` : `${year}Q${quarter - 1}`;
}
