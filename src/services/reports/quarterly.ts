// The funder's monitoring sheet of a programme for any period (a quarter, a year, any range) as .xlsx, with labels in
// the requested language. Admins (and the CLI) get every site of the programme; coordinators the sites of it they
// coordinate. The cumulative column spans from the programme's start to the period's end, loaded once.
import { format } from "date-fns/format";
import { parseISO } from "date-fns/parseISO";
import { enGB } from "date-fns/locale/en-GB";
import { it as italian } from "date-fns/locale/it";
import { z } from "zod";
import {
  BUDGET_CODES,
  type BudgetCode,
  funderSheetScopes,
  type OutputIndicatorResult,
  type SheetSite,
  targetOf,
} from "../../domain/output-indicators.ts";
import { type Actor, canManageSite, isAdmin } from "../../domain/permissions.ts";
import { periodKey, type ReportPeriod } from "../../domain/report-periods.ts";
import { translatorFor } from "../../i18n.ts";
import { isoDate } from "../activities.ts";
import { recordAudit } from "../audit.ts";
import type { ServiceDeps } from "../deps.ts";
import { notFoundOrNotAllowed } from "../errors.ts";
import { firstContactFor } from "../first-contact.ts";
import { today } from "../person-scope.ts";
import { targetsOf } from "../targets.ts";
import { pathTabs } from "./path-lines.ts";
import { buildQuarterlyWorkbook, quarterlyLabelKeys } from "./quarterly-xlsx.ts";
import { loadOutputIndicators } from "./sheet-data.ts";

export const programmeReference = z.union([z.number().int().positive(), z.string().trim().min(1)]);
export const quarterlyRequest = z
  .object({
    /** Programme id, or its code (the CLI accepts both). */
    programme: programmeReference,
    startsOn: isoDate,
    endsOn: isoDate,
    locale: z.enum(["it", "en"]).default("it"),
  })
  .refine((request) => request.startsOn <= request.endsOn, "the period must end on or after its first day");
export type QuarterlyRequest = z.input<typeof quarterlyRequest>;

export interface QuarterlySheet {
  workbook: Buffer;
  filename: string;
  programmeName: string;
  siteNames: string[];
}

export interface ReportProgramme {
  id: number;
  code: string;
  name: string;
  funder: string;
  startsOn: string;
  sites: SheetSite[];
}

export interface QuarterlyProgrammeOption {
  id: number;
  name: string;
}

const programmeWithSites = {
  id: true,
  code: true,
  name: true,
  funder: true,
  startsOn: true,
  sites: { select: { id: true, name: true, kind: true }, orderBy: { name: "asc" } },
} as const;

/** Programmes the actor may ask reports for: those they administer or coordinate a site of. */
export async function quarterlyProgrammesFor(deps: ServiceDeps, actor: Actor): Promise<QuarterlyProgrammeOption[]> {
  const programmes = await deps.db.programme.findMany({ select: programmeWithSites, orderBy: { name: "asc" } });
  return programmes
    .filter((programme) => reportSitesFor(actor, programme).length > 0)
    .map((programme) => ({ id: programme.id, name: programme.name }));
}

/** The programme and the sites of it the actor may report on (every site for the shell, actor null). */
export async function reportScope(
  deps: ServiceDeps,
  actor: Actor | null,
  reference: number | string,
): Promise<{ programme: ReportProgramme; sites: SheetSite[] }> {
  const programme = await deps.db.programme.findFirst({ where: programmeWhere(reference), select: programmeWithSites });
  if (!programme) throw notFoundOrNotAllowed();
  const sites = actor ? reportSitesFor(actor, programme) : programme.sites;
  if (sites.length === 0) throw notFoundOrNotAllowed();
  return { programme, sites };
}

