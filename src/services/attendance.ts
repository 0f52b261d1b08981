// Group attendance: one Session of kind group_activity per activity and date (Session.groupKey), with one
// Attendance row per person on the roster that day. Logging the same occurrence twice is refused, so the bot
// offers to edit the existing one instead.
import { z } from "zod";
import { activityRow, enrolledOn, insertGroupSession } from "../db/attendance.ts";
import { readSnapshot, writeTransaction } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import type { SqlSession } from "../db/sql.ts";
import { type Actor, canLogAt, type SiteRef } from "../domain/permissions.ts";
import { isInCharge } from "../domain/people.ts";
import { occurrencesOn, type WeeklySlot } from "../domain/schedule.ts";
import type { IsoDate } from "../domain/weeks.ts";
import { isoDate } from "./activities.ts";
import { recordAudit, recordAuditIn } from "./audit.ts";
import { auditSnapshot, correctionRights, sessionForCorrection } from "./corrections.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import { assertNotFuture, clientRef, occurredAtFor, type PersonPick, sessionByClientRef, toPick } from "./sessions.ts";

export const ATTENDANCE_STATUSES = ["present", "absent", "excused", "withdrawn"] as const;
/** The statuses an operator taps through on the roster; "withdrawn" comes from enrolments. */
export const ROSTER_STATUSES = ["present", "absent", "excused"] as const;
export type RosterStatus = (typeof ROSTER_STATUSES)[number];
/** Duration of an occurrence logged on a day without a scheduled slot. */
export const UNSCHEDULED_MINUTES = 60;

export function groupKeyOf(activityId: number, occurredOn: IsoDate): string {
  return `${activityId}:${occurredOn}`;
}

const statusesInput = z.record(z.string().regex(/^\d+$/), z.enum(ROSTER_STATUSES));
export type Statuses = z.output<typeof statusesInput>;

interface LoggableActivity {
  id: number;
  name: string;
  siteId: number;
  schedules: WeeklySlot[];
  site: SiteRef;
}

/** The activity with its site and weekly slots, if the actor logs at that site. */
async function loggableActivity(sql: SqlSession, actor: Actor, activityId: number): Promise<LoggableActivity> {
  const row = await activityRow(sql, z.number().int().positive().parse(activityId));
  const site = row && { id: row.siteId, programmeId: row.programmeId };
  if (!row || !site || !row.active || !row.siteActive || !canLogAt(actor, site)) throw notFoundOrNotAllowed();
  return { id: row.id, name: row.name, siteId: row.siteId, schedules: row.schedules, site };
}

/**
 * The roster's person ids on a date: enrolled by then and not yet withdrawn, at the activity's site that day, not
 * erased, and in charge that day (people taken on later are left out). Being at the site puts them in the scope
 * of whoever logs there.
 */
async function rosterIdsOn(
  sql: SqlSession,
  activity: { id: number; siteId: number },
  date: IsoDate,
): Promise<number[]> {
  const enrolled = await enrolledOn(sql, activity, date);
  return enrolled.filter((person) => isInCharge(person, date)).map((person) => person.id);
}

/** The people on the roster on a date, with their names, by code. */
async function rosterOn(
  deps: ServiceDeps,
  activity: { id: number; siteId: number },
  date: IsoDate,
): Promise<PersonPick[]> {
  const ids = await readSnapshot(deps.db, (sql) => rosterIdsOn(sql, activity, date));
  const people = await deps.db.person.findMany({ where: { id: { in: ids } } });
  return people.map((person) => toPick(deps, person)).sort((a, b) => a.code.localeCompare(b.code));
}

export interface ExistingAttendance {
  sessionId: number;
  recordedAt: Date;
  statuses: Statuses;
  canEdit: boolean;
}

export interface AttendanceSheet {
  activityId: number;
  activityName: string;
  occurredOn: IsoDate;
  people: PersonPick[];
  /** The occurrence already logged for this date, if any. */
  existing: ExistingAttendance | null;
}

/** What the roster screen shows: the people of that day and, if already logged, the saved statuses. */
export async function getAttendanceSheet(
  deps: ServiceDeps,
  actor: Actor,
  activityId: number,
  occurredOn: IsoDate,
): Promise<AttendanceSheet> {
  const date = isoDate.parse(occurredOn);
  const activity = await readSnapshot(deps.db, (sql) => loggableActivity(sql, actor, activityId));
  const people = await rosterOn(deps, activity, date);
  const logged = await deps.db.session.findUnique({
    where: { groupKey: groupKeyOf(activity.id, date) },
    include: { attendance: { include: { person: true } } },
  });
  let existing: ExistingAttendance | null = null;
  if (logged) {
    for (const row of logged.attendance) {
      if (!people.some((p) => p.id === row.personId)) people.push(toPick(deps, row.person));
    }
    people.sort((a, b) => a.code.localeCompare(b.code));
    existing = {
      sessionId: logged.id,
      recordedAt: logged.recordedAt,
      statuses: Object.fromEntries(
        logged.attendance
          .filter((row) => row.status !== "withdrawn")
          .map((row) => [String(row.personId), row.status as RosterStatus]),
      ),
      canEdit: correctionRights(actor, logged, activity.site, deps.clock()).canEdit,
    };
  }
  return { activityId: activity.id, activityName: activity.name, occurredOn: date, people, existing };
}

