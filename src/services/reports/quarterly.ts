// The quarterly monitoring sheet of a programme as .xlsx, with labels in the requested language.
// Admins (and the CLI) get every site of the programme; coordinators the sites of it they coordinate.
import { format, parseISO } from "date-fns";
import { enGB, it as italian } from "date-fns/locale";
import { z } from "zod";
import { type Actor, canManageSite, isAdmin } from "../../domain/permissions.ts";
import { computeQuarterlyIndicators } from "../../domain/quarterly.ts";
import type { QuarterlyInput, QuarterlySite } from "../../domain/quarterly.ts";
import { quarterRange } from "../../domain/weeks.ts";
import type { QuarterKey } from "../../domain/weeks.ts";
import { translatorFor } from "../../i18n.ts";
import { recordAudit } from "../audit.ts";
import type { ServiceDeps } from "../deps.ts";
import { notFoundOrNotAllowed } from "../errors.ts";
import { buildQuarterlyWorkbook, quarterlyLabelKeys } from "./quarterly-xlsx.ts";

type Db = ServiceDeps["db"];

export const quarterlyRequest = z.object({
  /** Programme id, or its code (the CLI accepts both). */
  programme: z.union([z.number().int().positive(), z.string().trim().min(1)]),
  quarterKey: z.string().regex(/^\d{4}Q[1-4]$/, "quarter must look like 2026Q1"),
  locale: z.enum(["it", "en"]).default("it"),
});
export type QuarterlyRequest = z.input<typeof quarterlyRequest>;

export interface QuarterlySheet {
  workbook: Buffer;
  filename: string;
  programmeName: string;
  siteNames: string[];
}

export interface QuarterlyProgrammeOption {
  id: number;
  name: string;
}

interface ProgrammeWithSites {
  id: number;
  code: string;
  name: string;
  funder: string;
  sites: QuarterlySite[];
}

const programmeWithSites = {
  id: true,
  code: true,
  name: true,
  funder: true,
  sites: { select: { id: true, name: true, kind: true }, orderBy: { name: "asc" } },
} as const;

/** Programmes the actor may ask the sheet for: those they administer or coordinate a site of. */
export async function quarterlyProgrammesFor(deps: ServiceDeps, actor: Actor): Promise<QuarterlyProgrammeOption[]> {
  const programmes = await deps.db.programme.findMany({ select: programmeWithSites, orderBy: { name: "asc" } });
  return programmes
    .filter((programme) => sitesFor(actor, programme).length > 0)
    .map((programme) => ({ id: programme.id, name: programme.name }));
}

/** The sheet for a programme and quarter; `actor` null is the programme office's shell (every site). */
export async function quarterlySheet(
  deps: ServiceDeps,
  actor: Actor | null,
  request: QuarterlyRequest,
): Promise<QuarterlySheet> {
  const { programme: reference, quarterKey, locale } = quarterlyRequest.parse(request);
  const programme = await deps.db.programme.findFirst({ where: programmeWhere(reference), select: programmeWithSites });
  if (!programme) throw notFoundOrNotAllowed();
  const sites = actor ? sitesFor(actor, programme) : programme.sites;
  if (sites.length === 0) throw notFoundOrNotAllowed();

  const input = await loadQuarterlyInput(
    deps.db,
    sites.map((site) => site.id),
    quarterKey,
  );
  const result = computeQuarterlyIndicators(input, sites, quarterKey);
  const t = translatorFor(locale);
  const now = deps.clock();
  const workbook = await buildQuarterlyWorkbook(
    result,
    {
      programmeName: programme.name,
      funder: programme.funder,
      quarterKey,
      period: periodText(quarterKey, locale),
      generatedAt: now,
      timeZone: deps.timeZone,
    },
    Object.fromEntries(quarterlyLabelKeys().map((key) => [key, t(key)])),
  );
  await recordAudit(deps.db, deps.cipher, {
    actorId: actor?.staffId ?? null,
    action: "report.quarterly",
    subjectType: "programme",
    subjectId: programme.id,
    details: { quarterKey, siteIds: sites.map((site) => site.id) },
    at: now,
  });
  return {
    workbook,
    filename: t("quarterly-filename", { programme: programme.code, quarter: quarterKey }),
    programmeName: programme.name,
    siteNames: sites.map((site) => site.name),
  };
}

// A typed number may be an id or a code made of digits.
function programmeWhere(reference: number | string) {
  if (typeof reference === "number") return { id: reference };
  return /^\d+$/.test(reference) ? { OR: [{ id: Number(reference) }, { code: reference }] } : { code: reference };
}

function sitesFor(actor: Actor, programme: ProgrammeWithSites): QuarterlySite[] {
  if (isAdmin(actor, programme.id)) return programme.sites;
  return programme.sites.filter((site) => canManageSite(actor, { id: site.id, programmeId: programme.id }));
}

/** "1 gennaio – 31 marzo 2026" / "1 January – 31 March 2026". */
export function periodText(quarterKey: QuarterKey, locale: string): string {
  const { startsOn, endsOn } = quarterRange(quarterKey);
  const dateLocale = locale === "en" ? enGB : italian;
  return `${format(parseISO(startsOn), "d MMMM", { locale: dateLocale })} – ${format(parseISO(endsOn), "d MMMM yyyy", { locale: dateLocale })}`;
}

/** The rows computeQuarterlyIndicators needs for the sites and the quarter, one query per table. */
export async function loadQuarterlyInput(
  db: Db,
  siteIds: readonly number[],
  quarterKey: QuarterKey,
): Promise<QuarterlyInput> {
  const { startsOn, endsOn } = quarterRange(quarterKey);
  const inSites = { in: [...siteIds] };
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
      attendance: { select: { personId: true, status: true } },
    },
  });
  const attendance = sessions.flatMap((session) =>
    session.attendance.map((row) => ({ sessionId: session.id, personId: row.personId, status: row.status })),
  );
  // People of the sites, and anyone present at their sessions (a person may be registered at another site).
  const attendeeIds = [...new Set(attendance.map((row) => row.personId))];
  const [people, activities, internships, housingStays, referrals] = await Promise.all([
    db.person.findMany({
      where: { OR: [{ sites: { some: { siteId: inSites } } }, { id: { in: attendeeIds } }] },
      select: {
        id: true,
        intakeOn: true,
        dischargeOn: true,
        birthYear: true,
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
    db.referral.findMany({
      where: { siteId: inSites, receivedOn: { gte: startsOn, lte: endsOn } },
      select: { id: true, siteId: true, receivedOn: true },
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
    referrals,
  };
}
