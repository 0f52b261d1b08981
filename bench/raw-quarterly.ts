// The raw-SQL limits for quarterly_ratio_vs_raw_sql and funnel_ratio_vs_raw_sql: the funder's sheet (every site and
// the programme, the period and the span since the start) and the job funnel by year, computed by hand-written
// queries on better-sqlite3 with the formulas of docs/indicators.md. Each scope is one site, or all of them at once.
// The SQL is shared with PostgreSQL's baseline (raw-quarterly-postgres.ts) but for the few functions of SqlDialect.
import type Database from "better-sqlite3";
import type { FunnelRow } from "../src/domain/job-funnel.ts";
import { yearsOf } from "../src/domain/job-funnel.ts";
import type { OutputValues, SheetSite } from "../src/domain/output-indicators.ts";

export interface Span {
  startsOn: string;
  endsOn: string;
}

export type Row = Record<string, unknown>;

/** What the two engines spell differently; dates are 'YYYY-MM-DD' text on both. */
export interface SqlDialect {
  greatest(a: string, b: string): string;
  least(a: string, b: string): string;
  dayAfter(date: string): string;
  /** A CTE body: one row per day of @startsOn…@endsOn, its date in column "d". */
  spanDays: string;
  /** 1 for Monday … 7 for Sunday. */
  isoWeekday(date: string): string;
}

const SQLITE: SqlDialect = {
  greatest: (a, b) => `max(${a}, ${b})`,
  least: (a, b) => `min(${a}, ${b})`,
  dayAfter: (date) => `date(${date}, '+1 day')`,
  spanDays: `SELECT @startsOn UNION ALL SELECT date("d", '+1 day') FROM days WHERE "d" < @endsOn`,
  isoWeekday: (date) => `(CAST(strftime('%w', ${date}) AS INTEGER) + 6) % 7 + 1`,
};

const DETAINED = `('detained','detained_awaiting_trial','work_outside_art21','semi_liberty')`;
const EXTERNAL = `('probation_social_services','home_detention','supervised_liberty','probation_map','community_service')`;
const groupOf = (status: string) =>
  `(CASE WHEN ${status} IN ${DETAINED} THEN 'detained' WHEN ${status} IN ${EXTERNAL} THEN 'external' ELSE 'other' END)`;
const statusAt = (person: string, date: string) =>
  `(SELECT l."status" FROM "LegalStatusPeriod" l WHERE l."personId" = ${person} AND l."fromOn" <= ${date}
    ORDER BY l."fromOn" DESC LIMIT 1)`;
const minutesOf = (time: string) =>
  `(CAST(substr(${time}, 1, 2) AS INTEGER) * 60 + CAST(substr(${time}, 4, 2) AS INTEGER))`;

/** Sessions of the scope and span that count as taking part (not voided, not a call or a team meeting). */
const liveSessions = (sites: string) => `s."siteId" IN (${sites}) AND s."occurredOn" BETWEEN @startsOn AND @endsOn
  AND s."voidedAt" IS NULL AND s."kind" NOT IN ('phone_contact', 'team_meeting')`;
const PRESENT = `JOIN "Attendance" a ON a."sessionId" = s."id" AND a."status" = 'present'`;
const firstDay = (sql: SqlDialect) => sql.greatest(`i."startsOn"`, "@startsOn");
/** Internships under way in the span whose person was at a site of the scope on its first day within the span. */
const interns = (sql: SqlDialect, sites: string) => `FROM "Internship" i WHERE i."startsOn" <= @endsOn
  AND (i."endsOn" IS NULL OR i."endsOn" >= @startsOn)
  AND EXISTS (SELECT 1 FROM "PersonSite" ps WHERE ps."personId" = i."personId" AND ps."siteId" IN (${sites})
              AND ps."fromOn" <= ${firstDay(sql)} AND (ps."toOn" IS NULL OR ps."toOn" > ${firstDay(sql)}))`;
/** In the group on at least one day of the internship within the span: on its first day, or by a later period. */
const internIn = (sql: SqlDialect, group: string) => `(${groupOf(statusAt(`i."personId"`, firstDay(sql)))} = '${group}'
  OR EXISTS (SELECT 1 FROM "LegalStatusPeriod" l WHERE l."personId" = i."personId" AND l."fromOn" > ${firstDay(sql)}
             AND l."fromOn" <= ${sql.least(`coalesce(i."endsOn", @endsOn)`, "@endsOn")} AND ${groupOf(`l."status"`)} = '${group}'))`;
