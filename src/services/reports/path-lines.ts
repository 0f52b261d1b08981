// The sheet's third tab (internships and housing of the period for each scope, as lines in words) and its critical-events
// tab (per quarter, scope and kind: severities, total, per 100 people followed; the self-destructive trend).
import { readSnapshot } from "../../db/client.ts";
import { SEVERITIES } from "../../domain/escalation.ts";
import type { BudgetCode } from "../../domain/output-indicators.ts";
import {
  allowancesPaid,
  computePathFigures,
  type EventCounts,
  eventsByQuarter,
  HOST_KINDS,
  type PathFigures,
  type PathInput,
  selfDestructiveTrend,
} from "../../domain/path-figures.ts";
import type { ReportPeriod } from "../../domain/report-periods.ts";
import { quarterOf } from "../../domain/report-periods.ts";
import { quarterRange } from "../../domain/weeks.ts";
import type { Translate } from "../../i18n.ts";
import type { ServiceDeps } from "../deps.ts";
import { shortDay } from "./digest-text.ts";
import type { EventTable, PathLine } from "./quarterly-xlsx.ts";

/** The words of each budget, on the tab and in /obiettivi. */
export const BUDGET_LABEL_KEYS: Record<BudgetCode, string> = {
  allowances_count: "quarterly-path-allowances-budget",
  allowances_euros: "quarterly-path-allowance-euros-budget",
};

/** A column of the tab: its sites and the allowance budgets set for it (null: none). */
type Scope = { name: string; siteIds: readonly number[]; budgets: Record<BudgetCode, number | null> };

/** A scope's figures of the period, with the allowances paid from the programme's start to the period's end. */
type ScopeFigures = PathFigures & { paidSinceStart: { count: number; cents: number }; budgets: Scope["budgets"] };

/** The third tab's lines and the events tab for the scopes (each site, then all of them). */
export async function pathTabs(
  db: ServiceDeps["db"],
  scopes: readonly Scope[],
  period: ReportPeriod,
  sinceStart: ReportPeriod,
  t: Translate,
): Promise<{ paths: { scopeNames: string[]; lines: PathLine[] }; events: EventTable }> {
  const lastQuarter = quarterOf(period.endsOn);
  const siteIds = [...new Set(scopes.flatMap((scope) => scope.siteIds))];
  const input = await loadPathInput(db, siteIds, period, sinceStart, lastQuarter);
  const figures: ScopeFigures[] = scopes.map((scope) => ({
    ...computePathFigures(input, scope.siteIds, period),
    paidSinceStart: allowancesPaid(input, scope.siteIds, sinceStart),
    budgets: scope.budgets,
  }));
  const line = (label: string, value: (f: ScopeFigures) => number | null, format = "0"): PathLine => ({
    label,
    values: figures.map(value),
    format,
  });
  const ofBudget = (paid: number, budget: number | null) => (budget === null || budget === 0 ? null : paid / budget);
  return {
    paths: {
      scopeNames: scopes.map((scope) => scope.name),
      lines: [
        line(t("quarterly-path-internship-months"), (f) => f.internshipMonths, "0.0"),
        line(t("quarterly-path-allowances-paid"), (f) => f.allowancesPaid),
        line(t("quarterly-path-allowances-paid-since-start"), (f) => f.paidSinceStart.count),
        line(t(BUDGET_LABEL_KEYS.allowances_count), (f) => f.budgets.allowances_count),
        line(
          t("quarterly-path-allowances-of-budget"),
          (f) => ofBudget(f.paidSinceStart.count, f.budgets.allowances_count),
          "0.0%",
        ),
        line(t("quarterly-path-allowance-euros"), (f) => f.allowanceCents / 100, "0.00"),
        line(t("quarterly-path-allowance-euros-since-start"), (f) => f.paidSinceStart.cents / 100, "0.00"),
        line(t(BUDGET_LABEL_KEYS.allowances_euros), (f) => f.budgets.allowances_euros, "0.00"),
        line(
          t("quarterly-path-allowance-euros-of-budget"),
          (f) => ofBudget(f.paidSinceStart.cents / 100, f.budgets.allowances_euros),
          "0.0%",
        ),
        ...HOST_KINDS.map((kind) => line(t(`quarterly-path-host-${kind}`), (f) => f.hostsByKind[kind])),
        line(t("quarterly-path-bed-nights-used"), (f) => f.bedNightsUsed),
        line(t("quarterly-path-bed-nights-available"), (f) => f.bedNightsAvailable),
        line(t("quarterly-path-occupancy"), (f) => f.occupancy, "0.0%"),
        line(t("quarterly-path-people-housed"), (f) => f.peopleHoused),
        line(t("quarterly-path-average-stay"), (f) => f.averageStayNights, "0.0"),
      ],
    },
    events: eventTable(input, scopes, period, lastQuarter, t),
  };
}

