// Who may read a person's plan, and how: own sites, the sites of an on-call shift running right now, or a
// break-the-glass grant (same programme, a reason in words, 4 hours, at most 3 a day, the case manager, coordinators
// and programme admins told). Everything is audited.
import { addHours } from "date-fns/addHours";
import { subHours } from "date-fns/subHours";
import {
  BREAK_GLASS_DAILY_LIMIT,
  BREAK_GLASS_HOURS,
  BREAK_GLASS_MIN_REASON,
  BREAK_GLASS_MIN_WORDS,
  isReadableReason,
  mayBreakGlassInto,
  programmesOf,
} from "../domain/break-glass.ts";
import type { AccessVia } from "../domain/plan-card.ts";
import { type Actor, canManageSite, canSeePerson } from "../domain/permissions.ts";
import { normalisePersonCode } from "../domain/people.ts";
import { enqueueDelivery, type OutgoingMessage } from "./deliveries.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notAllowed, notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import { type PersonSummary, searchPeople, workingSites } from "./people.ts";
import { listSites } from "./staff.ts";
import { openShortName } from "./person-names.ts";
import { reserveIds } from "./row-ids.ts";

/** Most people a search lists; one more row is fetched so the caller can tell there are more. */
export const SEARCH_LIMIT = 8;

type Reader = Pick<ServiceDeps["db"], "onCallShiftSite" | "breakGlassGrant" | "handover">;
/** What access decisions read: the services' database or a transaction on it, so a check and its write agree. */
export type ScopeReader = { db: Reader & Pick<ServiceDeps["db"], "person" | "site"> };

/** Sites of the actor's on-call shifts running at `now` (a shift ends at endsAt, exclusive). */
export async function onCallSiteIds(db: Reader, staffId: number, now: Date): Promise<number[]> {
  const rows = await db.onCallShiftSite.findMany({
    where: { shift: { staffId, startsAt: { lte: now }, endsAt: { gt: now } } },
    select: { siteId: true },
  });
  return [...new Set(rows.map((row) => row.siteId))];
}

async function hasLiveGrant(db: Reader, staffId: number, personId: number, now: Date): Promise<boolean> {
  const grant = await db.breakGlassGrant.findFirst({
    where: { staffId, personId, expiresAt: { gt: now } },
    select: { id: true },
  });
  return grant !== null;
}

/** Sites that handed the person over and whose team still reads their records at `now`. */
async function readingSendingSites(db: Reader, personId: number, now: Date): Promise<number[]> {
  const rows = await db.handover.findMany({
    where: { personId, status: "accepted", readUntil: { gt: now } },
    select: { fromSiteId: true },
  });
  return rows.map((row) => row.fromSiteId);
}

export interface ScopedPerson {
  id: number;
  code: string;
  givenNameEnc: string;
  familyNameEnc: string;
  caseManagerId: number | null;
  /** Current sites: those no transfer has closed. */
  siteIds: number[];
}

/** A person as access decisions need them; null when unknown or erased. */
export async function loadScopedPerson(
  deps: ScopeReader,
  where: { id: number } | { code: string },
): Promise<ScopedPerson | null> {
  const row = await deps.db.person.findUnique({
    where,
    select: {
      id: true,
      code: true,
      givenNameEnc: true,
      familyNameEnc: true,
      caseManagerId: true,
      erasedAt: true,
      sites: { where: { toOn: null }, select: { siteId: true } },
    },
  });
  if (!row || row.erasedAt) return null;
  const { erasedAt: _erased, sites, ...person } = row;
  return { ...person, siteIds: sites.map((s) => s.siteId) };
}

/** How the actor may see the person right now, or null. The decision itself is the domain's canSeePerson. */
export async function accessVia(
  deps: ScopeReader,
  actor: Actor,
  person: ScopedPerson,
  now: Date,
): Promise<AccessVia | null> {
  if (!actor.active) return null;
  const sites = await listSites(deps);
  const none = { onCallSiteIds: [], hasBreakGlass: false };
  if (canSeePerson(actor, person, sites, none)) return "site";
  const onCall = await onCallSiteIds(deps.db, actor.staffId, now);
  if (canSeePerson(actor, person, sites, { ...none, onCallSiteIds: onCall })) return "on_call";
  const handedOverFromSiteIds = await readingSendingSites(deps.db, person.id, now);
  if (canSeePerson(actor, person, sites, { ...none, handedOverFromSiteIds })) return "handover";
  const granted = await hasLiveGrant(deps.db, actor.staffId, person.id, now);
  return canSeePerson(actor, person, sites, { onCallSiteIds: onCall, hasBreakGlass: granted }) ? "break_glass" : null;
}