const stays = (sql: SqlDialect, sites: string) => `FROM "HousingStay" h WHERE h."siteId" IN (${sites})
  AND ${sql.greatest(`h."fromOn"`, "@startsOn")} < ${sql.least(`coalesce(h."toOn", ${sql.dayAfter("@endsOn")})`, sql.dayAfter("@endsOn"))}`;

type SheetQuery = "activities" | "participants" | "internships" | "housing" | "opening" | "outputs" | "reached";

/** One scope's queries, one row each, with the parameters @startsOn, @endsOn and @programmeId. */
export function sheetQueries(
  sql: SqlDialect,
  scope: readonly SheetSite[],
  wholeProgramme: boolean,
): Record<SheetQuery, string> {
  const sites = scope.map((site) => Number(site.id)).join(", ") || "NULL";
  const dayCentres =
    scope
      .filter((site) => site.kind === "day_centre_inside" || site.kind === "day_centre_outside")
      .map((site) => Number(site.id))
      .join(", ") || "NULL";
  return {
    activities: `
    SELECT COUNT(DISTINCT CASE WHEN act."kind" NOT IN ('certified_training', 'volunteering')
                                AND s."siteId" IN (${dayCentres}) THEN act."id" END) AS "workshops",
           COUNT(DISTINCT CASE WHEN act."kind" = 'certified_training' THEN act."id" END) AS "courses"
    FROM "Session" s JOIN "Activity" act ON act."id" = s."activityId" WHERE ${liveSessions(sites)}`,
    participants: `
    WITH present AS (
      SELECT s."id" AS "sessionId", s."occurredOn", a."personId", act."kind" AS "activityKind",
             ${groupOf(statusAt(`a."personId"`, `s."occurredOn"`))} AS "grp"
      FROM "Session" s ${PRESENT} LEFT JOIN "Activity" act ON act."id" = s."activityId" WHERE ${liveSessions(sites)})
    SELECT COUNT(DISTINCT CASE WHEN x."grp" = 'detained'
                  AND EXISTS (SELECT 1 FROM "PersonFragility" f WHERE f."personId" = x."personId") THEN x."personId" END) AS "fragile",
           COUNT(DISTINCT CASE WHEN x."activityKind" = 'certified_training' AND x."grp" = 'detained' THEN x."personId" END) AS "courseDetained",
           COUNT(DISTINCT CASE WHEN x."activityKind" = 'certified_training' AND x."grp" = 'external' THEN x."personId" END) AS "courseExternal",
           COUNT(DISTINCT CASE WHEN x."activityKind" = 'volunteering' THEN x."personId" END) AS "volunteers",
           COUNT(DISTINCT CASE WHEN CAST(substr(x."occurredOn", 1, 4) AS INTEGER) - p."birthYear" BETWEEN 18 AND 25
                          THEN x."sessionId" END) AS "young"
    FROM present x JOIN "Person" p ON p."id" = x."personId"`,
    internships: `
    SELECT COUNT(DISTINCT CASE WHEN ${internIn(sql, "detained")} THEN i."personId" END) AS "detained",
           COUNT(DISTINCT CASE WHEN ${internIn(sql, "external")} THEN i."personId" END) AS "external"
    ${interns(sql, sites)}`,
    housing: `SELECT COUNT(*) AS "placements" ${stays(sql, sites)}`,
    opening: `
    WITH RECURSIVE days("d") AS (${sql.spanDays}),
    intervals AS (
      SELECT "siteId", "fromOn", "weekday", "opens", "closes",
             MAX("closes") OVER (PARTITION BY "siteId", "fromOn", "weekday" ORDER BY "opens", "closes"
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "reached"
      FROM (SELECT "siteId", "fromOn", "weekday", ${minutesOf(`"opensAt"`)} AS "opens", ${minutesOf(`"closesAt"`)} AS "closes"
            FROM "OpeningHours" WHERE "siteId" IN (${dayCentres})) AS hours WHERE "closes" > "opens"),
    timetable AS (
      SELECT "siteId", "fromOn", "weekday",
             SUM(${sql.greatest("0", `"closes" - ${sql.greatest(`"opens"`, `coalesce("reached", 0)`)}`)}) AS "minutes"
      FROM intervals GROUP BY "siteId", "fromOn", "weekday"),
    open AS (
      SELECT (SELECT t."minutes" FROM timetable t WHERE t."siteId" = site."id"
                AND t."weekday" = ${sql.isoWeekday(`days."d"`)}
                AND t."fromOn" = (SELECT MAX(o."fromOn") FROM "OpeningHours" o WHERE o."siteId" = site."id" AND o."fromOn" <= days."d")) AS "minutes"
      FROM days, "Site" site WHERE site."id" IN (${dayCentres})
        AND NOT EXISTS (SELECT 1 FROM "SiteClosure" c WHERE c."siteId" = site."id" AND c."fromOn" <= days."d" AND c."toOn" >= days."d"))
    SELECT COUNT(*) AS "days", coalesce(SUM("minutes"), 0) AS "minutes" FROM open WHERE "minutes" > 0`,
    outputs: `
    SELECT COUNT(*) FILTER (WHERE "kind" = 'report_publication') AS "reports",
           COUNT(*) FILTER (WHERE "kind" = 'promotional_material') AS "promotional",
           COUNT(*) FILTER (WHERE "kind" = 'information_service') AS "information"
    FROM "ProgrammeOutput" WHERE "programmeId" = @programmeId AND "issuedOn" BETWEEN @startsOn AND @endsOn
      AND ("siteId" IN (${sites})${wholeProgramme ? ` OR "siteId" IS NULL` : ""})`,
    reached: `
    SELECT COUNT(*) AS "people" FROM (
      SELECT a."personId" FROM "Session" s ${PRESENT} WHERE ${liveSessions(sites)}
      UNION SELECT i."personId" ${interns(sql, sites)}
      UNION SELECT h."personId" ${stays(sql, sites)}) AS reached`,
  };
}