/** The sheet for a programme and a period; `actor` null is the programme office's shell (every site). */
export async function quarterlySheet(
  deps: ServiceDeps,
  actor: Actor | null,
  request: QuarterlyRequest,
): Promise<QuarterlySheet> {
  const { programme: reference, locale, ...period } = quarterlyRequest.parse(request);
  const { programme, sites } = await reportScope(deps, actor, reference);
  const sinceStart = {
    startsOn: programme.startsOn < period.startsOn ? programme.startsOn : period.startsOn,
    endsOn: period.endsOn,
  };
  const [inPeriod, cumulative] = (await loadOutputIndicators(deps.db, programme.id, sites, [period, sinceStart])) as [
    OutputIndicatorResult,
    OutputIndicatorResult,
  ];
  const t = translatorFor(locale);
  const totalName = t("quarterly-column-total");
  const targets = await targetsOf(deps.db, programme.id);
  const scopes = funderSheetScopes(inPeriod, cumulative, targets, totalName);
  const budgets = (siteId: number | null) =>
    Object.fromEntries(BUDGET_CODES.map((code) => [code, targetOf(targets, code, siteId)])) as Record<
      BudgetCode,
      number | null
    >;
  const siteNames = Object.fromEntries(sites.map((site) => [site.id, site.name]));
  const now = deps.clock();
  const key = periodKey(period);
  const { paths, events } = await pathTabs(
    deps.db,
    [
      ...sites.map((site) => ({ name: site.name, siteIds: [site.id], budgets: budgets(site.id) })),
      { name: totalName, siteIds: sites.map((site) => site.id), budgets: budgets(null) },
    ],
    period,
    sinceStart,
    t,
  );
  // Releases of the period, with contacts up to today: one on the period's last day still has its 7 days.
  const firstContact = await firstContactFor(
    deps,
    sites.map((site) => site.id),
    { from: period.startsOn, to: period.endsOn },
    today(deps),
  );
  const noReleases = { measured: 0, within: 0, rate: null, withoutContact: [] };
  const workbook = await buildQuarterlyWorkbook({
    scopes,
    paths,
    events,
    breakdowns: [
      ...inPeriod.sites.map((site) => ({
        name: site.siteName,
        breakdown: site.breakdown,
        siteNames,
        firstContact: firstContact.bySite[site.siteId] ?? noReleases,
      })),
      { name: totalName, breakdown: inPeriod.total.breakdown, siteNames, firstContact: firstContact.total },
    ],
    meta: {
      programmeName: programme.name,
      funder: programme.funder,
      periodKey: key,
      period: periodText(period, locale),
      cumulativePeriod: periodText(sinceStart, locale),
      generatedAt: now,
      timeZone: deps.timeZone,
    },
    labels: Object.fromEntries(quarterlyLabelKeys().map((labelKey) => [labelKey, t(labelKey)])),
  });
  await recordAudit(deps.db, deps.cipher, {
    actorId: actor?.staffId ?? null,
    action: "report.quarterly",
    subjectType: "programme",
    subjectId: programme.id,
    details: { ...period, siteIds: sites.map((site) => site.id) },
    at: now,
  });
  return {
    workbook,
    filename: t("quarterly-filename", { programme: programme.code, period: key }),
    programmeName: programme.name,
    siteNames: sites.map((site) => site.name),
  };
}

// A typed number may be an id or a code made of digits.
function programmeWhere(reference: number | string) {
  if (typeof reference === "number") return { id: reference };
  return /^\d+$/.test(reference) ? { OR: [{ id: Number(reference) }, { code: reference }] } : { code: reference };
}

function reportSitesFor(actor: Actor, programme: ReportProgramme): SheetSite[] {
  if (isAdmin(actor, programme.id)) return programme.sites;
  return programme.sites.filter((site) => canManageSite(actor, { id: site.id, programmeId: programme.id }));
}

/** "1 gennaio – 31 marzo 2026" / "1 January – 31 March 2026"; the year on both ends when they differ. */
export function periodText(period: ReportPeriod, locale: string): string {
  const dateLocale = locale === "en" ? enGB : italian;
  const sameYear = period.startsOn.slice(0, 4) === period.endsOn.slice(0, 4);
  const first = format(parseISO(period.startsOn), sameYear ? "d MMMM" : "d MMMM yyyy", { locale: dateLocale });
  return `${first} – ${format(parseISO(period.endsOn), "d MMMM yyyy", { locale: dateLocale })}`;
}
