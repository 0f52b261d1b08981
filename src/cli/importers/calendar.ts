// `import opening-hours` and `import closures`: day centres' opening calendars, e.g. prepared by the programme office
// at the start of the year. A timetable is every row of a site with the same `from` date; importing it again replaces it.
import { z } from "zod";
import { parseWeekday } from "../../domain/opening-calendar.ts";
import { parseTimeOfDay } from "../../domain/parse.ts";
import { writeClosure, writeTimetable } from "../../services/opening-calendar.ts";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { noSuchSite, sitesByPrefix } from "./lookups.ts";
import type { Importer, RowError } from "./types.ts";

const weekday = z.string().transform((value, context) => {
  const day = parseWeekday(value);
  if (day === null) {
    context.addIssue({ code: "custom", message: "must be a day (mon … sun, lun … dom, or 1–7)" });
    return z.NEVER;
  }
  return day;
});

const time = z.string().transform((value, context) => {
  const parsed = parseTimeOfDay(value);
  if (!parsed) {
    context.addIssue({ code: "custom", message: "must be a time HH:MM" });
    return z.NEVER;
  }
  return parsed;
});

const hoursRow = z.object({ site: cell.sitePrefix(), from: cell.date(), weekday, opens: time, closes: time });
const closureRow = z.object({
  site: cell.sitePrefix(),
  from: cell.date(),
  to: cell.date(),
  reason: cell.text(120).optional(),
});

export const openingHoursImporter: Importer = {
  kind: "opening-hours",
  summary: "day centres' weekly timetables: site, from (date), weekday, opens, closes; one row per opening slot",
  async run(deps, fileText) {
    const read = readCsv(fileText, { required: ["site", "from", "weekday", "opens", "closes"], optional: [] });
    const { checked, errors } = checkRows(read.rows, hoursRow);
    errors.push(...read.errors);
    const sites = await sitesByPrefix(deps);
    const timetables = new Map<
      string,
      { siteId: number; fromOn: string; hours: { weekday: number; opensAt: string; closesAt: string }[] }
    >();
    for (const { line, value } of checked) {
      const rowErrors: RowError[] = [];
      const site = sites.get(value.site);
      if (!site) rowErrors.push({ line, column: "site", reason: noSuchSite(value.site) });
      if (value.closes <= value.opens) rowErrors.push({ line, column: "closes", reason: "must be after opens" });
      errors.push(...rowErrors);
      if (!site || rowErrors.length > 0) continue;
      const key = `${site.id}/${value.from}`;
      const timetable = timetables.get(key) ?? { siteId: site.id, fromOn: value.from, hours: [] };
      timetable.hours.push({ weekday: value.weekday, opensAt: value.opens, closesAt: value.closes });
      timetables.set(key, timetable);
    }
    const rows = [...timetables.values()].reduce((sum, t) => sum + t.hours.length, 0);
    return writeAllOrNothing(deps, "opening-hours", rows, errors, async (tx) => {
      for (const timetable of timetables.values()) await writeTimetable(tx, deps, null, timetable);
    });
  },
};

export const closuresImporter: Importer = {
  kind: "closures",
  summary: "days a site is closed: site, from, to (both included), reason",
  async run(deps, fileText) {
    const read = readCsv(fileText, { required: ["site", "from", "to"], optional: ["reason"] });
    const { checked, errors } = checkRows(read.rows, closureRow);
    errors.push(...read.errors);
    const sites = await sitesByPrefix(deps);
    const closures: { siteId: number; fromOn: string; toOn: string; reason?: string }[] = [];
    for (const { line, value } of checked) {
      const site = sites.get(value.site);
      if (!site) errors.push({ line, column: "site", reason: noSuchSite(value.site) });
      else if (value.to < value.from) errors.push({ line, column: "to", reason: "must be on or after from" });
      else closures.push({ siteId: site.id, fromOn: value.from, toOn: value.to, reason: value.reason });
    }
    return writeAllOrNothing(deps, "closures", closures.length, errors, async (tx) => {
      for (const closure of closures) await writeClosure(tx, deps, null, closure);
    });
  },
};