const n = (row: Row, key: string) => Number(row[key] ?? 0);

/** The 15 indicators and people reached, from the rows of sheetQueries. */
export function sheetValues(rows: Record<SheetQuery, Row>): OutputValues {
  const { activities, participants, internships, housing, opening, outputs, reached } = rows;
  return {
    day_centre_workshops: n(activities, "workshops"),
    day_centre_opening_days: n(opening, "days"),
    day_centre_opening_hours: n(opening, "minutes") / 60,
    detained_participants_with_fragility: n(participants, "fragile"),
    housing_placements: n(housing, "placements"),
    certified_courses: n(activities, "courses"),
    detained_course_participants: n(participants, "courseDetained"),
    external_course_participants: n(participants, "courseExternal"),
    detained_interns: n(internships, "detained"),
    external_interns: n(internships, "external"),
    public_utility_volunteers: n(participants, "volunteers"),
    young_adult_interventions: n(participants, "young"),
    reports_publications: n(outputs, "reports"),
    promotional_materials: n(outputs, "promotional"),
    information_services: n(outputs, "information"),
    people_reached: n(reached, "people"),
  };
}

/** The 15 indicators and people reached for one scope and span. */
export function rawSheetValues(
  sqlite: Database.Database,
  programmeId: number,
  scope: readonly SheetSite[],
  span: Span,
  wholeProgramme: boolean,
): OutputValues {
  const queries = Object.entries(sheetQueries(SQLITE, scope, wholeProgramme));
  const get = (sql: string) => sqlite.prepare(sql).get({ ...span, programmeId }) as Row;
  return sheetValues(Object.fromEntries(queries.map(([name, sql]) => [name, get(sql)])) as Record<SheetQuery, Row>);
}

/** Every scope of the sheet, one site at a time and then the programme, with its key in rawSheet's map. */
export function sheetScopes(
  sites: readonly SheetSite[],
  spans: readonly Span[],
): { key: string; scope: readonly SheetSite[]; span: Span; wholeProgramme: boolean }[] {
  return spans.flatMap((span, index) => [
    ...sites.map((site) => ({ key: `${index}:${site.id}`, scope: [site], span, wholeProgramme: false })),
    { key: `${index}:total`, scope: sites, span, wholeProgramme: true },
  ]);
}

