// The funder's monitoring sheet of a programme for any period (a quarter, a year, any range) as .xlsx, with labels in
// the requested language. Admins (and the CLI) get every site of the programme; coordinators the sites of it they
// coordinate. The cumulative column spans from the programme's start to the period's end, loaded once.
import { format, parseISO } from "date-fns";
import { enGB, it as italian } from "date-fns/locale";
import { z } from "zod";
import {
  computeOutputIndicators,
  funderSheetScopes,
  type OutputIndicatorInput,
  type SheetSite,
} from "../../domain/output-indicators.ts";
import { type Actor, canManageSite, isAdmin } from "../../domain/permissions.ts";
import { periodKey, type ReportPeriod } from "../../domain/report-periods.ts";
import { translatorFor } from "../../i18n.ts";
import { isoDate } from "../activities.ts";
import { recordAudit } from "../audit.ts";
import type { ServiceDeps } from "../deps.ts";
import { notFoundOrNotAllowed } from "../errors.ts";
import { targetsOf } from "../targets.ts";
import { buildQuarterlyWorkbook, quarterlyLabelKeys } from "./quarterly-xlsx.ts";

type Db = ServiceDeps["db"];

const programmeReference = z.union([z.number().int().positive(), z.string().trim().min(1)]);
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
  const input = await loadOutputIndicatorInput(deps.db, programme.id, sites, sinceStart);
  const inPeriod = computeOutputIndicators(input, sites, period);
  const cumulative = computeOutputIndicators(input, sites, sinceStart);
  const t = translatorFor(locale);
  const totalName = t("quarterly-column-total");
  const scopes = funderSheetScopes(inPeriod, cumulative, await targetsOf(deps.db, programme.id), totalName);
  const siteNames = Object.fromEntries(sites.map((site) => [site.id, site.name]));
  const now = deps.clock();
  const key = periodKey(period);
  const workbook = await buildQuarterlyWorkbook({
    scopes,
    breakdowns: [
      ...inPeriod.sites.map((site) => ({ name: site.siteName, breakdown: site.breakdown, siteNames })),
      { name: totalName, breakdown: inPeriod.total.breakdown, siteNames },
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

/** The rows computeOutputIndicators needs for the sites over the span, one query per table. */
export async function loadOutputIndicatorInput(
  db: Db,
  programmeId: number,
  sites: readonly SheetSite[],
  span: ReportPeriod,
): Promise<OutputIndicatorInput> {
  const { startsOn, endsOn } = span;
  const inSites = { in: sites.map((site) => site.id) };
  const sessions = await db.session.findMany({
    where: { siteId: inSites, occurredOn: { gte: startsOn, lte: endsOn }, voidedAt: null },
    select: {
      id: true,
      siteId: true,
      kind: true,
      activityId: true,
      occurredAt: true,
      occurredOn: true,
      recordedAt: true,
      durationMinutes: true,
      authorId: true,
      voidedAt: true,
      attendance: { where: { status: "present" }, select: { personId: true, status: true } },
    },
  });
  const attendance = sessions.flatMap((session) =>
    session.attendance.map((row) => ({ sessionId: session.id, personId: row.personId, status: row.status })),
  );
  // People of the sites, and anyone present at their sessions (a person may be registered at another site).
  const attendeeIds = [...new Set(attendance.map((row) => row.personId))];
  const [people, activities, internships, housingStays, openingHours, closures, outputs] = await Promise.all([
    db.person.findMany({
      where: { OR: [{ sites: { some: { siteId: inSites } } }, { id: { in: attendeeIds } }] },
      select: {
        id: true,
        intakeOn: true,
        dischargeOn: true,
        birthYear: true,
        gender: true,
        sites: { select: { siteId: true, fromOn: true, toOn: true } },
        legalStatuses: { select: { status: true, fromOn: true } },
        fragilities: { select: { flag: true } },
      },
    }),
    db.activity.findMany({ where: { siteId: inSites }, select: { id: true, siteId: true, kind: true } }),
    db.internship.findMany({
      where: {
        person: { sites: { some: { siteId: inSites } } },
        startsOn: { lte: endsOn },
        OR: [{ endsOn: null }, { endsOn: { gte: startsOn } }],
      },
      select: { id: true, personId: true, hostId: true, startsOn: true, endsOn: true, outcome: true },
    }),
    db.housingStay.findMany({
      where: { siteId: inSites, fromOn: { lte: endsOn }, OR: [{ toOn: null }, { toOn: { gt: startsOn } }] },
      select: { id: true, personId: true, siteId: true, fromOn: true, toOn: true },
    }),
    db.openingHours.findMany({
      where: { siteId: inSites },
      select: { siteId: true, fromOn: true, weekday: true, opensAt: true, closesAt: true },
    }),
    db.siteClosure.findMany({
      where: { siteId: inSites, fromOn: { lte: endsOn }, toOn: { gte: startsOn } },
      select: { siteId: true, fromOn: true, toOn: true },
    }),
    db.programmeOutput.findMany({
      where: { programmeId, issuedOn: { gte: startsOn, lte: endsOn } },
      select: { id: true, siteId: true, kind: true, issuedOn: true },
    }),
  ]);
  return {
    sessions: sessions.map(({ attendance: _attendance, ...session }) => session),
    attendance,
    people: people.map(({ fragilities, ...person }) => ({
      ...person,
      fragilities: fragilities.map((row) => row.flag),
    })),
    activities,
    internships,
    housingStays,
    openingHours,
    closures,
    outputs: outputs.map(({ issuedOn, ...output }) => ({ ...output, on: issuedOn })),
  };
}
