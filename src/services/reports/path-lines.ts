// The sheet's third tab: internships, housing and critical events of the period for each scope, as lines in words.
import type { Statement } from "better-sqlite3";
import { readerFor, statement } from "../../db/sqlite.ts";
import { EVENT_KINDS, SEVERITIES } from "../../domain/escalation.ts";
import {
  computePathFigures,
  HOST_KINDS,
  type PathFigures,
  type PathInput,
  type SelfDestructiveQuarter,
  selfDestructiveTrend,
} from "../../domain/path-figures.ts";
import type { ReportPeriod } from "../../domain/report-periods.ts";
import { quarterOf } from "../../domain/report-periods.ts";
import { quarterRange } from "../../domain/weeks.ts";
import type { Translate } from "../../i18n.ts";
import type { ServiceDeps } from "../deps.ts";
import type { PathLine } from "./quarterly-xlsx.ts";

type Row = Record<string, unknown>;

/** Lines for the scopes (each site, then all of them), the period's figures and the self-destructive trend. */
export function pathLines(
  db: ServiceDeps["db"],
  scopes: readonly { name: string; siteIds: readonly number[] }[],
  period: ReportPeriod,
  t: Translate,
): { scopeNames: string[]; lines: PathLine[] } {
  const lastQuarter = quarterOf(period.endsOn);
  const input = loadPathInput(db, [...new Set(scopes.flatMap((scope) => scope.siteIds))], period, lastQuarter);
  const figures = scopes.map((scope) => computePathFigures(input, scope.siteIds, period));
  const trends = scopes.map((scope) => selfDestructiveTrend(input, scope.siteIds, lastQuarter));
  const line = (label: string, value: (f: PathFigures) => number | null, format = "0"): PathLine => ({
    label,
    values: figures.map(value),
    format,
  });
  const trendLine = (
    label: string,
    index: number,
    value: (q: SelfDestructiveQuarter) => number | null,
    format: string,
  ) => ({
    label,
    values: trends.map((trend) => (trend[index] ? value(trend[index]) : null)),
    format,
  });
  return {
    scopeNames: scopes.map((scope) => scope.name),
    lines: [
      line(t("quarterly-path-internship-months"), (f) => f.internshipMonths, "0.0"),
      line(t("quarterly-path-allowances-paid"), (f) => f.allowancesPaid),
      line(t("quarterly-path-allowance-euros"), (f) => f.allowanceCents / 100, "0.00"),
      ...HOST_KINDS.map((kind) => line(t(`quarterly-path-host-${kind}`), (f) => f.hostsByKind[kind])),
      line(t("quarterly-path-bed-nights-used"), (f) => f.bedNightsUsed),
      line(t("quarterly-path-bed-nights-available"), (f) => f.bedNightsAvailable),
      line(t("quarterly-path-occupancy"), (f) => f.occupancy, "0.0%"),
      line(t("quarterly-path-people-housed"), (f) => f.peopleHoused),
      line(t("quarterly-path-average-stay"), (f) => f.averageStayNights, "0.0"),
      line(t("quarterly-path-events-total"), (f) => f.eventsTotal),
      ...EVENT_KINDS.map((kind) =>
        line(t("quarterly-path-event-kind", { kind: t(`events-kind-${kind}`) }), (f) => f.eventsByKind[kind] ?? 0),
      ),
      ...SEVERITIES.map((severity) =>
        line(t("quarterly-path-severity", { severity }), (f) => f.eventsBySeverity[severity] ?? 0),
      ),
      line(t("quarterly-path-people-followed"), (f) => f.peopleFollowed),
      line(t("quarterly-path-events-per-100"), (f) => f.eventsPer100People, "0.00"),
      ...[0, 1, 2, 3].flatMap((index) => {
        const quarter = trends[0]?.[index]?.quarterKey ?? "";
        return [
          trendLine(t("quarterly-path-trend", { quarter }), index, (q) => q.events, "0"),
          trendLine(t("quarterly-path-trend-per-100", { quarter }), index, (q) => q.per100People, "0.00"),
        ];
      }),
    ],
  };
}

