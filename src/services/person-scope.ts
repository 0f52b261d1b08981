// The person a use case works on, loaded with what the checks need, and refused in the same words whether the
// person does not exist, is erased, or is outside the actor's roles at the person's current sites.
import { type Actor, hasRoleAt, type SiteRef } from "../domain/permissions.ts";
import { currentSiteIds } from "../domain/people.ts";
import type { Role } from "../domain/roles.ts";
import { localDate } from "../domain/weeks.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed } from "./errors.ts";
import { listSites } from "./staff.ts";
import { openShortName } from "./person-names.ts";

export type Writer = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

export const WORKING_ROLES: readonly Role[] = ["operator", "coordinator"];
export const COORDINATING_ROLES: readonly Role[] = ["coordinator"];

export interface PersonAtWork {
  id: number;
  code: string;
  shortName: string;
  intakeOn: string;
  dischargeOn: string | null;
  caseManagerId: number | null;
  /** Current sites (no transfer has closed them). */
  siteIds: number[];
  /** The current sites where the actor holds one of the roles asked for. */
  actorSites: (SiteRef & { name: string })[];
}

/** The person, if the actor holds one of `roles` at one of the person's current sites. */
export async function personForWork(
  deps: ServiceDeps,
  actor: Actor,
  personId: number,
  roles: readonly Role[],
): Promise<PersonAtWork> {
  const row = Number.isInteger(personId)
    ? await deps.db.person.findUnique({
        where: { id: personId },
        include: { sites: { select: { siteId: true, fromOn: true, toOn: true } } },
      })
    : null;
  if (!row || row.erasedAt || !actor.active) throw notFoundOrNotAllowed();
  const siteIds = currentSiteIds(row.sites);
  const sites = (await listSites(deps)).filter((site) => siteIds.includes(site.id));
  const actorSites = sites.filter((site) => hasRoleAt(actor, site, roles));
  if (actorSites.length === 0) throw notFoundOrNotAllowed();
  return {
    id: row.id,
    code: row.code,
    shortName: openShortName(deps.cipher, row),
    intakeOn: row.intakeOn,
    dischargeOn: row.dischargeOn,
    caseManagerId: row.caseManagerId,
    siteIds,
    actorSites,
  };
}

export function today(deps: ServiceDeps): string {
  return localDate(deps.clock(), deps.timeZone);
}
