// The job-placement funnel of a programme (Milan job team's yearly table) as CSV and .xlsx, and as lines for chat.
// Admins and the shell get every site of the programme, coordinators the sites of it they coordinate.
import type { z } from "zod";
import { readSnapshot } from "../../db/client.ts";
import { computeJobFunnel, type FunnelInput, type FunnelRow, type JobFunnel } from "../../domain/job-funnel.ts";
import type { SitePeriod } from "../../domain/people.ts";
import type { Actor } from "../../domain/permissions.ts";
import { periodKey, type ReportPeriod } from "../../domain/report-periods.ts";
import { translatorFor } from "../../i18n.ts";
import { recordAudit } from "../audit.ts";
import { toCsv } from "../csv-export.ts";
import type { ServiceDeps } from "../deps.ts";
import { buildFunnelWorkbook, FUNNEL_COLUMNS, funnelLabelKeys } from "./funnel-xlsx.ts";
import { quarterlyRequest, reportScope } from "./quarterly.ts";

// The same request as the quarterly sheet: a programme and any period.
export const funnelRequest = quarterlyRequest;
export type FunnelRequest = z.input<typeof funnelRequest>;

export interface FunnelReport {
  funnel: JobFunnel;
  csv: string;
  workbook: Buffer;
  /** Without extension: .csv and .xlsx are added. */
  filename: string;
  programmeName: string;
  siteNames: string[];
  /** One line per year and one for the total, in the requested language. */
  lines: string[];
}

export async function jobFunnelReport(
  deps: ServiceDeps,
  actor: Actor | null,
  request: FunnelRequest,
): Promise<FunnelReport> {
  const { programme: reference, locale, ...period } = funnelRequest.parse(request);
  const { programme, sites } = await reportScope(deps, actor, reference);
  const siteIds = sites.map((site) => site.id);
  const funnel = computeJobFunnel(await loadFunnelInput(deps.db, siteIds, period), siteIds, period);
  const t = translatorFor(locale);
  const rows = [...funnel.years, { ...funnel.total, label: t("funnel-total") }];
  const records = rows.map((row) =>
    Object.fromEntries(FUNNEL_COLUMNS.map((column) => [column, csvValue(row, column)])),
  );
  const labels = Object.fromEntries(funnelLabelKeys().map((key) => [key, t(key)]));
  const now = deps.clock();
  const workbook = await buildFunnelWorkbook({ rows, labels, programmeName: programme.name, generatedAt: now });
  await recordAudit(deps.db, deps.cipher, {
    actorId: actor?.staffId ?? null,
    action: "report.funnel",
    subjectType: "programme",
    subjectId: programme.id,
    details: { ...period, siteIds },
    at: now,
  });
  const rate = (row: FunnelRow) =>
    row.hireRate === null
      ? t("funnel-no-rate")
      : `${(row.hireRate * 100).toFixed(2).replace(".", locale === "it" ? "," : ".")} %`;
  return {
    funnel,
    csv: toCsv(records, FUNNEL_COLUMNS).csv,
    workbook,
    filename: t("funnel-filename", { programme: programme.code, period: periodKey(period) }),
    programmeName: programme.name,
    siteNames: sites.map((site) => site.name),
    lines: rows.map((row) =>
      t("funnel-line", {
        year: row.label,
        referrals: row.referrals,
        prison: row.referralsFromPrison,
        services: row.referralsFromServices,
        intakes: row.intakes,
        internships: row.internshipsStarted,
        starters: row.internshipStarters,
        hired: row.hiredAfterInternship,
        rate: rate(row),
        host: row.hiredByHost,
        elsewhere: row.hiredElsewhere,
      }),
    ),
  };
}

/** The rate as a percentage with two decimals, as the team publishes it; empty without starters. */
function csvValue(row: FunnelRow, column: (typeof FUNNEL_COLUMNS)[number]): string | number {
  if (column !== "hireRate") return row[column];
  return row.hireRate === null ? "" : (row.hireRate * 100).toFixed(2);
}

/** Referrals to the sites, people of the sites, their internships and hires, over the period (hires up to its end),
 * read on Ponte's own connection in one read transaction (tens of thousands of people at region scale). */
export function loadFunnelInput(
  db: ServiceDeps["db"],
  siteIds: readonly number[],
  period: ReportPeriod,
): Promise<FunnelInput> {
  const inSites = siteIds.map(() => "?").join(", ") || "NULL";
  const scopePeople = `SELECT "personId" FROM "PersonSite" WHERE "siteId" IN (${inSites})`;
  return readSnapshot(db, async (sql): Promise<FunnelInput> => {
    const all = sql.all;
    const sitesOf = new Map<number, SitePeriod[]>();
    for (const row of await all(
      `SELECT "personId", "siteId", "fromOn", "toOn" FROM "PersonSite" WHERE "personId" IN (${scopePeople})`,
      ...siteIds,
    )) {
      const personId = row.personId as number;
      const periods = sitesOf.get(personId) ?? [];
      periods.push({ siteId: row.siteId as number, fromOn: row.fromOn as string, toOn: row.toOn as string | null });
      sitesOf.set(personId, periods);
    }
    return {
      referrals: (await all(
        `SELECT "siteId", "receivedOn", "source" FROM "Referral" WHERE "siteId" IN (${inSites})
         AND "receivedOn" BETWEEN ? AND ?`,
        ...siteIds,
        period.startsOn,
        period.endsOn,
      )) as unknown as FunnelInput["referrals"],
      people: (
        await all(
          `SELECT "id", "intakeOn" FROM "Person" WHERE "id" IN (${scopePeople}) AND "intakeOn" <= ?`,
          ...siteIds,
          period.endsOn,
        )
      ).map((row) => ({
        id: row.id as number,
        intakeOn: row.intakeOn as string,
        sites: sitesOf.get(row.id as number) ?? [],
      })),
      internships: (await all(
        `SELECT "id", "personId", "hostId", "startsOn" FROM "Internship" WHERE "personId" IN (${scopePeople})
         AND "startsOn" BETWEEN ? AND ?`,
        ...siteIds,
        period.startsOn,
        period.endsOn,
      )) as unknown as FunnelInput["internships"],
      hires: (await all(
        `SELECT "personId", "employerId", "hiredOn", "internshipId" FROM "Hire" WHERE "personId" IN (${scopePeople})
         AND "internshipId" IS NOT NULL AND "hiredOn" <= ?`,
        ...siteIds,
        period.endsOn,
      )) as unknown as FunnelInput["hires"],
    };
  });
}
