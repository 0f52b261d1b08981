// `import activities`: one row per activity (laboratorio) with its weekly schedule, facilitators and roster.
import { z } from "zod";
import { parseMinutes, parseTimeOfDay } from "../../domain/parse.ts";
import { hasRoleAt } from "../../domain/permissions.ts";
import { isInCharge, normalisePersonCode } from "../../domain/people.ts";
import type { WeeklySlot } from "../../domain/schedule.ts";
import { localDate } from "../../domain/weeks.ts";
import { ACTIVITY_KINDS, slotInput } from "../../services/activities.ts";
import { recordAudit } from "../../services/audit.ts";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { type ImportSite, noSuchSite, sitesByPrefix, staffByTelegramId } from "./lookups.ts";
import type { Importer, RowError } from "./types.ts";

const ACTIVITY_COLUMNS = {
  required: ["site", "name", "kind"],
  optional: ["schedule", "facilitators", "roster", "enrolled_on"],
} as const;

// English and Italian day names, so the schedule can be written either way ("mon 09:30 120" or "lun 9.30 2h").
const WEEKDAYS: Record<string, number> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
  lun: 1,
  mar: 2,
  mer: 3,
  gio: 4,
  ven: 5,
  sab: 6,
  dom: 7,
};
// The bounds the bot's activity service accepts for a slot, so both ways in agree.
const { minValue: MIN_SLOT_MINUTES, maxValue: MAX_SLOT_MINUTES } = slotInput.shape.durationMinutes;

/** "mon 09:30 120; thu 14:00 90" → weekly slots, or the reason it cannot be read. */
export function parseSchedule(text: string): WeeklySlot[] | string {
  const slots: WeeklySlot[] = [];
  const parts = text
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean);
  for (const part of parts) {
    const [day, time, duration, ...rest] = part.split(/\s+/);
    const weekday = WEEKDAYS[(day ?? "").toLowerCase().slice(0, 3)];
    const startTime = parseTimeOfDay(time ?? "");
    const minutes = parseMinutes(duration ?? "");
    if (rest.length > 0 || !weekday || !startTime || minutes === null) {
      return `"${part}" is not "day HH:mm minutes" (e.g. mon 09:30 120; thu 14:00 90)`;
    }
    const slot = slotInput.safeParse({ weekday, startTime, durationMinutes: minutes });
    if (!slot.success) return `"${part}": the duration must be ${MIN_SLOT_MINUTES}–${MAX_SLOT_MINUTES} minutes`;
    slots.push(slot.data);
  }
  return slots;
}

const rowSchema = z.object({
  site: cell.sitePrefix(),
  name: cell.text(80).min(2, "must be 2–80 characters"),
  kind: cell.code(ACTIVITY_KINDS),
  schedule: z
    .string()
    .transform((value, context) => {
      const slots = parseSchedule(value);
      if (typeof slots !== "string") return slots;
      context.addIssue({ code: "custom", message: slots });
      return z.NEVER;
    })
    .optional(),
  facilitators: cell.telegramIdList().optional(),
  roster: z
    .string()
    .transform((value, context) => {
      const typed = value
        .split(";")
        .map((part) => part.trim())
        .filter(Boolean);
      const codes = typed.map(normalisePersonCode);
      const bad = typed.filter((_, index) => codes[index] === null);
      if (bad.length === 0) return [...new Set(codes as string[])];
      context.addIssue({
        code: "custom",
        message: `${bad.map((b) => `"${b}"`).join(", ")} is not a person code such as BOL-0042`,
      });
      return z.NEVER;
    })
    .optional(),
  enrolled_on: cell.date().optional(),
});

