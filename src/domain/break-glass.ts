// Break the glass: extraordinary, audited access to one person's plan, kept narrow (same programme, a real reason,
// a few grants a day).
import type { Actor, SiteRef } from "./permissions.ts";

export const BREAK_GLASS_HOURS = 4;
export const BREAK_GLASS_MIN_REASON = 20;
export const BREAK_GLASS_MIN_WORDS = 3;
/** Grants per user in any 24 hours; the next request is refused and the programme's admins are alerted. */
export const BREAK_GLASS_DAILY_LIMIT = 3;

/** A reason that reads as words: ≥ 3 words with letters, ≥ 20 characters, not one character repeated. */
export function isReadableReason(reason: string): boolean {
  const words = reason.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  const characters = new Set(reason.replace(/[\s\p{P}]/gu, "").toLowerCase());
  return reason.length >= BREAK_GLASS_MIN_REASON && words.length >= BREAK_GLASS_MIN_WORDS && characters.size > 1;
}

/** Programmes the actor works in; null when a deployment-wide admin (every programme). */
export function programmesOf(actor: Actor, sites: readonly SiteRef[]): Set<number> | null {
  if (!actor.active) return new Set();
  const programmes = new Set<number>();
  for (const membership of actor.memberships) {
    if (membership.role === "admin" && membership.programmeId === null) return null;
    if (membership.programmeId !== null) programmes.add(membership.programmeId);
    const site = sites.find((candidate) => candidate.id === membership.siteId);
    if (site) programmes.add(site.programmeId);
  }
  return programmes;
}

/** Break the glass only into one's own programme (deployment-wide admins: any). */
export function mayBreakGlassInto(actor: Actor, personSiteIds: readonly number[], sites: readonly SiteRef[]): boolean {
  const own = programmesOf(actor, sites);
  if (own === null) return actor.active;
  return sites.some((site) => personSiteIds.includes(site.id) && own.has(site.programmeId));
}
