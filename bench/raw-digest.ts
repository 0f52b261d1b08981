// The raw-SQL limit for digest_ratio_vs_raw_sql: the headline counts of a programme's weekly digests (every site and
// the programme, week and previous week) computed by hand-written grouped queries on better-sqlite3, with the formulas
// of docs/indicators.md. Figures that add up across sites are queried once grouped by site; figures that count
// distinct people or staff are queried again with the whole programme as one group. PostgreSQL's baseline
// (raw-digest-postgres.ts) shares the SQL but for three queries, and the tally.
import type Database from "better-sqlite3";
import { readerFor, sqlInstant } from "../src/db/sqlite/connections.ts";
import { type DigestCountCode, type DigestCounts, DIGEST_COUNT_CODES, digestCounts } from "../src/domain/digest.ts";
import { addDaysIso, localDate, previousWeek, weekRange } from "../src/domain/weeks.ts";
import type { WeekKey } from "../src/domain/weeks.ts";
import type { ServiceDeps } from "../src/services/deps.ts";
import { type DigestFiguresCache, scopeDigest } from "../src/services/reports/digest.ts";
import type { DigestTarget } from "../src/services/reports/digest-view.ts";

export interface WeekPair {
  current: DigestCounts;
  previous: DigestCounts;
}

export type Row = Record<string, unknown>;
/** The group a row counts for: its site, or 0 for the programme as a whole. */
type Scope = (alias: string) => string;
const bySite: Scope = (alias) => `${alias}."siteId"`;
const wholeProgramme: Scope = () => "0";
const PROGRAMME = 0;

const SITES = `(SELECT "id" FROM "Site" WHERE "programmeId" = @programmeId)`;
const IN_CHARGE = `(p."intakeOn" <= @endsOn AND (p."dischargeOn" IS NULL OR p."dischargeOn" > @endsOn))`;
const LIVE_WEEK_SESSIONS = `s."siteId" IN ${SITES} AND s."occurredOn" BETWEEN @startsOn AND @endsOn AND s."voidedAt" IS NULL`;

/**
 * Site periods of each scope's people: a person at two sites counts at both, and once in the programme (the counts
 * are of distinct people). A person belongs to a scope on the days of a period there (transfers close periods).
 */
const scopePeople = (scope: Scope) =>
  `SELECT ${scope("ps")} AS "scope", ps."personId", ps."fromOn", ps."toOn" FROM "PersonSite" ps
   WHERE ps."siteId" IN ${SITES}`;
const AT = (day: string) => `(x."fromOn" <= ${day} AND (x."toOn" IS NULL OR x."toOn" > ${day}))`;
const IN_CHARGE_HERE = `(${IN_CHARGE} AND ${AT("@endsOn")})`;

// Additive across sites: sessions belong to one site, and so do their attendance rows, events and activities.
const SESSIONS = `
  SELECT s."siteId" AS "scope", COUNT(*) AS "sessions_total", SUM(s."durationMinutes") AS "activity_minutes",
         COUNT(*) FILTER (WHERE s."kind" = 'group_activity') AS "group_sessions_held"
  FROM "Session" s WHERE ${LIVE_WEEK_SESSIONS} GROUP BY s."siteId"`;

const EVENTS = `
  SELECT e."siteId" AS "scope",
         COUNT(*) FILTER (WHERE e."occurredOn" >= @startsOn) AS "events_total",
         COUNT(*) FILTER (WHERE e."closedAt" IS NULL OR e."closedAt" >= @end) AS "events_open",
         COUNT(*) FILTER (WHERE (e."closedAt" IS NULL OR e."closedAt" >= @end) AND NOT EXISTS (
           SELECT 1 FROM "EventAcknowledgement" k WHERE k."eventId" = e."id" AND k."at" < @end)) AS "events_unacknowledged"
  FROM "CriticalEvent" e WHERE e."siteId" IN ${SITES} AND e."occurredOn" <= @endsOn GROUP BY e."siteId"`;

const LATE_ENTRIES = (late: string) => `
  SELECT "scope", COUNT(*) AS "late_entries" FROM (
    SELECT s."siteId" AS "scope", s."occurredAt", s."recordedAt" FROM "Session" s
    WHERE s."siteId" IN ${SITES} AND s."recordedAt" >= @start AND s."recordedAt" < @end AND s."voidedAt" IS NULL
    UNION ALL
    SELECT e."siteId", e."occurredAt", e."recordedAt" FROM "CriticalEvent" e
    WHERE e."siteId" IN ${SITES} AND e."recordedAt" >= @start AND e."recordedAt" < @end)
  AS x WHERE ${late}
  GROUP BY "scope"`;

