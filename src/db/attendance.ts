// The attendance writer's SQL, the busiest write: the ORM costs several times more per statement than the database
// itself takes (see README, Performance).
import type { SqlSession } from "./sql.ts";

export interface ActivityRow {
  id: number;
  name: string;
  active: boolean;
  siteId: number;
  programmeId: number;
  siteActive: boolean;
  schedules: { weekday: number; startTime: string; durationMinutes: number }[];
}

/** The activity with its site and weekly slots. */
export async function activityRow(sql: SqlSession, activityId: number): Promise<ActivityRow | undefined> {
  const [row] = await sql.all(
    `SELECT a."id", a."name", a."active", a."siteId", s."programmeId", s."active" AS "siteActive"
     FROM "Activity" a JOIN "Site" s ON s."id" = a."siteId" WHERE a."id" = ?`,
    activityId,
  );
  if (!row) return undefined;
  const schedules = await sql.all(
    `SELECT "weekday", "startTime", "durationMinutes" FROM "ActivitySchedule" WHERE "activityId" = ? ORDER BY "id"`,
    activityId,
  );
  return {
    id: row.id as number,
    name: row.name as string,
    active: Boolean(row.active),
    siteId: row.siteId as number,
    programmeId: row.programmeId as number,
    siteActive: Boolean(row.siteActive),
    schedules: schedules as unknown as ActivityRow["schedules"],
  };
}

/** People enrolled on the activity on a date (by then, not yet withdrawn), at its site that day and not erased. */
export async function enrolledOn(
  sql: SqlSession,
  activity: { id: number; siteId: number },
  date: string,
): Promise<{ id: number; intakeOn: string; dischargeOn: string | null }[]> {
  const rows = await sql.all(
    `SELECT DISTINCT p."id", p."intakeOn", p."dischargeOn"
     FROM "RosterEnrollment" e JOIN "Person" p ON p."id" = e."personId"
     WHERE e."activityId" = ? AND e."enrolledOn" <= ? AND (e."withdrawnOn" IS NULL OR e."withdrawnOn" > ?)
       AND p."erasedAt" IS NULL
       AND EXISTS (SELECT 1 FROM "PersonSite" ps WHERE ps."personId" = p."id" AND ps."siteId" = ?
                   AND ps."fromOn" <= ? AND (ps."toOn" IS NULL OR ps."toOn" > ?))`,
    activity.id,
    date,
    date,
    activity.siteId,
    date,
    date,
  );
  return rows as { id: number; intakeOn: string; dischargeOn: string | null }[];
}

export interface GroupSessionRow {
  siteId: number;
  activityId: number;
  occurredAt: Date;
  occurredOn: string;
  recordedAt: Date;
  durationMinutes: number;
  authorId: number;
  groupKey: string;
  clientRef: string;
  statuses: Record<string, string>;
}

/** The session of a group activity, its operator and one attendance row per person; returns the session's id. */
export async function insertGroupSession(sql: SqlSession, row: GroupSessionRow): Promise<number> {
  const sessionId = await sql.insert(
    `INSERT INTO "Session" ("siteId", "kind", "activityId", "occurredAt", "occurredOn", "recordedAt", "durationMinutes",
       "authorId", "groupKey", "clientRef", "updatedAt")
     VALUES (?, 'group_activity', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    row.siteId,
    row.activityId,
    row.occurredAt,
    row.occurredOn,
    row.recordedAt,
    row.durationMinutes,
    row.authorId,
    row.groupKey,
    row.clientRef,
    row.recordedAt,
  );
  await sql.run(`INSERT INTO "SessionOperator" ("sessionId", "staffId") VALUES (?, ?)`, sessionId, row.authorId);
  for (const [personId, status] of Object.entries(row.statuses))
    await sql.run(
      `INSERT INTO "Attendance" ("sessionId", "personId", "status") VALUES (?, ?, ?)`,
      sessionId,
      Number(personId),
      status,
    );
  return sessionId;
}
