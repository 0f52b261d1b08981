// Individual sessions (colloqui, visits, team meetings…): logged by operators for people in their scope and in
// charge on that date, at most once per flow run (clientRef), with an encrypted note and the plan goals served.
import { z } from "zod";
import { type Actor, canLogAt, canLogForPerson, type SiteRef } from "../domain/permissions.ts";
import { isInCharge } from "../domain/people.ts";
import { dayMonthYear, localInstant } from "../domain/schedule.ts";
import { addDaysIso, type IsoDate, localDate } from "../domain/weeks.ts";
import { isoDate } from "./activities.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { openShortName } from "./person-names.ts";
import { reserveIds } from "./row-ids.ts";
import { notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import { searchPeople } from "./people.ts";
import { listSites } from "./staff.ts";

export const SESSION_KINDS = [
  "individual_educational",
  "individual_psychological",
  "individual_social",
  "group_activity",
  "home_visit",
  "accompaniment",
  "family_meeting",
  "team_meeting",
  "phone_contact",
  "internship_tutoring",
  "mediation",
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
/** What /sessione logs; group_activity comes from attendance. */
export const INDIVIDUAL_SESSION_KINDS = SESSION_KINDS.filter((kind) => kind !== "group_activity") as Exclude<
  SessionKind,
  "group_activity"
>[];
/** The one kind that may concern several people. */
export const MULTI_PERSON_KIND = "team_meeting";

export const NOTE_MAX_LENGTH = 1000;
export const DURATION_LIMITS = { min: 5, max: 600 } as const;

const id = z.number().int().positive();
export const noteText = z.string().trim().min(1).max(NOTE_MAX_LENGTH);
export const clientRef = z.string().min(8).max(64);

export type Writer = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

/** A person as the logging flows need them: shown by code and short name, dated by intake and discharge. */
export interface PersonPick {
  id: number;
  code: string;
  shortName: string;
  intakeOn: string;
  dischargeOn: string | null;
}

type PersonRow = {
  id: number;
  code: string;
  givenNameEnc: string;
  familyNameEnc: string;
  intakeOn: string;
  dischargeOn: string | null;
};

export function toPick(deps: ServiceDeps, row: PersonRow): PersonPick {
  return {
    id: row.id,
    code: row.code,
    shortName: openShortName(deps.cipher, row),
    intakeOn: row.intakeOn,
    dischargeOn: row.dischargeOn,
  };
}

export async function loggingSites(deps: ServiceDeps, actor: Actor): Promise<(SiteRef & { name: string })[]> {
  return (await listSites(deps)).filter((site) => canLogAt(actor, site));
}

/** When a session dated `occurredOn` happened: the given local time, else noon; never later than now. */
export function occurredAtFor(deps: ServiceDeps, occurredOn: IsoDate, startTime: string | null, now: Date): Date {
  const at = localInstant(occurredOn, startTime ?? "12:00", deps.timeZone);
  return at > now ? now : at;
}

export function assertNotFuture(deps: ServiceDeps, occurredOn: IsoDate, now: Date): void {
  if (occurredOn > localDate(now, deps.timeZone)) throw new ServiceError("error-date-future");
}

/** The people, each in the actor's scope and in charge on the date; the refusal never tells which check failed. */
async function loggablePeople(deps: ServiceDeps, actor: Actor, personIds: number[], occurredOn: IsoDate) {
  const sites = await loggingSites(deps, actor);
  const rows = await deps.db.person.findMany({
    where: { id: { in: personIds }, erasedAt: null },
    include: { sites: { where: { toOn: null }, select: { siteId: true } } },
  });
  const people = personIds.map((personId) => rows.find((row) => row.id === personId));
  for (const person of people) {
    if (!person || !canLogForPerson(actor, { siteIds: person.sites.map((s) => s.siteId) }, sites))
      throw notFoundOrNotAllowed();
    if (!isInCharge(person, occurredOn)) {
      throw new ServiceError("session-not-in-charge", { code: person.code, intake: dayMonthYear(person.intakeOn) });
    }
  }
  return { people: people as NonNullable<(typeof people)[number]>[], sites };
}

const sessionInput = z
  .object({
    personIds: z.array(id).min(1).max(30),
    kind: z.enum(INDIVIDUAL_SESSION_KINDS),
    occurredOn: isoDate,
    durationMinutes: z.number().int().min(DURATION_LIMITS.min).max(DURATION_LIMITS.max),
    note: noteText.nullish(),
    goalIds: z.array(id).max(10).default([]),
    coAuthorIds: z.array(id).max(10).default([]),
    clientRef,
  })
  .refine(
    (data) => data.kind === MULTI_PERSON_KIND || data.personIds.length === 1,
    "only team meetings concern several people",
  )
  .refine((data) => new Set(data.personIds).size === data.personIds.length, "people must be distinct");
export type SessionInput = z.input<typeof sessionInput>;

export interface LoggedSession {
  id: number;
  kind: string;
  occurredOn: string;
  durationMinutes: number;
}

/** Co-authors must log at the session's site; the author is always an operator of the session. */
export async function checkCoAuthors(
  tx: Writer,
  site: SiteRef,
  authorId: number,
  coAuthorIds: number[],
): Promise<number[]> {
  const others = [...new Set(coAuthorIds.filter((staffId) => staffId !== authorId))];
  const allowed = await tx.staff.count({
    where: {
      id: { in: others },
      active: true,
      memberships: { some: { siteId: site.id, role: { in: ["operator", "coordinator"] } } },
    },
  });
  if (allowed !== others.length) throw notFoundOrNotAllowed();
  return others;
}

/** Goals must belong to the active plan of one of the session's people. */
export async function checkGoals(tx: Writer, personIds: number[], goalIds: number[]): Promise<void> {
  if (goalIds.length === 0) return;
  const found = await tx.planGoal.count({
    where: { id: { in: goalIds }, plan: { status: "active", personId: { in: personIds } } },
  });
  if (found !== new Set(goalIds).size) throw notFoundOrNotAllowed();
}

/** A session already saved under this flow run's reference (a replay after a crash), if it is the actor's. */
export async function sessionByClientRef(deps: ServiceDeps, actor: Actor, ref: string): Promise<LoggedSession | null> {
  const existing = await deps.db.session.findUnique({ where: { clientRef: ref } });
  if (!existing) return null;
  if (existing.authorId !== actor.staffId) throw notFoundOrNotAllowed();
  return existing;
}

export async function logSession(deps: ServiceDeps, actor: Actor, input: SessionInput): Promise<LoggedSession> {
  const data = sessionInput.parse(input);
  const replayed = await sessionByClientRef(deps, actor, data.clientRef);
  if (replayed) return replayed;
  const now = deps.clock();
  assertNotFuture(deps, data.occurredOn, now);
  const { people, sites } = await loggablePeople(deps, actor, data.personIds, data.occurredOn);
  const first = people[0] as (typeof people)[number];
  const site = sites.find((s) => first.sites.some((ps) => ps.siteId === s.id)) as SiteRef;
  return deps.db.$transaction(async (tx) => {
    const coAuthors = await checkCoAuthors(tx, site, actor.staffId, data.coAuthorIds);
    await checkGoals(tx, data.personIds, data.goalIds);
    const id = await reserveIds(tx, "Session");
    const session = await tx.session.create({
      data: {
        id,
        siteId: site.id,
        kind: data.kind,
        occurredAt: occurredAtFor(deps, data.occurredOn, null, now),
        occurredOn: data.occurredOn,
        recordedAt: now,
        durationMinutes: data.durationMinutes,
        noteEnc: deps.cipher.encryptOptional(data.note, "Session.noteEnc", id),
        authorId: actor.staffId,
        clientRef: data.clientRef,
        operators: { create: [actor.staffId, ...coAuthors].map((staffId) => ({ staffId })) },
        attendance: { create: data.personIds.map((personId) => ({ personId, status: "present" })) },
        goals: { create: data.goalIds.map((goalId) => ({ goalId })) },
      },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "session.create",
      subjectType: "session",
      subjectId: session.id,
      personId: data.personIds.length === 1 ? data.personIds[0] : null,
      details: {
        kind: data.kind,
        siteId: site.id,
        occurredOn: data.occurredOn,
        durationMinutes: data.durationMinutes,
        personIds: data.personIds,
        coAuthorIds: coAuthors,
        goalIds: data.goalIds,
        noteSet: Boolean(data.note),
      },
      at: now,
    });
    return session;
  });
}

export const RECENT_DAYS = 14;
const RECENT_LIMIT = 12;

/**
 * The people an operator is likely to log about next, most recently seen first: those of their own individual
 * sessions, and those of their rosters (activities they facilitate), of their caseload or of sessions they took part
 * in who were present at a session in the last 14 days; only people still in scope and in charge today.
 */
export async function recentPeople(deps: ServiceDeps, actor: Actor, limit = RECENT_LIMIT): Promise<PersonPick[]> {
  const sites = await loggingSites(deps, actor);
  if (sites.length === 0) return [];
  const today = localDate(deps.clock(), deps.timeZone);
  const me = actor.staffId;
  // Caseload and rosters asked apart: one OR across them made SQLite scan every person (25 ms at region scale).
  const caseload = await deps.db.person.findMany({
    where: { erasedAt: null, caseManagerId: me },
    select: { id: true },
  });
  const rosters = await deps.db.rosterEnrollment.findMany({
    where: {
      withdrawnOn: null,
      activity: { active: true, facilitators: { some: { staffId: me } } },
      person: { erasedAt: null },
    },
    select: { personId: true },
  });
  const mine = [...new Set([...caseload.map((p) => p.id), ...rosters.map((e) => e.personId)])];
  const seen = await seenRecently(deps, me, mine, { gte: addDaysIso(today, -RECENT_DAYS), lte: today });
  const logged = await deps.db.session.findMany({
    where: { authorId: me, voidedAt: null, kind: { not: "group_activity" } },
    orderBy: { recordedAt: "desc" },
    take: 50,
    select: { attendance: { select: { personId: true } } },
  });
  // Older individual sessions still count, after everyone seen in the last 14 days.
  const ids = [...new Set([...seen, ...logged.flatMap((s) => s.attendance.map((a) => a.personId))])];
  const rows = await deps.db.person.findMany({
    where: { id: { in: ids } },
    include: { sites: { where: { toOn: null }, select: { siteId: true } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const picks: PersonPick[] = [];
  for (const id of ids) {
    const person = byId.get(id);
    if (!person || person.erasedAt || !isInCharge(person, today)) continue;
    if (!canLogForPerson(actor, { siteIds: person.sites.map((s) => s.siteId) }, sites)) continue;
    picks.push(toPick(deps, person));
    if (picks.length >= limit) break;
  }
  return picks;
}

/**
 * Who was present, most recent session first (at most 400 marks), at sessions of the window where they are among
 * `people` or where the operator took part. Two queries that each start from an index (the people's marks, the
 * operator's sessions) instead of one OR that made SQLite walk every mark of the window (0.4 s at region scale).
 */
async function seenRecently(
  deps: ServiceDeps,
  operatorId: number,
  people: number[],
  occurredOn: { gte: string; lte: string },
): Promise<number[]> {
  const window = { voidedAt: null, occurredOn };
  const when = { id: true, occurredAt: true, recordedAt: true } as const;
  const ofPeople = await deps.db.attendance.findMany({
    where: { status: "present", personId: { in: people }, session: window },
    select: { personId: true, session: { select: when } },
  });
  const withOperator = await deps.db.sessionOperator.findMany({
    where: { staffId: operatorId, session: window },
    select: {
      session: { select: { ...when, attendance: { where: { status: "present" }, select: { personId: true } } } },
    },
  });
  const marks = new Map<string, { personId: number; occurredAt: Date; recordedAt: Date }>();
  for (const { personId, session } of ofPeople) marks.set(`${session.id}:${personId}`, { personId, ...session });
  for (const { session } of withOperator) {
    const { attendance, ...at } = session;
    for (const { personId } of attendance) marks.set(`${session.id}:${personId}`, { personId, ...at });
  }
  return [...marks.values()]
    .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.recordedAt.getTime() - a.recordedAt.getTime())
    .slice(0, 400)
    .map((mark) => mark.personId);
}

/** People in the actor's logging scope matching a code or part of a name. */
export async function findPeopleForLogging(deps: ServiceDeps, actor: Actor, query: string): Promise<PersonPick[]> {
  const sites = await loggingSites(deps, actor);
  const found = await searchPeople(
    deps,
    sites.map((s) => s.id),
    query,
  );
  const rows = await deps.db.person.findMany({ where: { id: { in: found.map((p) => p.id) } } });
  return rows.map((row) => toPick(deps, row)).sort((a, b) => a.code.localeCompare(b.code));
}

export interface GoalChoice {
  id: number;
  text: string;
}

/** Open goals of the person's active plan (a plan read, so it is audited). */
export async function listActiveGoals(deps: ServiceDeps, actor: Actor, personId: number): Promise<GoalChoice[]> {
  const today = localDate(deps.clock(), deps.timeZone);
  await loggablePeople(deps, actor, [id.parse(personId)], today);
  const goals = await deps.db.planGoal.findMany({
    where: { plan: { personId, status: "active" }, status: { notIn: ["achieved", "dropped"] } },
    orderBy: { id: "asc" },
  });
  if (goals.length > 0) {
    await recordAudit(deps.db, deps.cipher, {
      actorId: actor.staffId,
      action: "plan.goals.read",
      subjectType: "person",
      subjectId: personId,
      personId,
      details: { purpose: "session.log", goalIds: goals.map((g) => g.id) },
      at: deps.clock(),
    });
  }
  return goals.map((goal) => ({ id: goal.id, text: deps.cipher.decrypt(goal.textEnc, "PlanGoal.textEnc", goal.id) }));
}

/** Colleagues who may co-sign a session at the site. */
export async function listCoAuthorCandidates(deps: ServiceDeps, actor: Actor, siteId: number) {
  const site = (await loggingSites(deps, actor)).find((s) => s.id === siteId);
  if (!site) throw notFoundOrNotAllowed();
  return deps.db.staff.findMany({
    where: {
      id: { not: actor.staffId },
      active: true,
      memberships: { some: { siteId: site.id, role: { in: ["operator", "coordinator"] } } },
    },
    select: { id: true, displayName: true },
    orderBy: { displayName: "asc" },
  });
}