/** Each distinct (active activity, weekday) of the week, and whether a live group session was logged on that date. */
const SCHEDULED = (occurredOn: string) => `
  SELECT a."id", a."siteId", a."createdAt", w."occurredOn",
         EXISTS (SELECT 1 FROM "Session" s WHERE s."activityId" = a."id" AND s."occurredOn" = w."occurredOn"
                 AND s."kind" = 'group_activity' AND s."voidedAt" IS NULL AND +s."siteId" = a."siteId") AS "loggedAtSite",
         EXISTS (SELECT 1 FROM "Session" s WHERE s."activityId" = a."id" AND s."occurredOn" = w."occurredOn"
                 AND s."kind" = 'group_activity' AND s."voidedAt" IS NULL AND s."siteId" IN ${SITES}) AS "loggedInProgramme"
  FROM "Activity" a
  JOIN (SELECT DISTINCT c."activityId", ${occurredOn} AS "occurredOn"
        FROM "ActivitySchedule" c JOIN "Activity" x ON x."id" = c."activityId"
        WHERE x."siteId" IN ${SITES} AND x."active" = true) w ON w."activityId" = a."id"`;

// Not additive: distinct people, activities that may run at several sites, staff with several memberships.
const ATTENDANCE = (scope: Scope) => `
  SELECT "scope", SUM("present") AS "present", SUM("expected") AS "expected",
         COUNT(*) FILTER (WHERE "activityId" IS NOT NULL AND "expected" > 0 AND 2 * "present" < "expected") AS "activities_below_half"
  FROM (SELECT ${scope("s")} AS "scope", s."activityId",
               COUNT(*) FILTER (WHERE a."status" = 'present') AS "present",
               COUNT(*) FILTER (WHERE a."status" IN ('present', 'absent', 'excused')) AS "expected"
        FROM "Session" s JOIN "Attendance" a ON a."sessionId" = s."id"
        WHERE ${LIVE_WEEK_SESSIONS} AND s."kind" = 'group_activity' GROUP BY 1, 2) AS x
  GROUP BY "scope"`;

const REACHED = (scope: Scope) => `
  SELECT ${scope("s")} AS "scope", COUNT(DISTINCT a."personId") AS "people_reached"
  FROM "Session" s JOIN "Attendance" a ON a."sessionId" = s."id"
  WHERE ${LIVE_WEEK_SESSIONS} AND a."status" = 'present' GROUP BY 1`;

// Anti-joins as LEFT JOINs on a distinct CTE, which SQLite indexes on the fly (a NOT IN or NOT EXISTS on the two
// columns scanned the whole list for every person).
const PEOPLE = (activePlan: string) => (scope: Scope) =>
  `
  WITH "scoped" AS (${scopePeople(scope)}),
  "contacted" AS (
    SELECT DISTINCT ${scope("s")} AS "scope", a."personId" FROM "Session" s JOIN "Attendance" a ON a."sessionId" = s."id"
    WHERE s."siteId" IN ${SITES} AND s."occurredOn" BETWEEN @contactFrom AND @endsOn AND s."voidedAt" IS NULL
      AND a."status" = 'present'),
  "activePlan" AS (${activePlan})
  SELECT x."scope",
         COUNT(DISTINCT p."id") FILTER (WHERE p."intakeOn" BETWEEN @startsOn AND @endsOn AND ${AT('p."intakeOn"')}) AS "intakes",
         COUNT(DISTINCT p."id") FILTER (WHERE p."dischargeOn" BETWEEN @startsOn AND @endsOn AND ${AT('p."dischargeOn"')}) AS "discharges",
         COUNT(DISTINCT p."id") FILTER (WHERE ${IN_CHARGE_HERE}) AS "active_caseload",
         COUNT(DISTINCT p."id") FILTER (WHERE ${IN_CHARGE_HERE} AND p."intakeOn" < @contactFrom AND c."personId" IS NULL) AS "no_contact_14_days",
         COUNT(DISTINCT pl."personId") FILTER (WHERE ${IN_CHARGE_HERE}) AS "plans_active",
         COUNT(DISTINCT p."id") FILTER (WHERE ${IN_CHARGE_HERE} AND pl."reviewOn" > @endsOn AND pl."reviewOn" <= @reviewBy) AS "plan_reviews_due_7_days",
         COUNT(DISTINCT p."id") FILTER (WHERE ${IN_CHARGE_HERE} AND pl."reviewOn" <= @endsOn) AS "plan_reviews_overdue",
         COUNT(DISTINCT p."id") FILTER (WHERE ${IN_CHARGE_HERE} AND pl."personId" IS NULL) AS "people_without_active_plan"
  FROM "scoped" x JOIN "Person" p ON p."id" = x."personId" LEFT JOIN "activePlan" pl ON pl."personId" = p."id"
  LEFT JOIN "contacted" c ON c."scope" = x."scope" AND c."personId" = p."id"
  GROUP BY x."scope"`;