/** The rows of the sites for the period, and their events and people since the first of the trend's four quarters. */
function loadPathInput(
  db: ServiceDeps["db"],
  siteIds: readonly number[],
  period: ReportPeriod,
  lastQuarter: string,
): PathInput {
  const reader = readerFor(db);
  const inSites = siteIds.map(() => "?").join(", ") || "NULL";
  const year = Number(lastQuarter.slice(0, 4));
  const quarter = Number(lastQuarter.slice(5));
  const firstQuarter = quarter === 4 ? `${year}Q1` : `${year - 1}Q${quarter + 1}`;
  const from = [quarterRange(firstQuarter).startsOn, period.startsOn].sort()[0] as string;
  const all = (sql: string, ...params: unknown[]) =>
    (statement(reader, sql) as Statement<unknown[], Row>).all(...params);
  const sitePeople = `SELECT "personId" FROM "PersonSite" WHERE "siteId" IN (${inSites})`;
  return reader.transaction((): PathInput => {
    const sitesOf = new Map<number, { siteId: number; fromOn: string; toOn: string | null }[]>();
    for (const row of all(
      `SELECT "personId", "siteId", "fromOn", "toOn" FROM "PersonSite" WHERE "personId" IN (${sitePeople})`,
      ...siteIds,
    )) {
      const periods = sitesOf.get(row.personId as number) ?? [];
      periods.push({ siteId: row.siteId as number, fromOn: row.fromOn as string, toOn: row.toOn as string | null });
      sitesOf.set(row.personId as number, periods);
    }
    return {
      people: all(
        `SELECT "id", "intakeOn", "dischargeOn" FROM "Person" WHERE "id" IN (${sitePeople}) AND "intakeOn" <= ?
         AND ("dischargeOn" IS NULL OR "dischargeOn" > ?)`,
        ...siteIds,
        period.endsOn,
        from,
      ).map((row) => ({
        id: row.id as number,
        intakeOn: row.intakeOn as string,
        dischargeOn: row.dischargeOn as string | null,
        sites: sitesOf.get(row.id as number) ?? [],
      })),
      internships: all(
        `SELECT i."id", i."personId", i."hostId", o."kind" AS "hostKind", i."startsOn", i."endsOn" FROM "Internship" i
         JOIN "Organisation" o ON o."id" = i."hostId"
         WHERE i."personId" IN (${sitePeople}) AND i."startsOn" <= ? AND (i."endsOn" IS NULL OR i."endsOn" >= ?)`,
        ...siteIds,
        period.endsOn,
        period.startsOn,
      ) as unknown as PathInput["internships"],
      allowances: all(
        `SELECT p."internshipId", p."month", p."amountCents" FROM "AllowancePayment" p
         JOIN "Internship" i ON i."id" = p."internshipId" WHERE i."personId" IN (${sitePeople}) AND p."month" BETWEEN ? AND ?`,
        ...siteIds,
        period.startsOn.slice(0, 7),
        period.endsOn.slice(0, 7),
      ) as unknown as PathInput["allowances"],
      beds: all(
        `SELECT b."id", h."siteId" FROM "Bed" b JOIN "House" h ON h."id" = b."houseId"
         WHERE h."siteId" IN (${inSites}) AND b."active" = 1 AND h."active" = 1`,
        ...siteIds,
      ) as unknown as PathInput["beds"],
      stays: all(
        `SELECT "personId", "siteId", "fromOn", "toOn" FROM "HousingStay" WHERE "siteId" IN (${inSites})
         AND "fromOn" <= ? AND ("toOn" IS NULL OR "toOn" >= ?)`,
        ...siteIds,
        period.endsOn,
        period.startsOn,
      ) as unknown as PathInput["stays"],
      events: all(
        `SELECT "siteId", "kind", "severity", "occurredOn" FROM "CriticalEvent" WHERE "siteId" IN (${inSites})
         AND "occurredOn" BETWEEN ? AND ?`,
        ...siteIds,
        from,
        period.endsOn,
      ) as unknown as PathInput["events"],
    };
  })();
}
