// The funder's sheet of the programme (every site and the total, the last full quarter and the span since the start)
// and its job funnel over three years, as Ponte computes them, beside the hand-written raw SQL of raw-quarterly.ts.
import type { FunnelRow } from "../src/domain/job-funnel.ts";
import type { JobFunnel } from "../src/domain/job-funnel.ts";
import { funderSheetScopes, type OutputValues, type SheetSite } from "../src/domain/output-indicators.ts";
import { previousQuarter, quarterOf, quarterPeriod } from "../src/domain/report-periods.ts";
import { localDate } from "../src/domain/weeks.ts";
import type { ServiceDeps } from "../src/services/deps.ts";
import { loadJobFunnel } from "../src/services/reports/funnel-data.ts";
import { reportScope } from "../src/services/reports/quarterly.ts";
import { loadOutputIndicators } from "../src/services/reports/sheet-data.ts";
import { targetsOf } from "../src/services/targets.ts";
import type { Span } from "./raw-quarterly.ts";

/** The raw SQL of the engine under test: rawSheet and rawFunnel, or their PostgreSQL versions. */
export interface RawReports {
  sheet(
    programmeId: number,
    sites: readonly SheetSite[],
    spans: readonly Span[],
  ): Map<string, OutputValues> | Promise<Map<string, OutputValues>>;
  funnel(siteIds: readonly number[], range: Span): FunnelRow[] | Promise<FunnelRow[]>;
}

export interface ReportTimings {
  quarterKey: string;
  sites: number;
  sheetMs: number;
  sheetRawMs: number;
  sheetMismatches: string[];
  funnelYears: string;
  funnelMs: number;
  funnelRawMs: number;
  funnelMismatches: string[];
}

const timed = async <T>(work: () => T | Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
};

/** Ponte's side of the reports: its timings, and its figures for the raw side to be compared with. */
export interface PonteReports {
  quarterKey: string;
  sites: readonly SheetSite[];
  programmeId: number;
  spans: [Span, Span];
  years: Span;
  sheetMs: number;
  sheet: Awaited<ReturnType<typeof loadOutputIndicators>>;
  funnelMs: number;
  funnel: JobFunnel;
}

/** The programme with the most sites; the sheet of the quarter before the clock's, and the funnel of the last three
 * calendar years up to the clock's year. Each runs once unmeasured first, which also warms the pages the raw SQL
 * reads (the same tables). */
export async function measureReports(deps: ServiceDeps, programmeId = 1): Promise<PonteReports> {
  const { programme, sites } = await reportScope(deps, null, programmeId);
  const today = localDate(deps.clock(), deps.timeZone);
  const quarterKey = previousQuarter(quarterOf(today));
  const period = quarterPeriod(quarterKey);
  const sinceStart = { startsOn: programme.startsOn, endsOn: period.endsOn };
  const year = Number(today.slice(0, 4));
  const years = { startsOn: `${year - 2}-01-01`, endsOn: `${year}-12-31` };
  const siteIds = sites.map((site) => site.id);

  const ponteSheet = async () => {
    const results = await loadOutputIndicators(deps.db, programme.id, sites, [period, sinceStart]);
    const [inPeriod, cumulative] = results;
    if (!inPeriod || !cumulative) throw new Error("no sheet");
    funderSheetScopes(inPeriod, cumulative, await targetsOf(deps.db, programme.id), "Totale");
    return results;
  };
  const ponteFunnel = () => loadJobFunnel(deps.db, siteIds, years);

  await ponteSheet();
  const sheet = await timed(ponteSheet);
  await ponteFunnel();
  const funnel = await timed(ponteFunnel);
  return {
    quarterKey,
    sites,
    programmeId: programme.id,
    spans: [period, sinceStart],
    years,
    sheetMs: sheet.ms,
    sheet: sheet.value,
    funnelMs: funnel.ms,
    funnel: funnel.value,
  };
}

/** The raw SQL of the same reports, timed and compared with Ponte's figures (the raw sheet takes minutes at region
 * scale, so it is not run twice). */
export async function compareReports(ponte: PonteReports, raw: RawReports): Promise<ReportTimings> {
  const siteIds = ponte.sites.map((site) => site.id);
  const rawSheetTimed = await timed(() => raw.sheet(ponte.programmeId, ponte.sites, ponte.spans));
  await raw.funnel(siteIds, ponte.years);
  const rawFunnelTimed = await timed(() => raw.funnel(siteIds, ponte.years));

  const sheetMismatches: string[] = [];
  ponte.sheet.forEach((result, index) => {
    const scopes = [
      ...result.sites.map((site) => ({ key: `${index}:${site.siteId}`, values: site.values })),
      { key: `${index}:total`, values: result.total.values },
    ];
    for (const { key, values } of scopes) {
      const raw = rawSheetTimed.value.get(key);
      for (const [code, value] of Object.entries(values)) {
        const rawValue = raw?.[code as keyof typeof values];
        if (rawValue !== value) sheetMismatches.push(`${key} ${code}: ponte ${value}, raw ${rawValue}`);
      }
    }
  });
  const funnelMismatches = [...ponte.funnel.years, ponte.funnel.total].flatMap((row, index) =>
    JSON.stringify(row) === JSON.stringify(rawFunnelTimed.value[index]) ? [] : [`${row.label}`],
  );
  return {
    quarterKey: ponte.quarterKey,
    sites: ponte.sites.length,
    sheetMs: ponte.sheetMs,
    sheetRawMs: rawSheetTimed.ms,
    sheetMismatches,
    funnelYears: `${ponte.years.startsOn.slice(0, 4)}–${ponte.years.endsOn.slice(0, 4)}`,
    funnelMs: ponte.funnelMs,
    funnelRawMs: rawFunnelTimed.ms,
    funnelMismatches,
  };
}