// Each internship counts for the scope its person was at on the day of the fact: start, end, or last day in the week.
const INTERNSHIPS = (scope: Scope) => `
  SELECT x."scope",
         COUNT(DISTINCT i."id") FILTER (WHERE i."startsOn" <= @endsOn AND (i."endsOn" IS NULL OR i."endsOn" >= @startsOn)
           AND ${AT(`(CASE WHEN i."endsOn" < @endsOn THEN i."endsOn" ELSE @endsOn END)`)}) AS "internships_active",
         COUNT(DISTINCT i."id") FILTER (WHERE i."startsOn" BETWEEN @startsOn AND @endsOn AND ${AT('i."startsOn"')}) AS "internships_started",
         COUNT(DISTINCT i."id") FILTER (WHERE i."endsOn" BETWEEN @startsOn AND @endsOn AND ${AT('i."endsOn"')}) AS "internships_ended"
  FROM (${scopePeople(scope)}) x JOIN "Internship" i ON i."personId" = x."personId"
  GROUP BY x."scope"`;

// Hires of the week count for the scope their person was at on the day; by the host when the employer is the host of
// the internship the hire followed.
const HIRES = (scope: Scope) => `
  SELECT x."scope",
         COUNT(DISTINCT h."id") FILTER (WHERE COALESCE(h."employerId" = i."hostId", false)) AS "hires_by_host",
         COUNT(DISTINCT h."id") FILTER (WHERE NOT COALESCE(h."employerId" = i."hostId", false)) AS "hires_elsewhere"
  FROM (${scopePeople(scope)}) x JOIN "Hire" h ON h."personId" = x."personId"
  LEFT JOIN "Internship" i ON i."id" = h."internshipId"
  WHERE h."hiredOn" BETWEEN @startsOn AND @endsOn AND ${AT('h."hiredOn"')}
  GROUP BY x."scope"`;

// Additive across sites: a referral is received by one site, a housing stay is at one site's house.
const REFERRALS = `
  SELECT r."siteId" AS "scope", COUNT(*) AS "referrals_received" FROM "Referral" r
  WHERE r."siteId" IN ${SITES} AND r."receivedOn" BETWEEN @startsOn AND @endsOn GROUP BY r."siteId"`;

const MOVES = `
  SELECT h."siteId" AS "scope",
         COUNT(*) FILTER (WHERE h."fromOn" BETWEEN @startsOn AND @endsOn) AS "move_ins",
         COUNT(*) FILTER (WHERE h."toOn" BETWEEN @startsOn AND @endsOn) AS "move_outs"
  FROM "HousingStay" h WHERE h."siteId" IN ${SITES}
    AND (h."fromOn" BETWEEN @startsOn AND @endsOn OR h."toOn" BETWEEN @startsOn AND @endsOn)
  GROUP BY h."siteId"`;

const REPEATED_EVENTS = (scope: Scope) => `
  SELECT "scope", COUNT(*) AS "people_with_repeated_events" FROM (
    SELECT ${scope("e")} AS "scope", cp."personId" FROM "CriticalEvent" e
    JOIN "CriticalEventPerson" cp ON cp."eventId" = e."id"
    WHERE e."siteId" IN ${SITES} AND e."occurredOn" BETWEEN @eventsFrom AND @endsOn
    GROUP BY 1, 2 HAVING COUNT(*) >= 2) AS x
  GROUP BY "scope"`;

