// Loads and computes the funder's indicators of some sites for several spans at once (the period and the span since the
// programme's start), from one read snapshot, in a child process that exits when done: a programme's people and years
// of sessions never enter the bot's process, and the bot keeps answering while they are counted.
import { readSnapshotAt } from "../../db/snapshot.ts";
import type { Row, SqlSession } from "../../db/sql.ts";
import { databaseUrlOf } from "../../db/url.ts";
import {
  type OutputIndicatorInput,
  type OutputIndicatorResult,
  OutputIndicatorSheet,
  type SheetSession,
  type SheetSite,
} from "../../domain/output-indicators.ts";
import type { ReportPeriod } from "../../domain/report-periods.ts";
import { moduleBeside, runInChildProcess } from "../child-task.ts";
import type { ServiceDeps } from "../deps.ts";

export interface OutputIndicatorsTask {
  databaseUrl: string;
  programmeId: number;
  sites: readonly SheetSite[];
  spans: readonly ReportPeriod[];
}

/** The indicators of the sites for each span (the period and the span since the programme's start), in order. */
export function loadOutputIndicators(
  db: ServiceDeps["db"],
  programmeId: number,
  sites: readonly SheetSite[],
  spans: readonly ReportPeriod[],
): Promise<OutputIndicatorResult[]> {
  const task: OutputIndicatorsTask = { databaseUrl: databaseUrlOf(db), programmeId, sites, spans };
  return runInChildProcess(moduleBeside(import.meta.url, "sheet-data-worker"), task);
}

/** The child's side of loadOutputIndicators. */
export function computeOutputIndicators(task: OutputIndicatorsTask): Promise<OutputIndicatorResult[]> {
  return readSnapshotAt(task.databaseUrl, (sql) => readOutputIndicators(sql, task.programmeId, task.sites, task.spans));
}

/**
 * A programme's sessions since its start hold hundreds of thousands of attendance marks: they stream one row per
 * session (with its present people) into the sheet, never all in memory.
 */