export const activitiesImporter: Importer = {
  kind: "activities",
  summary: "activities (laboratori) with weekly schedule, facilitators and roster",
  async run(deps, fileText) {
    const now = deps.clock();
    const today = localDate(now, deps.timeZone);
    const read = readCsv(fileText, ACTIVITY_COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema);
    errors.push(...read.errors);

    const sites = await sitesByPrefix(deps);
    const facilitatorsById = await staffByTelegramId(
      deps,
      checked.flatMap((row) => row.value.facilitators ?? []),
    );
    const people = new Map(
      (
        await deps.db.person.findMany({
          where: { code: { in: checked.flatMap((row) => row.value.roster ?? []) }, erasedAt: null },
          select: {
            id: true,
            code: true,
            intakeOn: true,
            dischargeOn: true,
            sites: { where: { toOn: null }, select: { siteId: true } },
          },
        })
      ).map((person) => [person.code, person]),
    );
    const existingNames = new Set(
      (await deps.db.activity.findMany({ where: { active: true }, select: { siteId: true, name: true } })).map(
        (activity) => `${activity.siteId}:${activity.name.toLowerCase()}`,
      ),
    );
    const lineOfName = new Map<string, number>();

    const activities: {
      site: ImportSite;
      name: string;
      kind: string;
      slots: WeeklySlot[];
      facilitatorIds: number[];
      roster: number[];
      enrolledOn: string;
    }[] = [];
    for (const { line, value } of checked) {
      const rowErrors: RowError[] = [];
      const problem = (column: string, reason: string) => rowErrors.push({ line, column, reason });
      const site = sites.get(value.site);
      const enrolledOn = value.enrolled_on ?? today;
      if (!site) {
        problem("site", noSuchSite(value.site));
      } else {
        const nameKey = `${site.id}:${value.name.toLowerCase()}`;
        const earlier = lineOfName.get(nameKey);
        if (existingNames.has(nameKey))
          problem("name", `${site.codePrefix} already has an active activity with this name`);
        else if (earlier !== undefined) problem("name", `the same activity is also on line ${earlier}`);
        else lineOfName.set(nameKey, line);
      }
      const facilitatorIds: number[] = [];
      for (const telegramId of new Set(value.facilitators ?? [])) {
        const staff = facilitatorsById.get(telegramId);
        if (!staff?.active) problem("facilitators", `no active staff member has Telegram id ${telegramId}`);
        else if (site && !hasRoleAt(staff.actor, site, ["operator", "coordinator"])) {
          problem("facilitators", `${staff.displayName} is not an operator or coordinator at ${site.codePrefix}`);
        } else facilitatorIds.push(staff.id);
      }
      if (value.enrolled_on && value.enrolled_on > today)
        problem("enrolled_on", `must not be in the future (today is ${today})`);
      const roster: number[] = [];
      for (const code of value.roster ?? []) {
        const person = people.get(code);
        if (!person) problem("roster", `no person has the code ${code}`);
        else if (site && !person.sites.some((s) => s.siteId === site.id))
          problem("roster", `${code} is not at ${site.codePrefix}`);
        else if (!isInCharge(person, enrolledOn)) problem("roster", `${code} is not in charge on ${enrolledOn}`);
        else roster.push(person.id);
      }
      errors.push(...rowErrors);
      if (site && rowErrors.length === 0) {
        activities.push({
          site,
          name: value.name,
          kind: value.kind,
          slots: value.schedule ?? [],
          facilitatorIds,
          roster,
          enrolledOn,
        });
      }
    }

    return writeAllOrNothing(deps, "activities", activities.length, errors, async (tx) => {
      for (const activity of activities) {
        const created = await tx.activity.create({
          data: {
            createdAt: now,
            siteId: activity.site.id,
            name: activity.name,
            kind: activity.kind,
            schedules: { create: activity.slots },
            facilitators: { create: activity.facilitatorIds.map((staffId) => ({ staffId })) },
            roster: { create: activity.roster.map((personId) => ({ personId, enrolledOn: activity.enrolledOn })) },
          },
        });
        await recordAudit(tx, deps.cipher, {
          actorId: null,
          action: "activity.create",
          subjectType: "activity",
          subjectId: created.id,
          details: { siteId: activity.site.id, kind: activity.kind, via: "import" },
          at: now,
        });
        // One entry per enrolment, like the bot's, so each person's audit trail shows it.
        for (const personId of activity.roster) {
          await recordAudit(tx, deps.cipher, {
            actorId: null,
            action: "activity.enrol",
            subjectType: "activity",
            subjectId: created.id,
            personId,
            details: { enrolledOn: activity.enrolledOn, via: "import" },
            at: now,
          });
        }
      }
    });
  },
};
