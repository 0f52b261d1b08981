// The funder's monitoring sheet of a programme for any period (a quarter, a year, any range) as .xlsx, with labels in
// the requested language. Admins (and the CLI) get every site of the programme; coordinators the sites of it they
// coordinate. The cumulative column spans from the programme's start to the period's end, loaded once.
import { format, parseISO } from "date-fns";
import { enGB, it as italian } from "date-fns/locale";
import { z } from "zod";
import {
  funderSheetScopes,
  type OutputIndicatorInput,
  type OutputIndicatorResult,
  OutputIndicatorSheet,
  type SheetSession,
  type SheetSite,
} from "../../domain/output-indicators.ts";
import { type Actor, canManageSite, isAdmin } from "../../domain/permissions.ts";
import { periodKey, type ReportPeriod } from "../../domain/report-periods.ts";
import type { Statement } from "better-sqlite3";
import { readerFor, statement } from "../../db/sqlite.ts";
import { translatorFor } from "../../i18n.ts";
import { isoDate } from "../activities.ts";
import { recordAudit } from "../audit.ts";
import type { ServiceDeps } from "../deps.ts";
import { notFoundOrNotAllowed } from "../errors.ts";
import { targetsOf } from "../targets.ts";
import { pathLines } from "./path-lines.ts";
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
  const [inPeriod, cumulative] = loadOutputIndicators(deps.db, programme.id, sites, [period, sinceStart]) as [
    OutputIndicatorResult,
    OutputIndicatorResult,
  ];
  const t = translatorFor(locale);
  const totalName = t("quarterly-column-total");
  const scopes = funderSheetScopes(inPeriod, cumulative, await targetsOf(deps.db, programme.id), totalName);
  const siteNames = Object.fromEntries(sites.map((site) => [site.id, site.name]));
  const now = deps.clock();
  const key = periodKey(period);
  const paths = pathLines(
    deps.db,
    [
      ...sites.map((site) => ({ name: site.name, siteIds: [site.id] })),
      { name: totalName, siteIds: sites.map((site) => site.id) },
    ],
    period,
    t,
  );
  const workbook = await buildQuarterlyWorkbook({
    scopes,
    paths,
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

/**
 * The indicators of the sites for each span (the period and the span since the programme's start), from one read
 * transaction on the raw read-only connection. A programme's sessions since its start hold hundreds of thousands of
 * attendance marks: they stream one row per session (with its present people) into the sheet, never all in memory.
 */
export function loadOutputIndicators(
  db: Db,
  programmeId: number,
  sites: readonly SheetSite[],
  spans: readonly ReportPeriod[],
): OutputIndicatorResult[] {
  const reader = readerFor(db);
  const siteIds = sites.map((site) => site.id);
  const inSites = siteIds.map(() => "?").join(", ") || "NULL";
  const from = spans.reduce((first, span) => (span.startsOn < first ? span.startsOn : first), spans[0]?.startsOn ?? "");
  const to = spans.reduce((last, span) => (span.endsOn > last ? span.endsOn : last), spans[0]?.endsOn ?? "");
  const all = (sql: string, ...params: unknown[]): Row[] =>
    (statement(reader, sql) as Statement<unknown[], Row>).all(...params);
  const sessionParams = [...siteIds, from, to];
  const sitePeople = `SELECT "personId" FROM "PersonSite" WHERE "siteId" IN (${inSites})`;
  const bySpan = { startsOn: from, endsOn: to };
  return reader.transaction((): OutputIndicatorResult[] => {
    const peopleWhere = (ids: string) => `"id" IN (${ids})`;
    const loadPeople = (where: string, ...params: unknown[]) => {
      const personWhere = where.replaceAll('"id" IN', '"personId" IN');
      const sitesOf = groupRows(
        all(`SELECT "personId", "siteId", "fromOn", "toOn" FROM "PersonSite" WHERE ${personWhere}`, ...params),
        (row) => ({ siteId: row.siteId as number, fromOn: row.fromOn as string, toOn: row.toOn as string | null }),
      );
      const statusesOf = groupRows(
        all(`SELECT "personId", "status", "fromOn" FROM "LegalStatusPeriod" WHERE ${personWhere}`, ...params),
        (row) => ({ status: row.status as string, fromOn: row.fromOn as string }),
      );
      const fragilitiesOf = groupRows(
        all(`SELECT "personId", "flag" FROM "PersonFragility" WHERE ${personWhere}`, ...params),
        (row) => row.flag as string,
      );
      return all(
        `SELECT "id", "intakeOn", "dischargeOn", "birthYear", "gender" FROM "Person" WHERE ${where}`,
        ...params,
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
    const people = loadPeople(peopleWhere(sitePeople), ...siteIds);
    const activities = all(`SELECT "id", "kind" FROM "Activity" WHERE "siteId" IN (${inSites})`, ...siteIds) as {
      id: number;
      kind: string;
    }[];
    const sheet = new OutputIndicatorSheet(sites, people, activities, spans);
    const sessions = statement(
      reader,
      `SELECT s."id", s."siteId", s."kind", s."activityId", s."occurredOn",
              (SELECT group_concat(a."personId") FROM "Attendance" a
               WHERE a."sessionId" = s."id" AND a."status" = 'present') AS "present"
       FROM "Session" s WHERE s."siteId" IN (${inSites}) AND s."occurredOn" BETWEEN ? AND ? AND s."voidedAt" IS NULL`,
    ) as Statement<unknown[], Row>;
    // People present at the sites' sessions though registered elsewhere are rare: their sessions wait for them.
    const waiting: SheetSession[] = [];
    for (const row of sessions.iterate(...sessionParams)) {
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
    }
    const strangers = [...new Set(waiting.flatMap((session) => session.present))];
    for (let start = 0; start < strangers.length; start += 500) {
      const ids = strangers.slice(start, start + 500);
      sheet.addPeople(loadPeople(peopleWhere(ids.map(() => "?").join(", ")), ...ids));
    }
    for (const session of waiting) sheet.addSession(session);
    return sheet.results({
      internships: all(
        `SELECT i."id", i."personId", i."hostId", i."startsOn", i."endsOn", i."outcome" FROM "Internship" i
         WHERE i."personId" IN (SELECT "personId" FROM "PersonSite" WHERE "siteId" IN (${inSites}))
           AND i."startsOn" <= ? AND (i."endsOn" IS NULL OR i."endsOn" >= ?)`,
        ...siteIds,
        bySpan.endsOn,
        bySpan.startsOn,
      ) as unknown as OutputIndicatorInput["internships"],
      housingStays: all(
        `SELECT "id", "personId", "siteId", "fromOn", "toOn" FROM "HousingStay"
         WHERE "siteId" IN (${inSites}) AND "fromOn" <= ? AND ("toOn" IS NULL OR "toOn" > ?)`,
        ...siteIds,
        bySpan.endsOn,
        bySpan.startsOn,
      ) as unknown as OutputIndicatorInput["housingStays"],
      openingHours: all(
        `SELECT "siteId", "fromOn", "weekday", "opensAt", "closesAt" FROM "OpeningHours" WHERE "siteId" IN (${inSites})`,
        ...siteIds,
      ) as unknown as OutputIndicatorInput["openingHours"],
      closures: all(
        `SELECT "siteId", "fromOn", "toOn" FROM "SiteClosure" WHERE "siteId" IN (${inSites}) AND "fromOn" <= ? AND "toOn" >= ?`,
        ...siteIds,
        bySpan.endsOn,
        bySpan.startsOn,
      ) as unknown as OutputIndicatorInput["closures"],
      outputs: all(
        `SELECT "id", "siteId", "kind", "issuedOn" AS "on" FROM "ProgrammeOutput"
         WHERE "programmeId" = ? AND "issuedOn" BETWEEN ? AND ?`,
        programmeId,
        bySpan.startsOn,
        bySpan.endsOn,
      ) as unknown as OutputIndicatorInput["outputs"],
    });
  })();
}

type Row = Record<string, unknown>;

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