async function readOutputIndicators(
  sql: SqlSession,
  programmeId: number,
  sites: readonly SheetSite[],
  spans: readonly ReportPeriod[],
): Promise<OutputIndicatorResult[]> {
  const siteIds = sites.map((site) => site.id);
  const inSites = siteIds.map(() => "?").join(", ") || "NULL";
  const from = spans.reduce((first, span) => (span.startsOn < first ? span.startsOn : first), spans[0]?.startsOn ?? "");
  const to = spans.reduce((last, span) => (span.endsOn > last ? span.endsOn : last), spans[0]?.endsOn ?? "");
  const sessionParams = [...siteIds, from, to];
  const sitePeople = `SELECT "personId" FROM "PersonSite" WHERE "siteId" IN (${inSites})`;
  const bySpan = { startsOn: from, endsOn: to };
  const all = sql.all;
  const peopleWhere = (ids: string) => `"id" IN (${ids})`;
  const loadPeople = async (where: string, ...params: number[]) => {
    const personWhere = where.replaceAll('"id" IN', '"personId" IN');
    const sitesOf = groupRows(
      await all(`SELECT "personId", "siteId", "fromOn", "toOn" FROM "PersonSite" WHERE ${personWhere}`, ...params),
      (row) => ({ siteId: row.siteId as number, fromOn: row.fromOn as string, toOn: row.toOn as string | null }),
    );
    const statusesOf = groupRows(
      await all(`SELECT "personId", "status", "fromOn" FROM "LegalStatusPeriod" WHERE ${personWhere}`, ...params),
      (row) => ({ status: row.status as string, fromOn: row.fromOn as string }),
    );
    const fragilitiesOf = groupRows(
      await all(`SELECT "personId", "flag" FROM "PersonFragility" WHERE ${personWhere}`, ...params),
      (row) => row.flag as string,
    );
    return (
      await all(`SELECT "id", "intakeOn", "dischargeOn", "birthYear", "gender" FROM "Person" WHERE ${where}`, ...params)
    ).map((row) => ({
      id: row.id as number,
      intakeOn: row.intakeOn as string,
      dischargeOn: row.dischargeOn as string | null,
      birthYear: row.birthYear as number | null,
      gender: row.gender as string | null,
      sites: sitesOf.get(row.id as number) ?? [],
      legalStatuses: statusesOf.get(row.id as number) ?? [],
      fragilities: fragilitiesOf.get(row.id as number) ?? [],
    }));
  };
  const people = await loadPeople(peopleWhere(sitePeople), ...siteIds);
  const activities = (await all(`SELECT "id", "kind" FROM "Activity" WHERE "siteId" IN (${inSites})`, ...siteIds)) as {
    id: number;
    kind: string;
  }[];
  const sheet = new OutputIndicatorSheet(sites, people, activities, spans);
  const sessions = `SELECT s."id", s."siteId", s."kind", s."activityId", s."occurredOn",
            (SELECT ${sql.joinIds('a."personId"')} FROM "Attendance" a
             WHERE a."sessionId" = s."id" AND a."status" = 'present') AS "present"
     FROM "Session" s WHERE s."siteId" IN (${inSites}) AND s."occurredOn" BETWEEN ? AND ? AND s."voidedAt" IS NULL`;
  // People present at the sites' sessions though registered elsewhere are rare: their sessions wait for them.
  const waiting: SheetSession[] = [];
  await sql.each(sessions, sessionParams, (row) => {
    const session = {
      id: row.id as number,
      siteId: row.siteId as number,
      kind: row.kind as string,
      activityId: row.activityId as number | null,
      occurredOn: row.occurredOn as string,
      present: row.present === null ? [] : String(row.present).split(",").map(Number),
    };
    if (sheet.knowsEveryone(session)) sheet.addSession(session);
    else waiting.push(session);
  });
  const strangers = [...new Set(waiting.flatMap((session) => session.present))];
  for (let start = 0; start < strangers.length; start += 500) {
    const ids = strangers.slice(start, start + 500);
    sheet.addPeople(await loadPeople(peopleWhere(ids.map(() => "?").join(", ")), ...ids));
  }
  for (const session of waiting) sheet.addSession(session);
  return sheet.results({
    internships: (await all(
      `SELECT i."id", i."personId", i."hostId", i."startsOn", i."endsOn", i."outcome" FROM "Internship" i
       WHERE i."personId" IN (SELECT "personId" FROM "PersonSite" WHERE "siteId" IN (${inSites}))
         AND i."startsOn" <= ? AND (i."endsOn" IS NULL OR i."endsOn" >= ?)`,
      ...siteIds,
      bySpan.endsOn,
      bySpan.startsOn,
    )) as unknown as OutputIndicatorInput["internships"],
    housingStays: (await all(
      `SELECT "id", "personId", "siteId", "fromOn", "toOn" FROM "HousingStay"
       WHERE "siteId" IN (${inSites}) AND "fromOn" <= ? AND ("toOn" IS NULL OR "toOn" > ?)`,
      ...siteIds,
      bySpan.endsOn,
      bySpan.startsOn,
    )) as unknown as OutputIndicatorInput["housingStays"],
    openingHours: (await all(
      `SELECT "siteId", "fromOn", "weekday", "opensAt", "closesAt" FROM "OpeningHours" WHERE "siteId" IN (${inSites})`,
      ...siteIds,
    )) as unknown as OutputIndicatorInput["openingHours"],
    closures: (await all(
      `SELECT "siteId", "fromOn", "toOn" FROM "SiteClosure" WHERE "siteId" IN (${inSites}) AND "fromOn" <= ? AND "toOn" >= ?`,
      ...siteIds,
      bySpan.endsOn,
      bySpan.startsOn,
    )) as unknown as OutputIndicatorInput["closures"],
    outputs: (await all(
      `SELECT "id", "siteId", "kind", "issuedOn" AS "on" FROM "ProgrammeOutput"
       WHERE "programmeId" = ? AND "issuedOn" BETWEEN ? AND ?`,
      programmeId,
      bySpan.startsOn,
      bySpan.endsOn,
    )) as unknown as OutputIndicatorInput["outputs"],
  });
}

function groupRows<T>(rows: readonly Row[], map: (row: Row) => T): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const id = row.personId as number;
    const group = groups.get(id);
    if (group) group.push(map(row));
    else groups.set(id, [map(row)]);
  }
  return groups;
}
