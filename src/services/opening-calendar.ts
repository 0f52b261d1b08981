// Day centres' opening calendars: coordinators set the weekly timetable from a date (replacing a timetable set for
// that same date) and record closures. The funder's opening days and hours are counted from these.
import { z } from "zod";
import { minutesOfDay } from "../domain/opening-calendar.ts";
import { DAY_CENTRE_SITE_KINDS } from "../domain/output-indicators.ts";
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
  await deps.db.$transaction((tx) => writeTimetable(tx, deps, actor?.staffId ?? null, { ...data, siteId: site.id }));
}

type Writer = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

/** Replaces the site's timetable starting on fromOn, inside the caller's transaction (the CSV import writes many). */
export async function writeTimetable(
  tx: Writer,
  deps: ServiceDeps,
  actorId: number | null,
  data: z.output<typeof timetableInput>,
): Promise<void> {
  await tx.openingHours.deleteMany({ where: { siteId: data.siteId, fromOn: data.fromOn } });
  await tx.openingHours.createMany({
    data: data.hours.map((h) => ({ siteId: data.siteId, fromOn: data.fromOn, ...h })),
  });
  await recordAudit(tx, deps.cipher, {
    actorId,
    action: "opening_hours.set",
    subjectType: "site",
    subjectId: data.siteId,
    details: { fromOn: data.fromOn, intervals: data.hours.length },
    at: deps.clock(),
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
  await deps.db.$transaction((tx) => writeClosure(tx, deps, actor?.staffId ?? null, { ...data, siteId: site.id }));
}

export async function writeClosure(
  tx: Writer,
  deps: ServiceDeps,
  actorId: number | null,
  data: z.output<typeof closureInput>,
): Promise<void> {
  const closure = await tx.siteClosure.create({
    data: {
      siteId: data.siteId,
      fromOn: data.fromOn,
      toOn: data.toOn,
      reason: data.reason ?? null,
      createdAt: deps.clock(),
    },
  });
  await recordAudit(tx, deps.cipher, {
    actorId,
    action: "closure.add",
    subjectType: "site",
    subjectId: data.siteId,
    details: { closureId: closure.id, fromOn: data.fromOn, toOn: data.toOn },
    at: deps.clock(),
  });
}

/** The day centres (the sites whose calendar the funder's sheet counts) the actor manages, by name. */
export async function calendarSitesFor(deps: ServiceDeps, actor: Actor): Promise<{ id: number; name: string }[]> {
  const sites = await deps.db.site.findMany({
    where: { active: true, kind: { in: [...DAY_CENTRE_SITE_KINDS] } },
    select: { id: true, name: true, programmeId: true },
    orderBy: { name: "asc" },
  });
  return sites.filter((site) => canManageSite(actor, site)).map(({ id, name }) => ({ id, name }));
}

export interface SiteCalendar {
  /** The timetable in force on the day: its first day (null: none yet) and its slots by weekday. */
  fromOn: string | null;
  hours: { weekday: number; opensAt: string; closesAt: string }[];
  /** Closures not yet over on the day, the first few. */
  closures: { fromOn: string; toOn: string }[];
}

/** What a site's calendar says on `today`, for the coordinator about to change it. */
export async function siteCalendar(
  deps: ServiceDeps,
  actor: Actor,
  siteId: number,
  today: string,
): Promise<SiteCalendar> {
  await managedSite(deps, actor, siteId);
  const latest = await deps.db.openingHours.findFirst({
    where: { siteId, fromOn: { lte: today } },
    orderBy: { fromOn: "desc" },
    select: { fromOn: true },
  });
  const hours = latest
    ? await deps.db.openingHours.findMany({
        where: { siteId, fromOn: latest.fromOn },
        select: { weekday: true, opensAt: true, closesAt: true },
        orderBy: [{ weekday: "asc" }, { opensAt: "asc" }],
      })
    : [];
  const closures = await deps.db.siteClosure.findMany({
    where: { siteId, toOn: { gte: today } },
    select: { fromOn: true, toOn: true },
    orderBy: { fromOn: "asc" },
    take: 5,
  });
  return { fromOn: latest?.fromOn ?? null, hours, closures };
}