/** Quarter by quarter, each scope's events of every kind, then of each kind that had any; then the trend. */
function eventTable(
  input: PathInput,
  scopes: readonly Scope[],
  period: ReportPeriod,
  lastQuarter: string,
  t: Translate,
): EventTable {
  const numbers = (counts: EventCounts) => [...SEVERITIES.map((severity) => counts.bySeverity[severity]), counts.total];
  const byScope = scopes.map((scope) => ({
    name: scope.name,
    quarters: eventsByQuarter(input, scope.siteIds, period),
  }));
  const rows: EventTable["rows"] = [];
  byScope[0]?.quarters.forEach((first, index) => {
    const whole = quarterRange(first.quarterKey);
    const quarter =
      whole.startsOn === first.startsOn && whole.endsOn === first.endsOn
        ? first.quarterKey
        : `${first.quarterKey} (${shortDay(first.startsOn)}–${shortDay(first.endsOn)})`;
    for (const scope of byScope) {
      const figures = scope.quarters[index];
      if (!figures) continue;
      rows.push([
        quarter,
        scope.name,
        t("quarterly-events-all-kinds"),
        ...numbers(figures.all),
        figures.peopleFollowed,
        figures.all.per100People,
      ]);
      for (const { kind, counts } of figures.byKind) {
        rows.push([quarter, scope.name, t(`events-kind-${kind}`), ...numbers(counts), null, counts.per100People]);
      }
    }
  });
  const trends = scopes.map((scope) => ({
    name: scope.name,
    quarters: selfDestructiveTrend(input, scope.siteIds, lastQuarter),
  }));
  return {
    header: [
      t("quarterly-events-column-quarter"),
      t("quarterly-events-column-site"),
      t("quarterly-events-column-kind"),
      ...SEVERITIES.map((severity) => t("quarterly-events-column-severity", { severity })),
      t("quarterly-events-column-total"),
      t("quarterly-events-column-followed"),
      t("quarterly-events-column-per-100"),
    ],
    rows,
    trendTitle: t("quarterly-events-trend-title"),
    trendHeader: [
      t("quarterly-events-column-quarter"),
      t("quarterly-events-column-site"),
      t("quarterly-events-column-events"),
      t("quarterly-events-column-followed"),
      t("quarterly-events-column-per-100"),
    ],
    trend:
      trends[0]?.quarters.flatMap((_, index) =>
        trends.map((scope) => {
          const quarter = scope.quarters[index];
          return [
            quarter?.quarterKey ?? "",
            scope.name,
            quarter?.events ?? 0,
            quarter?.peopleFollowed ?? 0,
            quarter?.per100People ?? null,
          ];
        }),
      ) ?? [],
  };
}

/** The rows of the sites for the period, their internships and allowances since the programme's start (sinceStart),
 * and their events and people since the earliest of those and the first of the trend's four quarters. */
