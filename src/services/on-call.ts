// On-call shifts (turni di reperibilità): who covers which sites when. Coordinators manage them for their sites;
// alerts and event access ask who is on call at a given instant.
import { addDays } from "date-fns/addDays";
import { z } from "zod";
import { canManageSite, type Actor } from "../domain/permissions.ts";
import type { Candidate } from "../domain/escalation.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import { listSites } from "./staff.ts";

type Tx = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];
type Reader = Pick<ServiceDeps["db"], "onCallShift">;

const MAX_SHIFT_DAYS = 14;

/** Staff whose shift covers the site at that instant (active or not: callers decide). */
export async function onCallStaffAt(db: Reader, siteId: number, at: Date): Promise<Candidate[]> {
  const shifts = await db.onCallShift.findMany({
    where: { startsAt: { lte: at }, endsAt: { gt: at }, sites: { some: { siteId } } },
    select: { staffId: true, staff: { select: { active: true, unreachableSince: true } } },
  });
  return shifts.map((s) => ({
    staffId: s.staffId,
    active: s.staff.active,
    reachable: s.staff.unreachableSince === null,
  }));
}

/** Sites the staff member covers on call at that instant. */
export async function onCallSiteIdsOf(db: Reader, staffId: number, at: Date): Promise<number[]> {
  const shifts = await db.onCallShift.findMany({
    where: { staffId, startsAt: { lte: at }, endsAt: { gt: at } },
    select: { sites: { select: { siteId: true } } },
  });
  return [...new Set(shifts.flatMap((s) => s.sites.map((site) => site.siteId)))];
}

export const shiftInput = z
  .object({
    staffId: z.number().int().positive(),
    siteIds: z.array(z.number().int().positive()).min(1),
    startsAt: z.date(),
    endsAt: z.date(),
  })
  .refine((shift) => shift.endsAt > shift.startsAt, { message: "endsAt must follow startsAt" })
  .refine((shift) => shift.endsAt <= addDays(shift.startsAt, MAX_SHIFT_DAYS), { message: "shift too long" });
export type ShiftInput = z.input<typeof shiftInput>;

/** Inserts one shift inside a caller's transaction (shared by the bot and the CSV import). */
export async function insertOnCallShift(tx: Tx, data: z.output<typeof shiftInput>): Promise<{ id: number }> {
  return tx.onCallShift.create({
    data: {
      staffId: data.staffId,
      startsAt: data.startsAt,
      endsAt: data.endsAt,
      sites: { create: data.siteIds.map((siteId) => ({ siteId })) },
    },
    select: { id: true },
  });
}

export interface OnCallCandidate {
  id: number;
  displayName: string;
}

/** Active staff who work at the site: the people a coordinator can put on call there. */
export async function onCallCandidates(deps: ServiceDeps, actor: Actor, siteId: number): Promise<OnCallCandidate[]> {
  const site = (await listSites(deps)).find((s) => s.id === siteId);
  if (!site || !canManageSite(actor, site)) throw notFoundOrNotAllowed();
  return deps.db.staff.findMany({
    where: { active: true, memberships: { some: { siteId } } },
    select: { id: true, displayName: true },
    orderBy: { displayName: "asc" },
  });
}

export async function addOnCallShift(deps: ServiceDeps, actor: Actor, input: ShiftInput): Promise<{ id: number }> {
  const parsed = shiftInput.safeParse(input);
  if (!parsed.success) throw new ServiceError("events-oncall-invalid-period", { days: MAX_SHIFT_DAYS });
  const data = parsed.data;
  const now = deps.clock();
  if (data.endsAt <= now) throw new ServiceError("events-oncall-in-the-past");
  const sites = await listSites(deps);
  for (const siteId of data.siteIds) {
    const site = sites.find((s) => s.id === siteId);
    if (!site || !canManageSite(actor, site)) throw notFoundOrNotAllowed();
  }
  const staff = await deps.db.staff.findUnique({
    where: { id: data.staffId },
    select: { active: true, memberships: { select: { siteId: true } } },
  });
  const worksAtEverySite = data.siteIds.every((id) => staff?.memberships.some((m) => m.siteId === id));
  if (!staff?.active || !worksAtEverySite) throw notFoundOrNotAllowed();
  return deps.db.$transaction(async (tx) => {
    const shift = await insertOnCallShift(tx, data);
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "oncall.create",
      subjectType: "on_call_shift",
      subjectId: shift.id,
      details: { staffId: data.staffId, siteIds: data.siteIds },
      at: now,
    });
    return shift;
  });
}

export interface ShiftListing {
  id: number;
  staffName: string;
  siteNames: string[];
  startsAt: Date;
  endsAt: Date;
  /** The actor coordinates every site of the shift, so may remove it. */
  removable: boolean;
}

/** Current and upcoming shifts touching the actor's sites, or their own. */
export async function listOnCallShifts(deps: ServiceDeps, actor: Actor): Promise<ShiftListing[]> {
  if (!actor.active) return [];
  const sites = await listSites(deps);
  const rows = await deps.db.onCallShift.findMany({
    where: { endsAt: { gt: deps.clock() } },
    select: {
      id: true,
      staffId: true,
      startsAt: true,
      endsAt: true,
      staff: { select: { displayName: true } },
      sites: { select: { siteId: true } },
    },
    orderBy: { startsAt: "asc" },
  });
  const siteOf = (id: number) => sites.find((s) => s.id === id);
  const memberOf = (id: number) => actor.memberships.some((m) => m.siteId === id);
  const managed = (id: number) => {
    const site = siteOf(id);
    return site !== undefined && canManageSite(actor, site);
  };
  return rows
    .filter((row) => row.staffId === actor.staffId || row.sites.some((s) => memberOf(s.siteId) || managed(s.siteId)))
    .map((row) => ({
      id: row.id,
      staffName: row.staff.displayName,
      siteNames: row.sites.map((s) => siteOf(s.siteId)?.name ?? "—"),
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      removable: row.sites.every((s) => managed(s.siteId)),
    }));
}

export async function removeOnCallShift(deps: ServiceDeps, actor: Actor, shiftId: number): Promise<void> {
  const shift = await deps.db.onCallShift.findUnique({ where: { id: shiftId }, select: { sites: true } });
  if (!shift) throw notFoundOrNotAllowed();
  const sites = await listSites(deps);
  const allManaged = shift.sites.every((s) => {
    const site = sites.find((candidate) => candidate.id === s.siteId);
    return site !== undefined && canManageSite(actor, site);
  });
  if (!allManaged) throw notFoundOrNotAllowed();
  await deps.db.$transaction(async (tx) => {
    await tx.onCallShift.delete({ where: { id: shiftId } });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "oncall.delete",
      subjectType: "on_call_shift",
      subjectId: shiftId,
      at: deps.clock(),
    });
  });
}
