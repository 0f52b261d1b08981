// People in charge: added by coordinators, searched by code or part of a name within the user's scope.
import { z } from "zod";
import { canManageSite, hasRoleAt, type Actor, type SiteRef } from "../domain/permissions.ts";
import { nextPersonCode, normalisePersonCode, shortName } from "../domain/people.ts";
import { LEGAL_STATUSES } from "../domain/legal-status.ts";
import { FRAGILITIES, GENDERS, type Role } from "../domain/roles.ts";
import { localDate } from "../domain/weeks.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { openShortName } from "./person-names.ts";
import { reserveIds } from "./row-ids.ts";
import { notAllowed } from "./errors.ts";
import { listSites } from "./staff.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD");

export const personInput = z.object({
  siteId: z.number().int().positive(),
  givenName: z.string().trim().min(1).max(80),
  familyName: z.string().trim().min(1).max(80),
  birthYear: z.number().int().min(1900).max(2100).nullish(),
  gender: z.enum(GENDERS).nullish(),
  legalStatus: z.enum(LEGAL_STATUSES),
  fragilities: z.array(z.enum(FRAGILITIES)).default([]),
  referringService: z.string().trim().max(120).nullish(),
  intakeOn: isoDate,
  caseManagerId: z.number().int().positive().nullish(),
  code: z.string().optional(),
});
export type PersonInput = z.input<typeof personInput>;

export interface PersonSummary {
  id: number;
  code: string;
  shortName: string;
  siteIds: number[];
}

type PersonWriter = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

/** Inserts one person inside a caller's transaction (shared by the bot and the CSV import). */
export async function insertPerson(
  tx: PersonWriter,
  deps: ServiceDeps,
  site: SiteRef & { codePrefix: string },
  data: z.output<typeof personInput>,
): Promise<{ id: number; code: string }> {
  let code = data.code ? normalisePersonCode(data.code) : null;
  if (!code) {
    const existing = await tx.person.findMany({
      where: { code: { startsWith: `${site.codePrefix}-` } },
      select: { code: true },
    });
    code = nextPersonCode(
      site.codePrefix,
      existing.map((p) => p.code),
    );
  }
  const id = await reserveIds(tx, "Person");
  const person = await tx.person.create({
    data: {
      id,
      code,
      givenNameEnc: deps.cipher.encrypt(data.givenName, "Person.givenNameEnc", id),
      familyNameEnc: deps.cipher.encrypt(data.familyName, "Person.familyNameEnc", id),
      birthYear: data.birthYear ?? null,
      gender: data.gender ?? null,
      referringService: data.referringService ?? null,
      intakeOn: data.intakeOn,
      caseManagerId: data.caseManagerId ?? null,
      sites: { create: [{ siteId: site.id, fromOn: data.intakeOn }] },
      // The status at intake is the first period of the person's legal position.
      legalStatuses: { create: [{ status: data.legalStatus, fromOn: data.intakeOn }] },
      fragilities: { create: data.fragilities.map((flag) => ({ flag })) },
      nameTokens: {
        create: deps.cipher.nameTokens(data.givenName, data.familyName).map((token) => ({ token })),
      },
    },
  });
  return { id: person.id, code: person.code };
}

export async function addPerson(deps: ServiceDeps, actor: Actor, input: PersonInput): Promise<PersonSummary> {
  const data = personInput.parse(input);
  const site = (await listSites(deps)).find((s) => s.id === data.siteId);
  if (!site || !canManageSite(actor, site)) throw notAllowed();
  const created = await deps.db.$transaction(async (tx) => {
    const person = await insertPerson(tx, deps, site, data);
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "person.create",
      subjectType: "person",
      subjectId: person.code,
      personId: person.id,
      at: deps.clock(),
    });
    return person;
  });
  return {
    id: created.id,
    code: created.code,
    shortName: shortName(data.givenName, data.familyName),
    siteIds: [site.id],
  };
}

const SEARCH_ROLES: readonly Role[] = ["operator", "coordinator"];

/** Sites whose people the actor works with (operators, coordinators, admins). */
export async function workingSites(deps: ServiceDeps, actor: Actor, roles: readonly Role[] = SEARCH_ROLES) {
  return (await listSites(deps)).filter((site) => hasRoleAt(actor, site, roles));
}

/** Finds people by exact code or by a name prefix, only among the given sites; at most `limit` results. */
export async function searchPeople(
  deps: ServiceDeps,
  siteIds: readonly number[],
  query: string,
  limit = 8,
): Promise<PersonSummary[]> {
  if (siteIds.length === 0) return [];
  const code = normalisePersonCode(query);
  const token = deps.cipher.searchToken(query);
  // A well-formed code names one person: look it up by its unique index instead of searching names too.
  const or = code
    ? [{ code }]
    : [...(token ? [{ nameTokens: { some: { token } } }] : []), { code: { startsWith: query.trim().toUpperCase() } }];
  const rows = await deps.db.person.findMany({
    where: { erasedAt: null, sites: { some: { siteId: { in: [...siteIds] }, toOn: null } }, OR: or },
    select: {
      id: true,
      code: true,
      givenNameEnc: true,
      familyNameEnc: true,
      sites: { where: { toOn: null }, select: { siteId: true } },
    },
    orderBy: { code: "asc" },
    take: limit,
  });
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    shortName: openShortName(deps.cipher, row),
    siteIds: row.sites.map((s) => s.siteId),
  }));
}

export async function searchPeopleForActor(deps: ServiceDeps, actor: Actor, query: string, limit = 8) {
  const sites = await workingSites(deps, actor);
  return searchPeople(
    deps,
    sites.map((s) => s.id),
    query,
    limit,
  );
}

export interface PersonInCharge extends PersonSummary {
  intakeOn: string;
  /** The actor coordinates one of the person's current sites (may change the record, not only read it). */
  coordinated: boolean;
}

/** People in charge today at the sites where the actor works, by code: the list the path flows pick from. */
export async function peopleInCharge(deps: ServiceDeps, actor: Actor): Promise<PersonInCharge[]> {
  const sites = await workingSites(deps, actor);
  if (sites.length === 0) return [];
  const today = localDate(deps.clock(), deps.timeZone);
  const rows = await deps.db.person.findMany({
    where: {
      erasedAt: null,
      intakeOn: { lte: today },
      OR: [{ dischargeOn: null }, { dischargeOn: { gt: today } }],
      sites: { some: { siteId: { in: sites.map((s) => s.id) }, toOn: null } },
    },
    select: {
      id: true,
      code: true,
      givenNameEnc: true,
      familyNameEnc: true,
      intakeOn: true,
      sites: { where: { toOn: null }, select: { siteId: true } },
    },
    orderBy: { code: "asc" },
  });
  return rows.map((row) => {
    const siteIds = row.sites.map((s) => s.siteId);
    return {
      id: row.id,
      code: row.code,
      shortName: openShortName(deps.cipher, row),
      siteIds,
      intakeOn: row.intakeOn,
      coordinated: sites.some((site) => siteIds.includes(site.id) && canManageSite(actor, site)),
    };
  });
}