function loadPathInput(
  db: ServiceDeps["db"],
  siteIds: readonly number[],
  period: ReportPeriod,
  sinceStart: ReportPeriod,
  lastQuarter: string,
): Promise<PathInput> {
  const inSites = siteIds.map(() => "?").join(", ") || "NULL";
  const year = Number(lastQuarter.slice(0, 4));
  const quarter = Number(lastQuarter.slice(5));
  const firstQuarter = quarter === 4 ? `${year}Q1` : `${year - 1}Q${quarter + 1}`;
  const from = [quarterRange(firstQuarter).startsOn, period.startsOn, sinceStart.startsOn].sort()[0] as string;
  const sitePeople = `SELECT "personId" FROM "PersonSite" WHERE "siteId" IN (${inSites})`;
  return readSnapshot(db, async (sql): Promise<PathInput> => {
    const all = sql.all;
    const sitesOf = new Map<number, { siteId: number; fromOn: string; toOn: string | null }[]>();
    for (const row of await all(
      `SELECT "personId", "siteId", "fromOn", "toOn" FROM "PersonSite" WHERE "personId" IN (${sitePeople})`,
      ...siteIds,
    )) {
      const periods = sitesOf.get(row.personId as number) ?? [];
      periods.push({ siteId: row.siteId as number, fromOn: row.fromOn as string, toOn: row.toOn as string | null });
      sitesOf.set(row.personId as number, periods);
    }
    return {
      people: (
        await all(
          `SELECT "id", "intakeOn", "dischargeOn" FROM "Person" WHERE "id" IN (${sitePeople}) AND "intakeOn" <= ?
         AND ("dischargeOn" IS NULL OR "dischargeOn" > ?)`,
          ...siteIds,
          period.endsOn,
          from,
        )
      ).map((row) => ({
        id: row.id as number,
        intakeOn: row.intakeOn as string,
        dischargeOn: row.dischargeOn as string | null,
        sites: sitesOf.get(row.id as number) ?? [],
      })),
      internships: (await all(
        `SELECT i."id", i."personId", i."hostId", o."kind" AS "hostKind", i."startsOn", i."endsOn" FROM "Internship" i
         JOIN "Organisation" o ON o."id" = i."hostId"
         WHERE i."personId" IN (${sitePeople}) AND i."startsOn" <= ? AND (i."endsOn" IS NULL OR i."endsOn" >= ?)`,
        ...siteIds,
        period.endsOn,
        sinceStart.startsOn,
      )) as unknown as PathInput["internships"],
      allowances: (await all(
        `SELECT p."internshipId", p."month", p."amountCents" FROM "AllowancePayment" p
         JOIN "Internship" i ON i."id" = p."internshipId" WHERE i."personId" IN (${sitePeople}) AND p."month" BETWEEN ? AND ?`,
        ...siteIds,
        sinceStart.startsOn.slice(0, 7),
        period.endsOn.slice(0, 7),
      )) as unknown as PathInput["allowances"],
      beds: (await all(
        `SELECT b."id", h."siteId" FROM "Bed" b JOIN "House" h ON h."id" = b."houseId"
         WHERE h."siteId" IN (${inSites}) AND b."active" AND h."active"`,
        ...siteIds,
      )) as unknown as PathInput["beds"],
      stays: (await all(
        `SELECT "personId", "siteId", "fromOn", "toOn" FROM "HousingStay" WHERE "siteId" IN (${inSites})
         AND "fromOn" <= ? AND ("toOn" IS NULL OR "toOn" >= ?)`,
        ...siteIds,
        period.endsOn,
        period.startsOn,
      )) as unknown as PathInput["stays"],
      events: (await all(
        `SELECT "siteId", "kind", "severity", "occurredOn" FROM "CriticalEvent" WHERE "siteId" IN (${inSites})
         AND "occurredOn" BETWEEN ? AND ?`,
        ...siteIds,
        from,
        period.endsOn,
      )) as unknown as PathInput["events"],
    };
  });
}
