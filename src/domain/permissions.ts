// Role × site permissions: pure functions, used by services (the enforcement point) and by handlers (for menus).
import type { Role } from "./roles.ts";

export interface MembershipGrant {
  role: Role;
  siteId: number | null;
  /** Admins only: null means every programme. */
  programmeId: number | null;
}

export interface Actor {
  staffId: number;
  active: boolean;
  memberships: readonly MembershipGrant[];
}

export interface SiteRef {
  id: number;
  programmeId: number;
}

function grants(actor: Actor): readonly MembershipGrant[] {
  return actor.active ? actor.memberships : [];
}

export function isAdmin(actor: Actor, programmeId?: number): boolean {
  return grants(actor).some(
    (m) => m.role === "admin" && (m.programmeId === null || programmeId === undefined || m.programmeId === programmeId),
  );
}

export function hasRoleAt(actor: Actor, site: SiteRef, roles: readonly Role[]): boolean {
  if (isAdmin(actor, site.programmeId)) return true;
  return grants(actor).some((m) => m.siteId === site.id && roles.includes(m.role));
}

/** Sites where the actor holds one of the roles (admins: every site of their programmes). */
export function sitesWithRole(actor: Actor, allSites: readonly SiteRef[], roles: readonly Role[]): SiteRef[] {
  return allSites.filter((site) => hasRoleAt(actor, site, roles));
}

export function canLogAt(actor: Actor, site: SiteRef): boolean {
  return hasRoleAt(actor, site, ["operator", "coordinator"]);
}

export function canManageSite(actor: Actor, site: SiteRef): boolean {
  return hasRoleAt(actor, site, ["coordinator"]);
}

/** Admins invite anyone; coordinators invite operators, on-call staff and coordinators to their own sites. */
export function canInvite(actor: Actor, role: Role, site: SiteRef | null): boolean {
  if (role === "admin") return site === null && isAdmin(actor);
  if (site === null) return false;
  return canManageSite(actor, site);
}

/**
 * Deployment-wide admins deactivate anyone but themselves. Programme admins and coordinators deactivate non-admins
 * whose sites are all within their reach (hasRoleAt counts a programme admin as coordinator of its sites).
 */
export function canDeactivate(actor: Actor, target: Actor, allSites: readonly SiteRef[]): boolean {
  if (actor.staffId === target.staffId) return false;
  if (grants(actor).some((m) => m.role === "admin" && m.programmeId === null)) return true;
  if (target.memberships.some((m) => m.role === "admin")) return false;
  const targetSites = allSites.filter((site) => target.memberships.some((m) => m.siteId === site.id));
  return targetSites.length > 0 && targetSites.every((site) => canManageSite(actor, site));
}

export interface PersonScope {
  siteIds: readonly number[];
}

export interface AccessContext {
  /** Sites of the actor's on-call shift running right now. */
  onCallSiteIds: readonly number[];
  /** An unexpired break-the-glass grant for this person. */
  hasBreakGlass: boolean;
  /** Sites that handed the person over to another site and still read their records (a bounded time). */
  handedOverFromSiteIds?: readonly number[];
}

/**
 * Who may see a person's records (plan cards, history): own sites, current on-call sites, the team of a site that
 * handed the person over (for a bounded time), or break-the-glass.
 */
export function canSeePerson(
  actor: Actor,
  person: PersonScope,
  sites: readonly SiteRef[],
  context: AccessContext,
): boolean {
  if (!actor.active) return false;
  const personSites = sites.filter((site) => person.siteIds.includes(site.id));
  if (personSites.some((site) => hasRoleAt(actor, site, ["operator", "coordinator"]))) return true;
  if (person.siteIds.some((id) => context.onCallSiteIds.includes(id))) return true;
  const sendingSites = sites.filter((site) => context.handedOverFromSiteIds?.includes(site.id));
  if (sendingSites.some((site) => hasRoleAt(actor, site, ["operator", "coordinator"]))) return true;
  return context.hasBreakGlass;
}

/** Logging sessions and events for a person requires working at one of the person's sites. */
export function canLogForPerson(actor: Actor, person: PersonScope, sites: readonly SiteRef[]): boolean {
  return sites.some((site) => person.siteIds.includes(site.id) && canLogAt(actor, site));
}

export interface ReleaseScope {
  /** The site the person leaves from. */
  site: SiteRef;
  caseManagerId: number | null;
  /** That site's network social worker. */
  networkWorkerId: number | null;
}

/** Who prepares a protected discharge: the person's case manager, the site's network social worker, its coordinators. */
export function canPrepareRelease(actor: Actor, release: ReleaseScope): boolean {
  if (!actor.active) return false;
  if (actor.staffId === release.caseManagerId || actor.staffId === release.networkWorkerId) return true;
  return canManageSite(actor, release.site);
}
