// Staff members as permission actors, loaded fresh for every update so deactivation takes effect at once.
import type { Actor, MembershipGrant, SiteRef } from "../domain/permissions.ts";
import { isRole } from "../domain/roles.ts";
import type { ServiceDeps } from "./deps.ts";
import { recordAudit } from "./audit.ts";
import { canDeactivate } from "../domain/permissions.ts";
import { notFoundOrNotAllowed } from "./errors.ts";

export interface StaffMember {
  id: number;
  telegramId: number;
  displayName: string;
  locale: string;
  active: boolean;
  actor: Actor;
  /** The command menu last published to their chat (see bot/command-menu.ts), null if none. */
  commandMenu: string | null;
  /** Since when they have blocked the bot; null while messages reach them. */
  unreachableSince: Date | null;
}

type StaffRow = {
  id: number;
  telegramId: bigint;
  displayName: string;
  locale: string;
  active: boolean;
  commandMenu: string | null;
  unreachableSince: Date | null;
  memberships: { role: string; siteId: number | null; programmeId: number | null }[];
};

function toStaffMember(row: StaffRow): StaffMember {
  const memberships: MembershipGrant[] = row.memberships.flatMap((m) =>
    isRole(m.role) ? [{ role: m.role, siteId: m.siteId, programmeId: m.programmeId }] : [],
  );
  return {
    id: row.id,
    telegramId: Number(row.telegramId),
    displayName: row.displayName,
    locale: row.locale,
    active: row.active,
    actor: { staffId: row.id, active: row.active, memberships },
    commandMenu: row.commandMenu,
    unreachableSince: row.unreachableSince,
  };
}

const withMemberships = { memberships: { select: { role: true, siteId: true, programmeId: true } } } as const;

export async function findStaffByTelegramId(deps: ServiceDeps, telegramId: number): Promise<StaffMember | null> {
  const row = await deps.db.staff.findUnique({ where: { telegramId: BigInt(telegramId) }, include: withMemberships });
  return row ? toStaffMember(row) : null;
}

export async function findStaffById(deps: ServiceDeps, staffId: number): Promise<StaffMember | null> {
  const row = await deps.db.staff.findUnique({ where: { id: staffId }, include: withMemberships });
  return row ? toStaffMember(row) : null;
}

export async function listSites(deps: {
  db: Pick<ServiceDeps["db"], "site">;
}): Promise<(SiteRef & { name: string; codePrefix: string })[]> {
  return deps.db.site.findMany({
    where: { active: true },
    select: { id: true, programmeId: true, name: true, codePrefix: true },
    orderBy: { name: "asc" },
  });
}

export async function setLocale(deps: ServiceDeps, staffId: number, locale: "it" | "en"): Promise<void> {
  await deps.db.staff.update({ where: { id: staffId }, data: { locale } });
}

/** Notes which command menu their chat now shows (null: the default one). */
export async function recordCommandMenu(deps: ServiceDeps, staffId: number, signature: string | null): Promise<void> {
  await deps.db.staff.update({ where: { id: staffId }, data: { commandMenu: signature } });
}

/** They blocked the bot (true) or started it again (false); returns whether anything changed. */
export async function setUnreachable(deps: ServiceDeps, staffId: number, unreachable: boolean): Promise<boolean> {
  const { count } = await deps.db.staff.updateMany({
    where: { id: staffId, unreachableSince: unreachable ? null : { not: null } },
    data: { unreachableSince: unreachable ? deps.clock() : null },
  });
  return count > 0;
}

export async function setPhone(deps: ServiceDeps, actor: Actor, phone: string): Promise<void> {
  await deps.db.staff.update({ where: { id: actor.staffId }, data: { phone } });
}

export interface StaffListing {
  id: number;
  displayName: string;
  active: boolean;
  /** Since when they have blocked the bot, if they have. */
  unreachableSince: Date | null;
  roles: { role: string; siteName: string | null }[];
}

/** Staff visible to the actor: everyone for admins, the staff of their sites for coordinators. */
export async function listStaff(deps: ServiceDeps, actor: Actor): Promise<StaffListing[]> {
  const sites = await listSites(deps);
  const rows = await deps.db.staff.findMany({
    include: { memberships: { include: { site: { select: { name: true } } } } },
    orderBy: { displayName: "asc" },
  });
  return rows
    .filter((row) => canDeactivate(actor, toStaffMember(row).actor, sites) || row.id === actor.staffId)
    .map((row) => ({
      id: row.id,
      displayName: row.displayName,
      active: row.active,
      unreachableSince: row.unreachableSince,
      roles: row.memberships.map((m) => ({ role: m.role, siteName: m.site?.name ?? null })),
    }));
}

export async function deactivateStaff(deps: ServiceDeps, actor: Actor | null, staffId: number): Promise<StaffMember> {
  const target = await findStaffById(deps, staffId);
  if (!target) throw notFoundOrNotAllowed();
  if (actor) {
    const sites = await listSites(deps);
    if (!canDeactivate(actor, target.actor, sites)) throw notFoundOrNotAllowed();
  }
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    await tx.staff.update({ where: { id: staffId }, data: { active: false, deactivatedAt: now } });
    await recordAudit(tx, deps.cipher, {
      actorId: actor?.staffId ?? null,
      action: "staff.deactivate",
      subjectType: "staff",
      subjectId: staffId,
      at: now,
    });
  });
  return { ...target, active: false, actor: { ...target.actor, active: false } };
}