export interface AttendanceCounts {
  sessionId: number;
  present: number;
  absent: number;
  excused: number;
}

function countStatuses(sessionId: number, statuses: Record<string, string>): AttendanceCounts {
  const values = Object.values(statuses);
  const count = (status: RosterStatus) => values.filter((value) => value === status).length;
  return { sessionId, present: count("present"), absent: count("absent"), excused: count("excused") };
}

const attendanceInput = z.object({
  activityId: z.number().int().positive(),
  occurredOn: isoDate,
  statuses: statusesInput,
  clientRef,
});
export type AttendanceInput = z.input<typeof attendanceInput>;

export async function recordAttendance(
  deps: ServiceDeps,
  actor: Actor,
  input: AttendanceInput,
): Promise<AttendanceCounts> {
  const data = attendanceInput.parse(input);
  const now = deps.clock();
  assertNotFuture(deps, data.occurredOn, now);
  try {
    // The checks and the writes in one transaction: the roster cannot change in between.
    return await writeTransaction(deps.db, async (sql) => {
      const activity = await loggableActivity(sql, actor, data.activityId);
      // The roster holds only people of this (loggable) site who are in charge that day, so it is the scope check too.
      const rosterIds = (await rosterIdsOn(sql, activity, data.occurredOn)).map(String).sort();
      if (rosterIds.length === 0) throw new ServiceError("attendance-roster-empty");
      if (rosterIds.join(",") !== Object.keys(data.statuses).sort().join(","))
        throw new ServiceError("attendance-roster-changed");
      const slot = occurrencesOn(data.occurredOn, activity.schedules, deps.timeZone)[0]?.slot;
      const sessionId = await insertGroupSession(sql, {
        siteId: activity.siteId,
        activityId: activity.id,
        occurredAt: occurredAtFor(deps, data.occurredOn, slot?.startTime ?? null, now),
        occurredOn: data.occurredOn,
        recordedAt: now,
        durationMinutes: slot?.durationMinutes ?? UNSCHEDULED_MINUTES,
        authorId: actor.staffId,
        groupKey: groupKeyOf(activity.id, data.occurredOn),
        clientRef: data.clientRef,
        statuses: data.statuses,
      });
      await recordAuditIn(sql, deps.cipher, {
        actorId: actor.staffId,
        action: "session.create",
        subjectType: "session",
        subjectId: sessionId,
        details: {
          kind: "group_activity",
          activityId: activity.id,
          siteId: activity.siteId,
          occurredOn: data.occurredOn,
          statuses: data.statuses,
        },
        at: now,
      });
      return countStatuses(sessionId, data.statuses);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same entry again (a replay after a crash, a resumed draft): answer with what was saved the first time.
    const replayed = await sessionByClientRef(deps, actor, data.clientRef);
    if (!replayed) throw new ServiceError("attendance-already-logged-error");
    const rows = await deps.db.attendance.findMany({ where: { sessionId: replayed.id } });
    return countStatuses(replayed.id, Object.fromEntries(rows.map((row) => [row.personId, row.status])));
  }
}

/** Changes statuses of a logged occurrence (a correction: author within 24 h, coordinators later). */
export async function updateAttendance(
  deps: ServiceDeps,
  actor: Actor,
  sessionId: number,
  statuses: Statuses,
): Promise<AttendanceCounts> {
  const changes = statusesInput.parse(statuses);
  const { session, rights } = await sessionForCorrection(deps, actor, sessionId);
  if (session.kind !== "group_activity" || session.activityId === null) throw notFoundOrNotAllowed();
  if (!rights.canEdit)
    throw session.authorId === actor.staffId ? new ServiceError("session-edit-too-late") : notFoundOrNotAllowed();
  const allowed = new Set([
    ...session.attendance.map((a) => a.personId),
    ...(await rosterOn(deps, { id: session.activityId, siteId: session.siteId }, session.occurredOn)).map((p) => p.id),
  ]);
  if (Object.keys(changes).some((personId) => !allowed.has(Number(personId))))
    throw new ServiceError("attendance-roster-changed");
  const now = deps.clock();
  const before = auditSnapshot(session);
  const after = { ...before.statuses, ...changes };
  await deps.db.$transaction(async (tx) => {
    for (const [personId, status] of Object.entries(changes)) {
      await tx.attendance.upsert({
        where: { sessionId_personId: { sessionId: session.id, personId: Number(personId) } },
        create: { sessionId: session.id, personId: Number(personId), status },
        update: { status },
      });
    }
    await tx.session.update({ where: { id: session.id }, data: { updatedAt: now } });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "session.correct",
      subjectType: "session",
      subjectId: session.id,
      details: { changed: ["statuses"], before: { statuses: before.statuses }, after: { statuses: after } },
      at: now,
    });
  });
  return countStatuses(session.id, after);
}
