// Parsing what people type on a phone: dates like 3/11, 03/11/2026, 2026-11-03; minutes like 45 or 1h30.

function isoFromParts(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Reads a calendar date. `today` (YYYY-MM-DD) supplies the year when it is omitted, taking the most recent such date
 * not after today (or, looking ahead, the next one not before today); without `today` the year is required.
 */
export function parseItalianDate(
  text: string,
  today: string | null,
  looking: "back" | "ahead" = "back",
): string | null {
  const trimmed = text.trim();
  const iso = trimmed.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  if (iso) return isoFromParts(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = trimmed.match(/^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$/);
  if (!dmy) return null;
  const day = Number(dmy[1]);
  const month = Number(dmy[2]);
  if (dmy[3]) {
    const year = dmy[3].length === 2 ? 2000 + Number(dmy[3]) : Number(dmy[3]);
    return isoFromParts(year, month, day);
  }
  if (!today) return null;
  const year = Number(today.slice(0, 4));
  const thisYear = isoFromParts(year, month, day);
  if (looking === "ahead") return thisYear && thisYear >= today ? thisYear : isoFromParts(year + 1, month, day);
  if (thisYear && thisYear <= today) return thisYear;
  return isoFromParts(year - 1, month, day);
}

/** Minutes from "45", "45′", "90", "1h", "1h30", "1 h 30′", "1:30"; null when not understood. */
export function parseMinutes(text: string): number | null {
  const trimmed = text.trim().toLowerCase().replace(/\s+/g, "");
  const minutes = trimmed.match(/^(\d{1,4})(?:m|min|′|')?$/);
  if (minutes) return Number(minutes[1]);
  const hours = trimmed.match(/^(\d{1,2})(?:h|:|ore?)(\d{1,2})?(?:m|min|′|')?$/);
  if (hours) return Number(hours[1]) * 60 + Number(hours[2] ?? 0);
  return null;
}

/** "HH:mm" 24-hour time, or null. */
export function parseTimeOfDay(text: string): string | null {
  const match = text.trim().match(/^(\d{1,2})[:.](\d{2})$/) ?? text.trim().match(/^(\d{1,2})$/);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** A non-negative number as Italians and others type it: "1500", "1.500" or "1 500" (thousands), "12,5" or "12.5". */
export function parseQuantity(text: string): number | null {
  const trimmed = text.trim().replace(/\s+/g, "");
  const normalised = /^\d{1,3}(\.\d{3})+$/.test(trimmed) ? trimmed.replaceAll(".", "") : trimmed.replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(normalised)) return null;
  return Number(normalised);
}
