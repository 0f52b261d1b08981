// Activities (laboratori): coordinators create and edit them, set weekly schedules and facilitators, and enrol
// or withdraw people; operators list the ones they can log, today's scheduled ones first.
import { z } from "zod";
import { type Actor, canLogAt, canLogForPerson, canManageSite, type SiteRef } from "../domain/permissions.ts";
import { occurrencesOn, type WeeklySlot } from "../domain/schedule.ts";
import type { IsoDate } from "../domain/weeks.ts";
import type { AuditAction } from "../domain/audit-actions.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import { searchPeople, type PersonSummary } from "./people.ts";
import { listSites } from "./staff.ts";
import { openShortName } from "./person-names.ts";

export const ACTIVITY_KINDS = [
  "workshop",
  "certified_training",
  "talk_group",
  "sport",
  "volunteering",
  "other",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const id = z.number().int().positive();
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD");
const activityName = z.string().trim().min(2).max(80);

export const slotInput = z.object({
  weekday: z.number().int().min(1).max(7),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time must be HH:mm"),
  durationMinutes: z.number().int().min(15).max(600),
});

const activityInput = z.object({ siteId: id, name: activityName, kind: z.enum(ACTIVITY_KINDS) });
const activityChanges = z.object({ name: activityName, kind: z.enum(ACTIVITY_KINDS), active: z.boolean() }).partial();

type Site = SiteRef & { name: string; codePrefix: string };
/** What every change returns: the activity it changed. */
export type ActivityRef = { id: number };

async function siteOf(deps: ServiceDeps, siteId: number): Promise<Site | null> {
  return (await listSites(deps)).find((site) => site.id === siteId) ?? null;
}

/** The activity, if the actor coordinates its site; the same refusal whether it does not exist or is not theirs. */
async function managedActivity(deps: ServiceDeps, actor: Actor, activityId: number) {
  const activity = await deps.db.activity.findUnique({ where: { id: id.parse(activityId) } });
  const site = activity ? await siteOf(deps, activity.siteId) : null;
  if (!activity || !site || !canManageSite(actor, site)) throw notFoundOrNotAllowed();
  return { activity, site };
}

type Writer = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

async function audit(
  tx: Writer,
  deps: ServiceDeps,
  actor: Actor,
  action: AuditAction,
  activityId: number,
  extra: { personId?: number; details?: Record<string, unknown> } = {},
) {
  await recordAudit(tx, deps.cipher, {
    actorId: actor.staffId,
    action,
    subjectType: "activity",
    subjectId: activityId,
    personId: extra.personId ?? null,
    details: extra.details,
    at: deps.clock(),
  });
}

export async function createActivity(deps: ServiceDeps, actor: Actor, input: z.input<typeof activityInput>) {
  const data = activityInput.parse(input);
  const site = await siteOf(deps, data.siteId);
  if (!site || !canManageSite(actor, site)) throw notFoundOrNotAllowed();
  return deps.db.$transaction(async (tx) => {
    const activity = await tx.activity.create({ data: { ...data, createdAt: deps.clock() } });
    await audit(tx, deps, actor, "activity.create", activity.id, { details: { siteId: site.id, kind: data.kind } });
    return { id: activity.id, name: activity.name };
  });
}

export async function updateActivity(
  deps: ServiceDeps,
  actor: Actor,
  activityId: number,
  changes: z.input<typeof activityChanges>,
): Promise<ActivityRef> {
  const data = activityChanges.parse(changes);
  const { activity } = await managedActivity(deps, actor, activityId);
  await deps.db.$transaction(async (tx) => {
    await tx.activity.update({ where: { id: activity.id }, data });
    await audit(tx, deps, actor, "activity.update", activity.id, {
      details: {
        before: { kind: activity.kind, active: activity.active },
        after: { kind: data.kind ?? activity.kind, active: data.active ?? activity.active },
        renamed: data.name !== undefined && data.name !== activity.name,
      },
    });
  });
  return { id: activity.id };
}

export async function addScheduleSlot(
  deps: ServiceDeps,
  actor: Actor,
  activityId: number,
  slot: WeeklySlot,
): Promise<ActivityRef> {
  const data = slotInput.parse(slot);
  const { activity } = await managedActivity(deps, actor, activityId);
  await deps.db.$transaction(async (tx) => {
    const created = await tx.activitySchedule.create({ data: { activityId: activity.id, ...data } });
    await audit(tx, deps, actor, "activity.schedule.add", activity.id, { details: { slotId: created.id, ...data } });
  });
  return { id: activity.id };
}

export async function removeScheduleSlot(
  deps: ServiceDeps,
  actor: Actor,
  activityId: number,
  slotId: number,
): Promise<ActivityRef> {
  const { activity } = await managedActivity(deps, actor, activityId);
  await deps.db.$transaction(async (tx) => {
    const removed = await tx.activitySchedule.deleteMany({ where: { id: id.parse(slotId), activityId: activity.id } });
    if (removed.count === 0) throw notFoundOrNotAllowed();
    await audit(tx, deps, actor, "activity.schedule.remove", activity.id, { details: { slotId } });
  });
  return { id: activity.id };
}

/** Staff who may facilitate activities of the site: its operators and coordinators. */
export async function listFacilitatorCandidates(deps: ServiceDeps, actor: Actor, activityId: number) {
  const { site } = await managedActivity(deps, actor, activityId);
  return deps.db.staff.findMany({
    where: { active: true, memberships: { some: { siteId: site.id, role: { in: ["operator", "coordinator"] } } } },
    select: { id: true, displayName: true },
    orderBy: { displayName: "asc" },
  });
}

export async function setFacilitators(
  deps: ServiceDeps,
  actor: Actor,
  activityId: number,
  staffIds: number[],
): Promise<ActivityRef> {
  const wanted = [...new Set(z.array(id).max(20).parse(staffIds))];
  const { activity } = await managedActivity(deps, actor, activityId);
  const allowed = new Set((await listFacilitatorCandidates(deps, actor, activity.id)).map((s) => s.id));
  if (wanted.some((staffId) => !allowed.has(staffId))) throw notFoundOrNotAllowed();
  await deps.db.$transaction(async (tx) => {
    const before = await tx.activityFacilitator.findMany({
      where: { activityId: activity.id },
      select: { staffId: true },
    });
    await tx.activityFacilitator.deleteMany({ where: { activityId: activity.id } });
    await tx.activityFacilitator.createMany({ data: wanted.map((staffId) => ({ activityId: activity.id, staffId })) });
    await audit(tx, deps, actor, "activity.facilitators", activity.id, {
      details: { before: before.map((f) => f.staffId), after: wanted },
    });
  });
  return { id: activity.id };
}

/** People of the activity's site matching a code or a name, who are not enrolled now. */
export async function findPeopleToEnrol(
  deps: ServiceDeps,
  actor: Actor,
  activityId: number,
  query: string,
): Promise<PersonSummary[]> {
  const { activity } = await managedActivity(deps, actor, activityId);
  const enrolled = new Set(
    (
      await deps.db.rosterEnrollment.findMany({
        where: { activityId: activity.id, withdrawnOn: null },
        select: { personId: true },
      })
    ).map((e) => e.personId),
  );
  return (await searchPeople(deps, [activity.siteId], query)).filter((person) => !enrolled.has(person.id));
}

export async function enrolPerson(
  deps: ServiceDeps,
  actor: Actor,
  activityId: number,
  personId: number,
  enrolledOn: IsoDate,
): Promise<ActivityRef> {
  const date = isoDate.parse(enrolledOn);
  const { activity, site } = await managedActivity(deps, actor, activityId);
  const person = await deps.db.person.findFirst({
    where: { id: id.parse(personId), erasedAt: null },
    include: { sites: { where: { toOn: null }, select: { siteId: true } } },
  });
  if (!person || !canLogForPerson(actor, { siteIds: person.sites.map((s) => s.siteId) }, [site]))
    throw notFoundOrNotAllowed();
  await deps.db.$transaction(async (tx) => {
    const current = await tx.rosterEnrollment.findFirst({
      where: { activityId: activity.id, personId: person.id, withdrawnOn: null },
    });
    if (current) throw new ServiceError("attendance-activity-already-enrolled", { code: person.code });
    await tx.rosterEnrollment.create({ data: { activityId: activity.id, personId: person.id, enrolledOn: date } });
    await audit(tx, deps, actor, "activity.enrol", activity.id, { personId: person.id, details: { enrolledOn: date } });
  });
  return { id: activity.id };
}

export async function withdrawPerson(
  deps: ServiceDeps,
  actor: Actor,
  activityId: number,
  personId: number,
  withdrawnOn: IsoDate,
): Promise<ActivityRef> {
  const date = isoDate.parse(withdrawnOn);
  const { activity } = await managedActivity(deps, actor, activityId);
  await deps.db.$transaction(async (tx) => {
    const enrolment = await tx.rosterEnrollment.findFirst({
      where: { activityId: activity.id, personId: id.parse(personId), withdrawnOn: null },
    });
    if (!enrolment) throw notFoundOrNotAllowed();
    if (date < enrolment.enrolledOn) throw new ServiceError("attendance-activity-withdraw-before-enrol");
    await tx.rosterEnrollment.update({ where: { id: enrolment.id }, data: { withdrawnOn: date } });
    await audit(tx, deps, actor, "activity.withdraw", activity.id, {
      personId: enrolment.personId,
      details: { withdrawnOn: date },
    });
  });
  return { id: activity.id };
}

export interface ActivityListing {
  id: number;
  name: string;
  siteId: number;
  siteName: string;
  active: boolean;
}

/** Activities of the sites the actor coordinates. */
export async function listManagedActivities(deps: ServiceDeps, actor: Actor): Promise<ActivityListing[]> {
  const sites = (await listSites(deps)).filter((site) => canManageSite(actor, site));
  const rows = await deps.db.activity.findMany({
    where: { siteId: { in: sites.map((s) => s.id) } },
    orderBy: [{ active: "desc" }, { name: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    siteId: row.siteId,
    siteName: sites.find((s) => s.id === row.siteId)?.name ?? "",
    active: row.active,
  }));
}

export interface ActivityCard {
  id: number;
  name: string;
  kind: string;
  active: boolean;
  siteName: string;
  schedules: { id: number; weekday: number; startTime: string; durationMinutes: number }[];
  facilitators: { id: number; displayName: string }[];
  roster: { personId: number; code: string; shortName: string; enrolledOn: string }[];
}

/** Everything a coordinator sees about one activity: schedule, facilitators and the current roster. */
export async function getActivityCard(deps: ServiceDeps, actor: Actor, activityId: number): Promise<ActivityCard> {
  const { activity, site } = await managedActivity(deps, actor, activityId);
  const full = await deps.db.activity.findUniqueOrThrow({
    where: { id: activity.id },
    include: {
      schedules: { orderBy: [{ weekday: "asc" }, { startTime: "asc" }] },
      facilitators: { include: { staff: { select: { id: true, displayName: true } } } },
      roster: { where: { withdrawnOn: null }, include: { person: true } },
    },
  });
  return {
    id: full.id,
    name: full.name,
    kind: full.kind,
    active: full.active,
    siteName: site.name,
    schedules: full.schedules.map(({ id: slotId, weekday, startTime, durationMinutes }) => ({
      id: slotId,
      weekday,
      startTime,
      durationMinutes,
    })),
    facilitators: full.facilitators.map((f) => f.staff),
    roster: full.roster
      .filter((e) => e.person.erasedAt === null)
      .map((e) => ({
        personId: e.personId,
        code: e.person.code,
        shortName: openShortName(deps.cipher, e.person),
        enrolledOn: e.enrolledOn,
      }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

export interface LoggableActivity {
  id: number;
  name: string;
  siteId: number;
  siteName: string;
  /** Start times of today's occurrences ("HH:mm"), empty when not scheduled today. */
  todayStartTimes: string[];
}

/** Active activities at the sites where the actor logs: today's scheduled ones first (by time), then by name. */
export async function listActivitiesForLogging(
  deps: ServiceDeps,
  actor: Actor,
  today: IsoDate,
): Promise<LoggableActivity[]> {
  const sites = (await listSites(deps)).filter((site) => canLogAt(actor, site));
  const rows = await deps.db.activity.findMany({
    where: { active: true, siteId: { in: sites.map((s) => s.id) } },
    include: { schedules: true },
    orderBy: { name: "asc" },
  });
  const listed = rows.map((row) => ({
    id: row.id,
    name: row.name,
    siteId: row.siteId,
    siteName: sites.find((s) => s.id === row.siteId)?.name ?? "",
    todayStartTimes: occurrencesOn(today, row.schedules, deps.timeZone).map((o) => o.slot.startTime),
  }));
  const scheduledToday = listed
    .filter((a) => a.todayStartTimes.length > 0)
    .sort((a, b) => (a.todayStartTimes[0] as string).localeCompare(b.todayStartTimes[0] as string));
  return [...scheduledToday, ...listed.filter((a) => a.todayStartTimes.length === 0)];
}