/** May edit the plan: the person's case manager, or a coordinator (or admin) of one of the person's sites. */
export async function planEditRights(
  deps: ScopeReader,
  actor: Actor,
  person: ScopedPerson,
): Promise<{ edit: boolean; approve: boolean }> {
  if (!actor.active) return { edit: false, approve: false };
  const sites = (await listSites(deps)).filter((site) => person.siteIds.includes(site.id));
  const approve = sites.some((site) => canManageSite(actor, site));
  return { edit: approve || person.caseManagerId === actor.staffId, approve };
}

export function summarise(deps: ServiceDeps, person: ScopedPerson): PersonSummary {
  return {
    id: person.id,
    code: person.code,
    shortName: openShortName(deps.cipher, person),
    siteIds: person.siteIds,
  };
}

/**
 * People matching a code or part of a name among those the actor may see now: own sites, current on-call sites,
 * and, by exact code only, people read through a handover or a live break-the-glass grant (at most SEARCH_LIMIT + 1
 * rows).
 */
export async function findVisiblePeople(deps: ServiceDeps, actor: Actor, query: string): Promise<PersonSummary[]> {
  if (!actor.active) return [];
  const now = deps.clock();
  const siteIds = new Set([
    ...(await workingSites(deps, actor)).map((site) => site.id),
    ...(await onCallSiteIds(deps.db, actor.staffId, now)),
  ]);
  const found = await searchPeople(deps, [...siteIds], query, SEARCH_LIMIT + 1);
  const code = normalisePersonCode(query);
  if (code && !found.some((person) => person.code === code)) {
    const person = await loadScopedPerson(deps, { code });
    if (person && (await accessVia(deps, actor, person, now)) !== null) found.unshift(summarise(deps, person));
  }
  return found;
}

export interface BreakGlassNoticeFacts {
  personId: number;
  actorName: string;
  code: string;
  shortName: string;
  reason: string;
  expiresAt: Date;
}

/** Builds the notice in the recipient's language (the service does not know the bot's texts). */
export type BreakGlassNotice = (recipient: { locale: string }, facts: BreakGlassNoticeFacts) => OutgoingMessage;

export interface BreakGlassNotices {
  /** To the case manager, the coordinators of the person's sites and the programme's admins. */
  granted: BreakGlassNotice;
  /** To the admins of the user's programmes, when the user asks for more than the daily limit. */
  limitReached: (recipient: { locale: string }, facts: { actorName: string; limit: number }) => OutgoingMessage;
}

/** Admins of these programmes (null: of every programme) and deployment-wide admins. */
function adminsOf(programmeIds: Set<number> | null) {
  const programme =
    programmeIds === null ? {} : { OR: [{ programmeId: null }, { programmeId: { in: [...programmeIds] } }] };
  return { memberships: { some: { role: "admin", ...programme } } };
}

export interface BreakGlassResult {
  personId: number;
  grantId: number;
  expiresAt: Date;
  notified: number;
}

/**
 * Extraordinary access to one person of the user's programme, asked for by exact code with a reason in words, at
 * most BREAK_GLASS_DAILY_LIMIT times in 24 hours. For an unknown code or another programme the caller gets the same
 * refusal as for any other failure, only after the reason was given, and the attempt is audited.
 */
