// Attendance rows persisted per second through Ponte's service layer (validation, scope checks, audit) against
// the raw driver writing the same rows with the same transaction shape, on the same database (better-sqlite3 here,
// pg in write-path-postgres.ts).
import Database from "better-sqlite3";
import { databaseFilePath } from "../src/db/url.ts";
import { addDaysIso } from "../src/domain/weeks.ts";
import { getAttendanceSheet, groupKeyOf, recordAttendance } from "../src/services/attendance.ts";
import type { ServiceDeps } from "../src/services/deps.ts";
import { findStaffById } from "../src/services/staff.ts";

export interface WritePathResult {
  sessions: number;
  rows: number;
  serviceRowsPerSecond: number;
  rawRowsPerSecond: number;
  ratio: number;
}

export interface Occurrence {
  activityId: number;
  facilitatorId: number;
  siteId: number;
  occurredOn: string;
  statuses: Record<string, "present" | "absent" | "excused">;
}

/** Activities and their facilitators, logged on days after the dataset: `firstDay` + i for the service, later for raw. */
async function plannedOccurrences(deps: ServiceDeps, count: number, firstDay: string): Promise<Occurrence[]> {
  const activities = await deps.db.activity.findMany({
    select: { id: true, siteId: true, facilitators: { select: { staffId: true }, take: 1 } },
    orderBy: { id: "asc" },
  });
  const occurrences: Occurrence[] = [];
  for (let i = 0; occurrences.length < count && i < count * 4; i++) {
    const activity = activities[i % activities.length];
    const facilitatorId = activity?.facilitators[0]?.staffId;
    if (!activity || facilitatorId === undefined) continue;
    const staff = await findStaffById(deps, facilitatorId);
    if (!staff) continue;
    const occurredOn = addDaysIso(firstDay, Math.floor(i / activities.length));
    const sheet = await getAttendanceSheet(deps, staff.actor, activity.id, occurredOn);
    if (sheet.people.length === 0 || sheet.existing) continue;
    const statuses = Object.fromEntries(
      sheet.people.map((p, index) => [String(p.id), index % 7 === 0 ? ("absent" as const) : ("present" as const)]),
    );
    occurrences.push({ activityId: activity.id, facilitatorId, siteId: activity.siteId, occurredOn, statuses });
  }
  return occurrences;
}

/** Writes the occurrences with the raw driver; returns the seconds the writes took (setting up not included). */
export type RawWrites = (planned: readonly Occurrence[]) => Promise<number>;

export async function measureWritePath(
  deps: ServiceDeps,
  rawWrites: RawWrites,
  sessions = 150,
): Promise<WritePathResult> {
  const planned = await plannedOccurrences(deps, sessions, "2026-12-01");
  const rows = planned.reduce((sum, o) => sum + Object.keys(o.statuses).length, 0);
  const actors = new Map<number, Awaited<ReturnType<typeof findStaffById>>>();
  for (const o of planned) actors.set(o.facilitatorId, await findStaffById(deps, o.facilitatorId));

  const started = performance.now();
  for (const [index, o] of planned.entries()) {
    const actor = actors.get(o.facilitatorId)?.actor;
    if (!actor) throw new Error("facilitator not found");
    await recordAttendance(deps, actor, {
      activityId: o.activityId,
      occurredOn: o.occurredOn,
      statuses: o.statuses,
      clientRef: `bench-service-${index}-${o.activityId}`,
    });
  }
  const serviceSeconds = (performance.now() - started) / 1000;

  const rawSeconds = await rawWrites(planned);

  const serviceRowsPerSecond = rows / serviceSeconds;
  const rawRowsPerSecond = rows / rawSeconds;
  return {
    sessions: planned.length,
    rows,
    serviceRowsPerSecond,
    rawRowsPerSecond,
    ratio: serviceRowsPerSecond / rawRowsPerSecond,
  };
}

/** The session the raw side writes for an occurrence: the same one a year later, with a client reference of its own. */
export function rawSessionOf(o: Occurrence, index: number) {
  const occurredOn = addDaysIso(o.occurredOn, 365);
  return {
    occurredOn,
    occurredAt: `${occurredOn}T09:00:00.000+00:00`,
    groupKey: groupKeyOf(o.activityId, occurredOn),
    clientRef: `bench-raw-${index}-${o.activityId}`,
  };
}

/** The same rows and transaction shape (session, operator, attendance, audit entry) through raw better-sqlite3. */
export function sqliteRawWrites(databaseUrl: string): RawWrites {
  return async (planned) => {
    const sqlite = new Database(databaseFilePath(databaseUrl), { timeout: 10_000 });
    // The pragmas Ponte's own connections use, so neither side gets cheaper commits.
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    const now = new Date().toISOString().replace("Z", "+00:00");
    const insertSession = sqlite.prepare(
      `INSERT INTO "Session" ("siteId", "kind", "activityId", "occurredAt", "occurredOn", "recordedAt", "durationMinutes",
        "authorId", "groupKey", "clientRef", "updatedAt") VALUES (?, 'group_activity', ?, ?, ?, ?, 60, ?, ?, ?, ?)`,
    );
    const insertOperator = sqlite.prepare(`INSERT INTO "SessionOperator" ("sessionId", "staffId") VALUES (?, ?)`);
    const insertAttendance = sqlite.prepare(
      `INSERT INTO "Attendance" ("sessionId", "personId", "status") VALUES (?, ?, ?)`,
    );
    const insertAudit = sqlite.prepare(
      `INSERT INTO "AuditEntry" ("at", "actorId", "action", "subjectType", "subjectId", "details") VALUES (?, ?, 'session.create', 'session', ?, ?)`,
    );
    const logOne = sqlite.transaction((o: Occurrence, index: number) => {
      const session = rawSessionOf(o, index);
      const { lastInsertRowid } = insertSession.run(
        o.siteId,
        o.activityId,
        session.occurredAt,
        session.occurredOn,
        now,
        o.facilitatorId,
        session.groupKey,
        session.clientRef,
        now,
      );
      insertOperator.run(lastInsertRowid, o.facilitatorId);
      for (const [personId, status] of Object.entries(o.statuses))
        insertAttendance.run(lastInsertRowid, Number(personId), status);
      insertAudit.run(now, o.facilitatorId, String(lastInsertRowid), JSON.stringify({ statuses: o.statuses }));
    });
    const started = performance.now();
    for (const [index, o] of planned.entries()) logOne(o, index);
    const seconds = (performance.now() - started) / 1000;
    sqlite.close();
    return seconds;
  };
}