// Events have no recordedAt index: the scan by site reads every event of the programme, a few thousand rows.
const STAFF_WITHOUT_ENTRIES = (scope: Scope) => `
  WITH "loggers" AS (
    SELECT ${scope("s")} AS "scope", s."authorId" AS "staffId" FROM "Session" s
    WHERE s."siteId" IN ${SITES} AND s."recordedAt" >= @start AND s."recordedAt" < @end AND s."voidedAt" IS NULL
    UNION
    SELECT ${scope("e")}, e."reporterId" FROM "CriticalEvent" e
    WHERE e."siteId" IN ${SITES} AND e."recordedAt" >= @start AND e."recordedAt" < @end)
  SELECT ${scope("m")} AS "scope", COUNT(DISTINCT m."staffId") AS "staff_without_entries"
  FROM "Membership" m JOIN "Staff" st ON st."id" = m."staffId"
  LEFT JOIN "loggers" l ON l."scope" = ${scope("m")} AND l."staffId" = m."staffId"
  WHERE m."siteId" IN ${SITES} AND m."role" = 'operator' AND m."createdAt" < @end
    AND (st."active" = true OR st."deactivatedAt" >= @end)
    AND l."staffId" IS NULL
  GROUP BY 1`;

/** The queries of one week (or their statements, or their rows), each run with the parameters of weekParams. */
export interface WeekQueries<Q> {
  additive: Q[];
  scheduled: Q;
  attendance: Scoped<Q>;
  distinct: Scoped<Q>[];
}
type Scoped<Q> = { bySite: Q; programme: Q };

/** The plan versions in force at the week's end: written before it and not closed (replaced) by then. */
export const PLANS_IN_FORCE = `"status" <> 'draft' AND "createdAt" < @end
  AND (("closedAt" IS NULL AND "status" = 'active') OR "closedAt" >= @end)
  AND "personId" IN (SELECT "personId" FROM "scoped")`;

/** What SQLite and PostgreSQL spell differently. */
export interface DialectQueries {
  /** Of a row with "occurredAt" and "recordedAt": recorded more than 72 h later (exactly 72 h is on time). */
  late: string;
  /** The date, as 'YYYY-MM-DD' text, of the schedule row c's weekday in the week of @startsOn. */
  scheduledOn: string;
  /** "personId" and "reviewOn" of each person's newest plan version among PLANS_IN_FORCE. */
  activePlan: string;
}

export function weekQueries(dialect: DialectQueries): WeekQueries<string> {
  const scoped = (sql: (scope: Scope) => string) => ({ bySite: sql(bySite), programme: sql(wholeProgramme) });
  return {
    additive: [SESSIONS, EVENTS, LATE_ENTRIES(dialect.late), REFERRALS, MOVES],
    scheduled: SCHEDULED(dialect.scheduledOn),
    attendance: scoped(ATTENDANCE),
    distinct: [REACHED, PEOPLE(dialect.activePlan), INTERNSHIPS, HIRES, REPEATED_EVENTS, STAFF_WITHOUT_ENTRIES].map(
      scoped,
    ),
  };
}

export function mapQueries<A, B>(queries: WeekQueries<A>, map: (query: A) => B): WeekQueries<B> {
  const scoped = (query: Scoped<A>) => ({ bySite: map(query.bySite), programme: map(query.programme) });
  return {
    additive: queries.additive.map(map),
    scheduled: map(queries.scheduled),
    attendance: scoped(queries.attendance),
    distinct: queries.distinct.map(scoped),
  };
}

type WeekParams = Record<string, string | number>;
type Statement = Database.Statement<[WeekParams], Row>;
interface Statements {
  sites: Database.Statement<[number], { id: number }>;
  week: WeekQueries<Statement>;
}

const SQLITE_QUERIES: DialectQueries = {
  // The julianday difference rounded to whole milliseconds before comparing.
  late: `ROUND((julianday("recordedAt") - julianday("occurredAt")) * 86400000) > 259200000`,
  scheduledOn: `date(@startsOn, printf('%+d days', c."weekday" - 1))`,
  // SQLite's bare column beside MAX("createdAt") comes from the newest version, should a person ever have two.
  activePlan: `SELECT "personId", "reviewOn", MAX("createdAt") FROM "Plan" WHERE ${PLANS_IN_FORCE} GROUP BY "personId"`,
};
const prepared = new WeakMap<Database.Database, Statements>();