export async function breakGlass(
  deps: ServiceDeps,
  actor: Actor,
  input: { code: string; reason: string | null | undefined },
  notices: BreakGlassNotices,
): Promise<BreakGlassResult> {
  if (!actor.active) throw notAllowed();
  const now = deps.clock();
  const reason = (input.reason ?? "").replace(/\s+/g, " ").trim();
  const code = normalisePersonCode(input.code);
  const refusal = (cause: string) => ({
    actorId: actor.staffId,
    action: "plan.break_glass_refused" as const,
    subjectType: "person",
    subjectId: code,
    reason: reason || null,
    details: { cause },
    at: now,
  });
  if (!isReadableReason(reason)) {
    await recordAudit(deps.db, deps.cipher, refusal("reason_too_short"));
    throw new ServiceError("plans-break-glass-reason-short", {
      min: BREAK_GLASS_MIN_REASON,
      words: BREAK_GLASS_MIN_WORDS,
    });
  }
  const sites = await listSites(deps);
  const person = code ? await loadScopedPerson(deps, { code }) : null;
  const expiresAt = addHours(now, BREAK_GLASS_HOURS);
  const outcome = await deps.db.$transaction(async (tx) => {
    const reader = await tx.staff.findUniqueOrThrow({ where: { id: actor.staffId }, select: { displayName: true } });
    // Counted inside the transaction that writes the grant: two requests at once cannot both pass the limit.
    const recent = await tx.breakGlassGrant.count({
      where: { staffId: actor.staffId, createdAt: { gt: subHours(now, 24) } },
    });
    if (recent >= BREAK_GLASS_DAILY_LIMIT) {
      await recordAudit(tx, deps.cipher, refusal("daily_limit"));
      const admins = await tx.staff.findMany({
        where: { active: true, id: { not: actor.staffId }, ...adminsOf(programmesOf(actor, sites)) },
        select: { id: true, locale: true },
      });
      for (const admin of admins) {
        await enqueueDelivery(
          tx,
          deps.cipher,
          {
            dedupeKey: `breakglass-limit:${actor.staffId}:${now.getTime()}:${admin.id}`,
            kind: "break_glass",
            recipientId: admin.id,
            message: notices.limitReached(admin, { actorName: reader.displayName, limit: BREAK_GLASS_DAILY_LIMIT }),
          },
          now,
        );
      }
      return "limited" as const;
    }
    if (!person || !mayBreakGlassInto(actor, person.siteIds, sites)) {
      await recordAudit(tx, deps.cipher, refusal(person ? "other_programme" : "unknown_code"));
      return "refused" as const;
    }
    const grantId = await reserveIds(tx, "BreakGlassGrant");
    const grant = await tx.breakGlassGrant.create({
      data: {
        id: grantId,
        staffId: actor.staffId,
        personId: person.id,
        reasonEnc: deps.cipher.encrypt(reason, "BreakGlassGrant.reasonEnc", grantId),
        expiresAt,
        createdAt: now,
      },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "plan.break_glass",
      subjectType: "break_glass_grant",
      subjectId: grant.id,
      personId: person.id,
      reason,
      details: { code: person.code, expiresAt: expiresAt.toISOString() },
      at: now,
    });
    const personProgrammes = new Set(
      sites.filter((site) => person.siteIds.includes(site.id)).map((site) => site.programmeId),
    );
    const recipients = await tx.staff.findMany({
      where: {
        active: true,
        id: { not: actor.staffId },
        OR: [
          ...(person.caseManagerId ? [{ id: person.caseManagerId }] : []),
          { memberships: { some: { role: "coordinator", siteId: { in: person.siteIds } } } },
          adminsOf(personProgrammes),
        ],
      },
      select: { id: true, locale: true },
    });
    const facts = {
      personId: person.id,
      actorName: reader.displayName,
      code: person.code,
      shortName: summarise(deps, person).shortName,
      reason,
      expiresAt,
    };
    for (const recipient of recipients) {
      await enqueueDelivery(
        tx,
        deps.cipher,
        {
          dedupeKey: `breakglass:${grant.id}:${recipient.id}`,
          kind: "break_glass",
          recipientId: recipient.id,
          message: notices.granted(recipient, facts),
        },
        now,
      );
    }
    return { personId: person.id, grantId: grant.id, expiresAt, notified: recipients.length };
  });
  if (outcome === "limited") throw new ServiceError("plans-break-glass-limit", { max: BREAK_GLASS_DAILY_LIMIT });
  if (outcome === "refused") throw notFoundOrNotAllowed();
  return outcome;
}

export interface AuditTrailEntry {
  at: Date;
  actorName: string | null;
  action: string;
  page: string | null;
  via: string | null;
}

const TRAIL_LENGTH = 60;

/** Who read or changed a person's records and when: for admins and the coordinators of the person's sites. */
export async function auditTrail(
  deps: ServiceDeps,
  actor: Actor,
  typedCode: string,
): Promise<{ code: string; shortName: string; entries: AuditTrailEntry[] }> {
  const code = normalisePersonCode(typedCode);
  const person = code ? await loadScopedPerson(deps, { code }) : null;
  if (!person || !(await planEditRights(deps, actor, person)).approve) throw notFoundOrNotAllowed();
  const now = deps.clock();
  const rows = await deps.db.auditEntry.findMany({
    where: { personId: person.id },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: TRAIL_LENGTH,
    select: { at: true, action: true, details: true, actor: { select: { displayName: true } } },
  });
  await recordAudit(deps.db, deps.cipher, {
    actorId: actor.staffId,
    action: "plan.audit_view",
    subjectType: "person",
    subjectId: person.code,
    personId: person.id,
    at: now,
  });
  const entries = rows.map((row) => {
    const details = row.details ? (JSON.parse(row.details) as { page?: unknown; via?: unknown }) : {};
    return {
      at: row.at,
      actorName: row.actor?.displayName ?? null,
      action: row.action,
      page: typeof details.page === "string" ? details.page : null,
      via: typeof details.via === "string" ? details.via : null,
    };
  });
  return { code: person.code, shortName: summarise(deps, person).shortName, entries };
}
