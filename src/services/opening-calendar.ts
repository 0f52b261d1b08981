// Day centres' opening calendars: coordinators set the weekly timetable from a date (replacing a timetable set for
// that same date) and record closures. The funder's opening days and hours are counted from these.
import { z } from "zod";
import { minutesOfDay } from "../domain/opening-calendar.ts";
import { type Actor, canManageSite } from "../domain/permissions.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError, validInput } from "./errors.ts";
import { isoDate } from "./activities.ts";

const time = z.string().refine((value) => minutesOfDay(value) !== null, "time must be HH:MM");
const interval = z.object({ weekday: z.number().int().min(1).max(7), opensAt: time, closesAt: time });

export const timetableInput = z.object({
  siteId: z.number().int().positive(),
  fromOn: isoDate,
  /** Empty: closed every day from fromOn. */
  hours: z.array(interval).max(50),
});

export const closureInput = z.object({
  siteId: z.number().int().positive(),
  fromOn: isoDate,
  toOn: isoDate,
  reason: z.string().trim().max(120).optional(),
});

async function managedSite(deps: ServiceDeps, actor: Actor | null, siteId: number) {
  const site = await deps.db.site.findUnique({ where: { id: siteId }, select: { id: true, programmeId: true } });
  if (!site || (actor && !canManageSite(actor, site))) throw notFoundOrNotAllowed();
  return site;
}

export async function setTimetable(
  deps: ServiceDeps,
  actor: Actor | null,
  input: z.input<typeof timetableInput>,
): Promise<void> {
  const data = validInput(timetableInput, input);
  if (data.hours.some((h) => (minutesOfDay(h.closesAt) ?? 0) <= (minutesOfDay(h.opensAt) ?? 0))) {
    throw new ServiceError("opening-error-closes-before-opens");
  }
  const site = await managedSite(deps, actor, data.siteId);
  await deps.db.$transaction(async (tx) => {
    await tx.openingHours.deleteMany({ where: { siteId: site.id, fromOn: data.fromOn } });
    await tx.openingHours.createMany({ data: data.hours.map((h) => ({ siteId: site.id, fromOn: data.fromOn, ...h })) });
    await recordAudit(tx, deps.cipher, {
      actorId: actor?.staffId ?? null,
      action: "opening_hours.set",
      subjectType: "site",
      subjectId: site.id,
      details: { fromOn: data.fromOn, intervals: data.hours.length },
      at: deps.clock(),
    });
  });
}

export async function addClosure(
  deps: ServiceDeps,
  actor: Actor | null,
  input: z.input<typeof closureInput>,
): Promise<void> {
  const data = validInput(closureInput, input);
  if (data.toOn < data.fromOn) throw new ServiceError("opening-error-closure-ends-before");
  const site = await managedSite(deps, actor, data.siteId);
  await deps.db.$transaction(async (tx) => {
    const closure = await tx.siteClosure.create({
      data: {
        siteId: site.id,
        fromOn: data.fromOn,
        toOn: data.toOn,
        reason: data.reason ?? null,
        createdAt: deps.clock(),
      },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor?.staffId ?? null,
      action: "closure.add",
      subjectType: "site",
      subjectId: site.id,
      details: { closureId: closure.id, fromOn: data.fromOn, toOn: data.toOn },
      at: deps.clock(),
    });
  });
}
