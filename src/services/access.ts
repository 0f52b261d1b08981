// Invitation-only access: single-use codes stored hashed, bootstrap admins, and the first /start.
import { randomBytes } from "node:crypto";
import { addHours } from "date-fns/addHours";
import { z } from "zod";
import { formatInviteCode, INVITE_VALIDITY_HOURS, normaliseInviteCode } from "../domain/invites.ts";
import { type Actor, canInvite, type SiteRef } from "../domain/permissions.ts";
import { ROLES, type Role } from "../domain/roles.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notAllowed, ServiceError } from "./errors.ts";
import { findStaffByTelegramId, listSites, type StaffMember } from "./staff.ts";

/** Keyed, so that a copy of the database alone does not allow checking guesses offline. */
function hashInviteCode(deps: Pick<ServiceDeps, "cipher">, normalisedCode: string): string {
  return deps.cipher.keyedHash("invite", normalisedCode);
}

export const INVITE_MAX_ATTEMPTS = 5;
export const INVITE_ATTEMPT_WINDOW_MS = 15 * 60_000;

/** Records an invite code typed by a newcomer; false once they typed more than the limit in the window. */
export async function inviteAttemptAllowed(deps: ServiceDeps, telegramId: number): Promise<boolean> {
  const now = deps.clock();
  const windowStart = new Date(now.getTime() - INVITE_ATTEMPT_WINDOW_MS);
  return deps.db.$transaction(async (tx) => {
    await tx.inviteAttempt.deleteMany({ where: { at: { lte: windowStart } } });
    await tx.inviteAttempt.create({ data: { telegramId: BigInt(telegramId), at: now } });
    const recent = await tx.inviteAttempt.count({ where: { telegramId: BigInt(telegramId) } });
    return recent <= INVITE_MAX_ATTEMPTS;
  });
}

const inviteInput = z.object({ role: z.enum(ROLES), siteId: z.number().int().positive().nullable() });

export interface CreatedInvite {
  code: string;
  expiresAt: Date;
}

export async function createInvite(
  deps: ServiceDeps,
  actor: Actor,
  input: { role: Role; siteId: number | null },
): Promise<CreatedInvite> {
  const { role, siteId } = inviteInput.parse(input);
  const sites = await listSites(deps);
  const site: SiteRef | null = siteId === null ? null : (sites.find((s) => s.id === siteId) ?? null);
  if (siteId !== null && !site) throw notAllowed();
  if (!canInvite(actor, role, site)) throw notAllowed();
  return issueInvite(deps, { role, site, createdById: actor.staffId });
}

/**
 * Writes a single-use invite without a permission check: for createInvite (after its check) and for the admin CLI,
 * which runs on the server and must work before any admin exists (createdById null).
 */
export async function issueInvite(
  deps: ServiceDeps,
  input: { role: Role; site: SiteRef | null; createdById: number | null },
): Promise<CreatedInvite> {
  const { role, site, createdById } = input;
  const siteId = site?.id ?? null;
  const code = formatInviteCode(randomBytes(16));
  const now = deps.clock();
  const expiresAt = addHours(now, INVITE_VALIDITY_HOURS);
  await deps.db.$transaction(async (tx) => {
    const invite = await tx.invite.create({
      data: {
        codeHash: hashInviteCode(deps, normaliseInviteCode(code) ?? code),
        role,
        siteId,
        programmeId: site?.programmeId ?? null,
        createdById,
        expiresAt,
      },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: createdById,
      action: "invite.create",
      subjectType: "invite",
      subjectId: invite.id,
      details: { role, siteId },
      at: now,
    });
  });
  return { code, expiresAt };
}

export interface NewcomerProfile {
  telegramId: number;
  displayName: string;
  languageCode: string | undefined;
}

function localeFrom(languageCode: string | undefined, fallback: string): "it" | "en" {
  if (languageCode?.startsWith("it")) return "it";
  if (languageCode?.startsWith("en")) return "en";
  return fallback === "en" ? "en" : "it";
}

/** Redeems a code; the same refusal for unknown, used and expired codes. */
export async function redeemInvite(
  deps: ServiceDeps,
  profile: NewcomerProfile,
  typedCode: string,
  defaultLocale: string,
): Promise<StaffMember> {
  const code = normaliseInviteCode(typedCode);
  const refusal = new ServiceError("access-invite-invalid");
  if (!code) throw refusal;
  const now = deps.clock();
  const redeemed = await deps.db.$transaction(async (tx) => {
    const invite = await tx.invite.findUnique({ where: { codeHash: hashInviteCode(deps, code) } });
    if (!invite || invite.usedAt || invite.expiresAt <= now) return false;
    // A deactivated user must not use up a code meant for someone else.
    const deactivated = await tx.staff.findFirst({ where: { telegramId: BigInt(profile.telegramId), active: false } });
    if (deactivated) return false;
    // Claiming the invite and the membership in one transaction keeps the code single-use under races.
    const claimed = await tx.invite.updateMany({ where: { id: invite.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count !== 1) return false;
    const telegramId = BigInt(profile.telegramId);
    const existing = await tx.staff.findUnique({ where: { telegramId } });
    const staff =
      existing ??
      (await tx.staff.create({
        data: {
          telegramId,
          displayName: profile.displayName.slice(0, 64),
          locale: localeFrom(profile.languageCode, defaultLocale),
          createdAt: now,
        },
      }));
    await tx.invite.update({ where: { id: invite.id }, data: { usedById: staff.id } });
    const membership = { staffId: staff.id, role: invite.role, siteId: invite.siteId, programmeId: invite.programmeId };
    const duplicate = await tx.membership.findFirst({ where: membership });
    if (!duplicate) await tx.membership.create({ data: { ...membership, createdAt: now } });
    await recordAudit(tx, deps.cipher, {
      actorId: staff.id,
      action: "invite.redeem",
      subjectType: "invite",
      subjectId: invite.id,
      details: { role: invite.role, siteId: invite.siteId },
      at: now,
    });
    return true;
  });
  if (!redeemed) throw refusal;
  const staff = await findStaffByTelegramId(deps, profile.telegramId);
  if (!staff) throw refusal;
  return staff;
}

/** Users listed in BOOTSTRAP_ADMIN_IDS become admins on their first /start (never reactivated once deactivated). */
export async function ensureBootstrapAdmin(
  deps: ServiceDeps,
  profile: NewcomerProfile,
  defaultLocale: string,
): Promise<StaffMember | null> {
  if (!deps.bootstrapAdminIds.includes(profile.telegramId)) return null;
  const existing = await findStaffByTelegramId(deps, profile.telegramId);
  if (existing && (!existing.active || existing.actor.memberships.some((m) => m.role === "admin"))) return existing;
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    const staff =
      existing ??
      (await tx.staff.create({
        data: {
          telegramId: BigInt(profile.telegramId),
          displayName: profile.displayName.slice(0, 64),
          locale: localeFrom(profile.languageCode, defaultLocale),
          createdAt: now,
        },
      }));
    await tx.membership.create({
      data: { staffId: staff.id, role: "admin", siteId: null, programmeId: null, createdAt: now },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: staff.id,
      action: "staff.bootstrap_admin",
      subjectType: "staff",
      subjectId: staff.id,
      at: now,
    });
  });
  return findStaffByTelegramId(deps, profile.telegramId);
}