function statementsFor(sqlite: Database.Database): Statements {
  const existing = prepared.get(sqlite);
  if (existing) return existing;
  const statements: Statements = {
    sites: sqlite.prepare<[number], { id: number }>(`SELECT "id" FROM "Site" WHERE "programmeId" = ? ORDER BY "id"`),
    week: mapQueries(weekQueries(SQLITE_QUERIES), (sql) => sqlite.prepare<[WeekParams], Row>(sql)),
  };
  prepared.set(sqlite, statements);
  return statements;
}

/** The parameters of the week's queries; instants as SQLite stores them, which PostgreSQL reads as UTC too. */
export function weekParams(programmeId: number, weekKey: WeekKey, timeZone: string): WeekParams {
  const week = weekRange(weekKey, timeZone);
  return {
    programmeId,
    startsOn: week.startsOn,
    endsOn: week.endsOn,
    start: sqlInstant(week.start),
    end: sqlInstant(week.end),
    contactFrom: addDaysIso(week.endsOn, -13),
    eventsFrom: addDaysIso(week.endsOn, -29),
    reviewBy: addDaysIso(week.endsOn, 7),
  };
}

const zeroCounts = (): DigestCounts => Object.fromEntries(DIGEST_COUNT_CODES.map((code) => [code, 0])) as DigestCounts;

/** Counts per group (site id, or PROGRAMME); a group with no rows keeps its zeros. */
export type Tally = Map<number, DigestCounts>;

function addRows(tally: Tally, rows: readonly Row[]): void {
  for (const row of rows) {
    const counts = tally.get(row.scope as number);
    if (!counts) continue;
    for (const [column, value] of Object.entries(row)) {
      if (column !== "scope" && column in counts) counts[column as DigestCountCode] = (value as number) ?? 0;
    }
  }
}

/** An activity's creation day where the programme is (memoised: there are only a few rows per activity). */
export function creationDays(timeZone: string): (id: number, createdAt: unknown) => string {
  const createdOn = new Map<number, string>();
  return (id, createdAt) => {
    let day = createdOn.get(id);
    if (day === undefined) {
      day = localDate(new Date(createdAt as string | Date), timeZone);
      createdOn.set(id, day);
    }
    return day;
  };
}

/** The counts of every site and of the programme (PROGRAMME), from the rows of one week's queries. */
export function tallyWeek(
  siteIds: readonly number[],
  rows: WeekQueries<Row[]>,
  activityCreatedOn: (id: number, createdAt: unknown) => string,
): Tally {
  const sites: Tally = new Map(siteIds.map((id) => [id, zeroCounts()]));
  const programme: Tally = new Map([[PROGRAMME, zeroCounts()]]);
  const whole = programme.get(PROGRAMME) as DigestCounts;

  for (const additive of rows.additive) addRows(sites, additive);
  for (const row of rows.scheduled) {
    // Rome-local creation day: SQLite has no time zones, and there are only a few rows per activity.
    if ((row.occurredOn as string) < activityCreatedOn(row.id as number, row.createdAt)) continue;
    const counts = sites.get(row.siteId as number) as DigestCounts;
    counts.group_sessions_scheduled = (counts.group_sessions_scheduled as number) + 1;
    if (!row.loggedAtSite) counts.group_sessions_not_logged = (counts.group_sessions_not_logged as number) + 1;
    if (!row.loggedInProgramme) whole.group_sessions_not_logged = (whole.group_sessions_not_logged as number) + 1;
  }
  for (const code of [
    "sessions_total",
    "activity_minutes",
    "group_sessions_held",
    "group_sessions_scheduled",
    "events_total",
    "events_open",
    "events_unacknowledged",
    "late_entries",
    "referrals_received",
    "move_ins",
    "move_outs",
  ] as const) {
    whole[code] = [...sites.values()].reduce((sum, counts) => sum + (counts[code] as number), 0);
  }

  for (const [tally, grouping] of [
    [sites, "bySite"],
    [programme, "programme"],
  ] as const) {
    for (const distinct of rows.distinct) addRows(tally, distinct[grouping]);
    const attendance = new Map(rows.attendance[grouping].map((row) => [row.scope as number, row]));
    for (const [scope, counts] of tally) {
      const row = attendance.get(scope);
      counts.attendance_rate =
        row && (row.expected as number) > 0 ? (row.present as number) / (row.expected as number) : null;
      counts.activities_below_half = (row?.activities_below_half as number | undefined) ?? 0;
    }
  }
  return new Map([...sites, ...programme]);
}

