// `import shifts`: on-call shifts (turni di reperibilità) in local time, e.g. a month's rota prepared in a spreadsheet.
import { z } from "zod";
import { parseItalianDate } from "../../domain/parse.ts";
import { localInstant, localTime } from "../../domain/schedule.ts";
import { recordAudit } from "../../services/audit.ts";
import { insertOnCallShift, shiftInput } from "../../services/on-call.ts";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { type ImportSite, noSuchSite, sitesByPrefix, staffByTelegramId } from "./lookups.ts";
import type { Importer, RowError } from "./types.ts";

const SHIFT_COLUMNS = { required: ["telegram_id", "starts_at", "ends_at", "sites"], optional: [] } as const;

/** "YYYY-MM-DD HH:mm" wall-clock time in the deployment's zone. */
function localDateTime(timeZone: string) {
  return z.string().transform((value, context) => {
    const match = value.match(/^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})$/);
    if (!match?.[1] || !match[2]) {
      context.addIssue({ code: "custom", message: "must be a local date and time YYYY-MM-DD HH:mm" });
      return z.NEVER;
    }
    const [, date, time] = match;
    const instant = parseItalianDate(date, null) === date ? localInstant(date, time, timeZone) : null;
    // A time skipped when clocks go forward would silently move: better to ask for a real one.
    if (!instant || localTime(instant, timeZone) !== time.padStart(5, "0")) {
      context.addIssue({ code: "custom", message: `${value} does not exist in ${timeZone}` });
      return z.NEVER;
    }
    return instant;
  });
}

function rowSchema(timeZone: string) {
  return z.object({
    telegram_id: cell.telegramId(),
    starts_at: localDateTime(timeZone),
    ends_at: localDateTime(timeZone),
    sites: cell.sitePrefixList().refine((prefixes) => prefixes.length > 0, "is required"),
  });
}

interface Interval {
  line: number | null;
  staffId: number;
  startsAt: Date;
  endsAt: Date;
}

const overlaps = (a: Interval, b: Interval) =>
  a.staffId === b.staffId && a.startsAt < b.endsAt && b.startsAt < a.endsAt;

export const shiftsImporter: Importer = {
  kind: "shifts",
  summary: "on-call shifts (reperibilità) in local time, one or more sites each",
  async run(deps, fileText) {
    const now = deps.clock();
    const read = readCsv(fileText, SHIFT_COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema(deps.timeZone));
    errors.push(...read.errors);

    const sites = await sitesByPrefix(deps);
    const staffById = await staffByTelegramId(
      deps,
      checked.map((row) => row.value.telegram_id),
    );
    const existing: Interval[] = (
      await deps.db.onCallShift.findMany({
        where: { endsAt: { gt: now } },
        select: { staffId: true, startsAt: true, endsAt: true },
      })
    ).map((shift) => ({ ...shift, line: null }));

    const shifts: (Interval & { siteIds: number[] })[] = [];
    for (const { line, value } of checked) {
      const rowErrors: RowError[] = [];
      const problem = (column: string, reason: string) => rowErrors.push({ line, column, reason });
      const staff = staffById.get(value.telegram_id);
      if (!staff?.active) problem("telegram_id", `no active staff member has Telegram id ${value.telegram_id}`);
      const shiftSites: ImportSite[] = [];
      for (const prefix of new Set(value.sites)) {
        const site = sites.get(prefix);
        if (!site) problem("sites", noSuchSite(prefix));
        else if (staff?.active && !staff.actor.memberships.some((m) => m.siteId === site.id)) {
          problem("sites", `${staff.displayName} does not work at ${prefix}`);
        } else shiftSites.push(site);
      }
      if (value.ends_at <= value.starts_at) problem("ends_at", "must be after starts_at");
      else if (value.ends_at <= now) problem("ends_at", "is in the past");
      if (!staff?.active || rowErrors.length > 0) {
        errors.push(...rowErrors);
        continue;
      }
      const shift = {
        staffId: staff.id,
        siteIds: shiftSites.map((s) => s.id),
        startsAt: value.starts_at,
        endsAt: value.ends_at,
      };
      const parsed = shiftInput.safeParse(shift);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problem("ends_at", issue.message);
      }
      const clash = [...existing, ...shifts].find((other) => overlaps(other, { ...shift, line }));
      if (clash) {
        problem(
          "starts_at",
          clash.line === null ? "overlaps a shift of the same person already planned" : `overlaps line ${clash.line}`,
        );
      }
      errors.push(...rowErrors);
      if (rowErrors.length === 0) shifts.push({ ...shift, line });
    }

    return writeAllOrNothing(deps, "shifts", shifts.length, errors, async (tx) => {
      for (const shift of shifts) {
        const created = await insertOnCallShift(tx, shift);
        await recordAudit(tx, deps.cipher, {
          actorId: null,
          action: "oncall.create",
          subjectType: "on_call_shift",
          subjectId: created.id,
          details: { staffId: shift.staffId, siteIds: shift.siteIds, via: "import" },
          at: now,
        });
      }
    });
  },
};
