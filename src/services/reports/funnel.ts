// The job-placement funnel of a programme (Milan job team's yearly table) as CSV and .xlsx, and as lines for chat.
// Admins and the shell get every site of the programme, coordinators the sites of it they coordinate.
import type { z } from "zod";
import type { FunnelRow, JobFunnel } from "../../domain/job-funnel.ts";
import type { Actor } from "../../domain/permissions.ts";
import { periodKey } from "../../domain/report-periods.ts";
import { translatorFor } from "../../i18n.ts";
import { recordAudit } from "../audit.ts";
import { toCsv } from "../csv-export.ts";
import type { ServiceDeps } from "../deps.ts";
import { loadJobFunnel } from "./funnel-data.ts";
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
  const funnel = await loadJobFunnel(deps.db, siteIds, period);
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