/** Both weeks' tallies keyed as Ponte's digests are: "site:3", "programme:1". */
export function pairByScope(programmeId: number, current: Tally, previous: Tally): Map<string, WeekPair> {
  const key = (scope: number) => (scope === PROGRAMME ? `programme:${programmeId}` : `site:${scope}`);
  return new Map(
    [...current].map(([scope, counts]) => [
      key(scope),
      { current: counts, previous: previous.get(scope) as DigestCounts },
    ]),
  );
}

/** The digest counts of every site of the programme and of the programme, for weekKey and the week before. */
export function rawDigestCounts(
  sqlite: Database.Database,
  programmeId: number,
  weekKey: WeekKey,
  timeZone: string,
): Map<string, WeekPair> {
  const statements = statementsFor(sqlite);
  const activityCreatedOn = creationDays(timeZone);
  return sqlite.transaction(() => {
    const siteIds = statements.sites.all(programmeId).map((site) => site.id);
    const [current, previous] = [weekKey, previousWeek(weekKey)].map((week) => {
      const params = weekParams(programmeId, week, timeZone);
      return tallyWeek(
        siteIds,
        mapQueries(statements.week, (statement) => statement.all(params)),
        activityCreatedOn,
      );
    }) as [Tally, Tally];
    return pairByScope(programmeId, current, previous);
  })();
}

/** Ponte's counts for the same scopes, through the service every digest goes through (one load per programme). */
export async function ponteDigestCounts(
  deps: ServiceDeps,
  programmeId: number,
  weekKey: WeekKey,
): Promise<Map<string, WeekPair>> {
  const sites = await deps.db.site.findMany({ where: { programmeId }, select: { id: true }, orderBy: { id: "asc" } });
  const targets: DigestTarget[] = [
    ...sites.map((site) => ({ kind: "site" as const, id: site.id })),
    { kind: "programme", id: programmeId },
  ];
  const cache: DigestFiguresCache = new Map();
  const counts = new Map<string, WeekPair>();
  for (const target of targets) {
    const { report } = await scopeDigest(deps, target, weekKey, cache);
    counts.set(`${target.kind}:${target.id}`, {
      current: digestCounts(report.current),
      previous: digestCounts(report.previous),
    });
  }
  return counts;
}

/** Every count on which the two sides differ, as "site:3 previous no_contact_14_days: raw 4, ponte 5". */
export function countMismatches(raw: ReadonlyMap<string, WeekPair>, ponte: ReadonlyMap<string, WeekPair>): string[] {
  const mismatches: string[] = [];
  for (const key of new Set([...raw.keys(), ...ponte.keys()])) {
    for (const week of ["current", "previous"] as const) {
      const a = raw.get(key)?.[week];
      const b = ponte.get(key)?.[week];
      for (const code of DIGEST_COUNT_CODES) {
        if (a?.[code] !== b?.[code]) mismatches.push(`${key} ${week} ${code}: raw ${a?.[code]}, ponte ${b?.[code]}`);
      }
    }
  }
  return mismatches;
}

const RAW_RUNS = 3;

/**
 * Compares Ponte's digests of a programme with the raw-SQL counts and times both sides. rawMs is the median of a few
 * runs of `rawCounts`, after the comparison run has warmed it.
 */
export async function compareCounts(
  deps: ServiceDeps,
  programmeId: number,
  weekKey: WeekKey,
  rawCounts: () => Map<string, WeekPair> | Promise<Map<string, WeekPair>>,
): Promise<{ rawMs: number; ponteMs: number; mismatches: string[] }> {
  const ponteStarted = performance.now();
  const ponte = await ponteDigestCounts(deps, programmeId, weekKey);
  const ponteMs = performance.now() - ponteStarted;
  const raw = await rawCounts();
  const times: number[] = [];
  for (let run = 0; run < RAW_RUNS; run++) {
    const started = performance.now();
    await rawCounts();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { rawMs: times[Math.floor(RAW_RUNS / 2)] as number, ponteMs, mismatches: countMismatches(raw, ponte) };
}

/** compareCounts on the read-only connection Ponte's own report queries use. */
export function compareWithRaw(
  deps: ServiceDeps,
  programmeId: number,
  weekKey: WeekKey,
): Promise<{ rawMs: number; ponteMs: number; mismatches: string[] }> {
  const sqlite = readerFor(deps.db);
  return compareCounts(deps, programmeId, weekKey, () => rawDigestCounts(sqlite, programmeId, weekKey, deps.timeZone));
}