/** Every site and the programme, for each span: { "span:site id" | "span:total": values }. */
export function rawSheet(
  sqlite: Database.Database,
  programmeId: number,
  sites: readonly SheetSite[],
  spans: readonly Span[],
): Map<string, OutputValues> {
  return new Map(
    sheetScopes(sites, spans).map(({ key, scope, span, wholeProgramme }) => [
      key,
      rawSheetValues(sqlite, programmeId, scope, span, wholeProgramme),
    ]),
  );
}

type FunnelQuery = "referrals" | "intakes" | "internships";

/** The funnel's queries for one span, one row each, with the parameters @startsOn, @endsOn and @rangeEndsOn. */
export function funnelQueries(siteIds: readonly number[]): Record<FunnelQuery, string> {
  const sites = siteIds.map(Number).join(", ") || "NULL";
  const atScope = (
    person: string,
    date: string,
  ) => `EXISTS (SELECT 1 FROM "PersonSite" ps WHERE ps."personId" = ${person}
    AND ps."siteId" IN (${sites}) AND ps."fromOn" <= ${date} AND (ps."toOn" IS NULL OR ps."toOn" > ${date}))`;
  return {
    referrals: `SELECT COUNT(*) AS "all", COUNT(*) FILTER (WHERE "source" = 'prison') AS "prison" FROM "Referral"
         WHERE "siteId" IN (${sites}) AND "receivedOn" BETWEEN @startsOn AND @endsOn`,
    intakes: `SELECT COUNT(*) AS "intakes" FROM "Person" p WHERE p."intakeOn" BETWEEN @startsOn AND @endsOn
         AND ${atScope(`p."id"`, `p."intakeOn"`)}`,
    internships: `WITH started AS (SELECT i."id", i."personId", i."hostId" FROM "Internship" i
           WHERE i."startsOn" BETWEEN @startsOn AND @endsOn AND ${atScope(`i."personId"`, `i."startsOn"`)}),
         hired AS (SELECT h."personId", h."hiredOn", h."employerId" = st."hostId" AS "byHost",
                          ROW_NUMBER() OVER (PARTITION BY h."personId" ORDER BY h."hiredOn") AS "rank"
           FROM "Hire" h JOIN started st ON st."id" = h."internshipId" WHERE h."hiredOn" <= @rangeEndsOn)
         SELECT (SELECT COUNT(*) FROM started) AS "started", (SELECT COUNT(DISTINCT "personId") FROM started) AS "starters",
                (SELECT COUNT(*) FROM hired WHERE "rank" = 1) AS "hired",
                (SELECT COUNT(*) FROM hired WHERE "rank" = 1 AND "byHost") AS "byHost"`,
  };
}

/** The funnel's spans, each year of the range and the whole range, with their labels. */
export function funnelSpans(range: Span): { label: string; span: Span }[] {
  return [
    ...yearsOf(range).map((span) => ({ label: span.startsOn.slice(0, 4), span })),
    { label: "total", span: range },
  ];
}

/** One row of the funnel, as computeJobFunnel gives it, from the rows of funnelQueries. */
export function funnelRow(label: string, span: Span, rows: Record<FunnelQuery, Row>): FunnelRow {
  const { referrals, intakes, internships } = rows;
  const starters = n(internships, "starters");
  return {
    label,
    ...span,
    referrals: n(referrals, "all"),
    referralsFromPrison: n(referrals, "prison"),
    referralsFromServices: n(referrals, "all") - n(referrals, "prison"),
    intakes: n(intakes, "intakes"),
    internshipsStarted: n(internships, "started"),
    internshipStarters: starters,
    hiredAfterInternship: n(internships, "hired"),
    hiredByHost: n(internships, "byHost"),
    hiredElsewhere: n(internships, "hired") - n(internships, "byHost"),
    hireRate: starters === 0 ? null : n(internships, "hired") / starters,
  };
}

/** The funnel's rows by year and in total, as computeJobFunnel gives them (hires known by the range's end). */
export function rawFunnel(sqlite: Database.Database, siteIds: readonly number[], range: Span): FunnelRow[] {
  const queries = Object.entries(funnelQueries(siteIds));
  return funnelSpans(range).map(({ label, span }) => {
    const params = { ...span, rangeEndsOn: range.endsOn };
    const rows = Object.fromEntries(queries.map(([name, sql]) => [name, sqlite.prepare(sql).get(params) as Row]));
    return funnelRow(label, span, rows as Record<FunnelQuery, Row>);
  });
}
