// Loads from the database exactly the rows a weekly digest of some sites needs (digestInputWindow), as DigestInput.
// A programme's digest reads hundreds of thousands of attendance rows, so this uses plain SQL on a read snapshot (in a
// child process, src/services/reports/digest-figures.ts): one query per table, no per-row objects from the ORM.
import { instantOf, placeholders as list, type Row, type SqlSession, type SqlValue } from "../../db/sql.ts";
import { type DigestInput, digestInputWindow } from "../../domain/digest.ts";
import type { WeekKey } from "../../domain/weeks.ts";

const str = (value: unknown) => value as string;
const num = (value: unknown) => value as number;
const instant = instantOf;

/** The rows, read inside one read transaction so that every table is read at the same moment. */
export async function loadDigestInput(
  sql: SqlSession,
  siteIds: readonly number[],
  weekKey: WeekKey,
  timeZone: string,
): Promise<DigestInput> {
  const window = digestInputWindow(weekKey, timeZone);
  const sites = [...siteIds];
  // Two index-friendly halves instead of one OR, which SQLite could only answer by scanning each site's sessions.
  const windowSessions = `SELECT "id" FROM "Session" WHERE "siteId" IN (${list(sites)}) AND "occurredOn" BETWEEN ? AND ?
    UNION SELECT "id" FROM "Session" WHERE "siteId" IN (${list(sites)}) AND "recordedAt" >= ? AND "recordedAt" < ?`;
  const inWindow = `s."id" IN (${windowSessions})`;
  const windowParams = [...sites, window.fromOn, window.toOn, ...sites, window.recordedFrom, window.recordedTo];
  const scopePeople = `SELECT DISTINCT "personId" FROM "PersonSite" WHERE "siteId" IN (${list(sites)})`;
  const scopeStaff = `SELECT DISTINCT "staffId" FROM "Membership" WHERE "siteId" IN (${list(sites)})`;
  const eventWhere = `e."siteId" IN (${list(sites)}) AND ((e."occurredOn" BETWEEN ? AND ?)
    OR (e."recordedAt" >= ? AND e."recordedAt" < ?) OR e."closedAt" IS NULL OR e."closedAt" >= ?)`;
  const eventParams = [
    ...sites,
    window.fromOn,
    window.toOn,
    window.recordedFrom,
    window.recordedTo,
    window.recordedFrom,
  ];

  // Rows are mapped as they arrive: a programme's window holds tens of thousands of sessions and people, and a second
  // copy of them as raw rows doubled the peak.
  const rows = async <T>(query: string, params: readonly SqlValue[], map: (row: Row) => T): Promise<T[]> => {
    const mapped: T[] = [];
    await sql.each(query, params, (row) => mapped.push(map(row)));
    return mapped;
  };
  const groups = async <T>(
    query: string,
    params: readonly SqlValue[],
    key: string,
    map: (row: Row) => T,
  ): Promise<Map<number, T[]>> => {
    const grouped = new Map<number, T[]>();
    await sql.each(query, params, (row) => {
      const id = num(row[key]);
      const group = grouped.get(id);
      if (group) group.push(map(row));
      else grouped.set(id, [map(row)]);
    });
    return grouped;
  };

  const sessions = await rows(
    `SELECT s."id", s."siteId", s."kind", s."activityId", s."occurredAt", s."occurredOn", s."recordedAt",
            s."durationMinutes", s."authorId", s."voidedAt" FROM "Session" s WHERE ${inWindow}`,
    windowParams,
    (row) => ({
      id: num(row.id),
      siteId: num(row.siteId),
      kind: str(row.kind),
      activityId: row.activityId as number | null,
      occurredAt: instant(row.occurredAt) as Date,
      occurredOn: str(row.occurredOn),
      recordedAt: instant(row.recordedAt) as Date,
      durationMinutes: num(row.durationMinutes),
      authorId: num(row.authorId),
      voidedAt: instant(row.voidedAt),
    }),
  );
  // One row per session, in the primary key's order: a programme's weeks hold hundreds of thousands of marks.
  const attendance = await rows(
    `SELECT a."sessionId", ${sql.joinIds(`CASE WHEN a."status" = 'present' THEN a."personId" END`)} AS "present",
            COUNT(*) FILTER (WHERE a."status" <> 'withdrawn') AS "expected"
     FROM "Attendance" a WHERE a."sessionId" IN (${windowSessions}) GROUP BY a."sessionId"`,
    windowParams,
    (row) => ({
      sessionId: num(row.sessionId),
      presentPersonIds: row.present === null ? [] : str(row.present).split(",").map(Number),
      expected: num(row.expected),
    }),
  );
  const eventPeople = await groups(
    `SELECT p."eventId", p."personId" FROM "CriticalEventPerson" p JOIN "CriticalEvent" e ON e."id" = p."eventId"
     WHERE ${eventWhere}`,
    eventParams,
    "eventId",
    (row) => num(row.personId),
  );
  const events = await rows(
    `SELECT e."id", e."siteId", e."kind", e."severity", e."occurredAt", e."occurredOn", e."recordedAt", e."reporterId",
            e."closedAt", (SELECT MIN(k."at") FROM "EventAcknowledgement" k WHERE k."eventId" = e."id") AS "acknowledgedAt"
     FROM "CriticalEvent" e WHERE ${eventWhere}`,
    eventParams,
    (row) => ({
      id: num(row.id),
      siteId: num(row.siteId),
      kind: str(row.kind),
      severity: num(row.severity),
      occurredAt: instant(row.occurredAt) as Date,
      occurredOn: str(row.occurredOn),
      recordedAt: instant(row.recordedAt) as Date,
      reporterId: num(row.reporterId),
      acknowledgedAt: instant(row.acknowledgedAt),
      closedAt: instant(row.closedAt),
      personIds: eventPeople.get(num(row.id)) ?? [],
    }),
  );
  const personSites = await groups(
    `SELECT "personId", "siteId", "fromOn", "toOn" FROM "PersonSite" WHERE "personId" IN (${scopePeople})`,
    sites,
    "personId",
    (row) => ({ siteId: num(row.siteId), fromOn: str(row.fromOn), toOn: row.toOn as string | null }),
  );
  const legalStatuses = await groups(
    `SELECT "personId", "status", "fromOn" FROM "LegalStatusPeriod" WHERE "personId" IN (${scopePeople})`,
    sites,
    "personId",
    (row) => ({ status: str(row.status), fromOn: str(row.fromOn) }),
  );
  const people = await rows(
    `SELECT "id", "intakeOn", "dischargeOn" FROM "Person" WHERE "id" IN (${scopePeople})`,
    sites,
    (row) => ({
      id: num(row.id),
      sites: personSites.get(num(row.id)) ?? [],
      intakeOn: str(row.intakeOn),
      dischargeOn: row.dischargeOn as string | null,
      legalStatuses: legalStatuses.get(num(row.id)) ?? [],
    }),
  );
  const plans = await rows(
    `SELECT "personId", "status", "reviewOn", "createdAt", "closedAt" FROM "Plan" WHERE "personId" IN (${scopePeople})`,
    sites,
    (row) => ({
      personId: num(row.personId),
      status: str(row.status),
      reviewOn: row.reviewOn as string | null,
      createdAt: instant(row.createdAt) as Date,
      closedAt: instant(row.closedAt),
    }),
  );
  const hires = await rows(
    `SELECT h."personId", h."hiredOn", h."employerId", i."hostId" AS "internshipHostId" FROM "Hire" h
     LEFT JOIN "Internship" i ON i."id" = h."internshipId"
     WHERE h."personId" IN (${scopePeople}) AND h."hiredOn" BETWEEN ? AND ?`,
    [...sites, window.fromOn, window.toOn],
    (row) => ({
      personId: num(row.personId),
      hiredOn: str(row.hiredOn),
      employerId: row.employerId as number | null,
      internshipHostId: row.internshipHostId as number | null,
    }),
  );
  const referrals = await rows(
    `SELECT "id", "siteId", "receivedOn", "source" FROM "Referral"
     WHERE "siteId" IN (${list(sites)}) AND "receivedOn" BETWEEN ? AND ?`,
    [...sites, window.fromOn, window.toOn],
    (row) => ({ id: num(row.id), siteId: num(row.siteId), receivedOn: str(row.receivedOn), source: str(row.source) }),
  );
  const stays = await rows(
    `SELECT "personId", "siteId", "fromOn", "toOn" FROM "HousingStay" WHERE "siteId" IN (${list(sites)})
     AND ("fromOn" BETWEEN ? AND ? OR "toOn" BETWEEN ? AND ?)`,
    [...sites, window.fromOn, window.toOn, window.fromOn, window.toOn],
    (row) => ({
      personId: num(row.personId),
      siteId: num(row.siteId),
      fromOn: str(row.fromOn),
      toOn: row.toOn as string | null,
    }),
  );
  const internships = await rows(
    `SELECT "id", "personId", "hostId", "startsOn", "endsOn", "outcome" FROM "Internship"
     WHERE "personId" IN (${scopePeople})`,
    sites,
    (row) => ({
      id: num(row.id),
      personId: num(row.personId),
      hostId: num(row.hostId),
      startsOn: str(row.startsOn),
      endsOn: row.endsOn as string | null,
      outcome: row.outcome as string | null,
    }),
  );
  const memberships = await groups(
    `SELECT "staffId", "role", "siteId", "createdAt" FROM "Membership" WHERE "staffId" IN (${scopeStaff})`,
    sites,
    "staffId",
    (row) => ({
      role: str(row.role),
      siteId: row.siteId as number | null,
      createdAt: instant(row.createdAt) as Date,
    }),
  );
  const staff = await rows(
    `SELECT "id", "active", "deactivatedAt" FROM "Staff" WHERE "id" IN (${scopeStaff})`,
    sites,
    (row) => ({
      id: num(row.id),
      active: Boolean(row.active),
      deactivatedAt: instant(row.deactivatedAt),
      memberships: memberships.get(num(row.id)) ?? [],
    }),
  );
  const schedules = await groups(
    `SELECT c."activityId", c."weekday" FROM "ActivitySchedule" c JOIN "Activity" a ON a."id" = c."activityId"
     WHERE a."siteId" IN (${list(sites)})`,
    sites,
    "activityId",
    (row) => ({ weekday: num(row.weekday) }),
  );
  const activities = await rows(
    `SELECT "id", "siteId", "kind", "active", "createdAt" FROM "Activity" WHERE "siteId" IN (${list(sites)})`,
    sites,
    (row) => ({
      id: num(row.id),
      siteId: num(row.siteId),
      kind: str(row.kind),
      active: Boolean(row.active),
      createdAt: instant(row.createdAt) as Date,
      schedules: schedules.get(num(row.id)) ?? [],
    }),
  );
  return { sessions, attendance, people, plans, hires, referrals, stays, events, internships, staff, activities };
}
