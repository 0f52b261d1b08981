// Housing stays (accoglienza abitativa): operators and coordinators of the person's site move people in to a free
// bed of a house of the programme, renew the planned end, and move them out. Nights are counted from these dates.
import { z } from "zod";
import { isBedFreeOn } from "../domain/housing.ts";
import type { Actor } from "../domain/permissions.ts";
import { dayMonthYear } from "../domain/schedule.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError, validInput } from "./errors.ts";
import { isoDate } from "./legal-status.ts";
import { assertDateInPath } from "./person-moves.ts";
import { personForWork, today, WORKING_ROLES } from "./person-scope.ts";

export interface BedChoice {
  id: number;
  /** "Casa Ponte · Letto 3". */
  label: string;
}

/** Houses of the programmes of the person's sites where the actor works: a housing site serves the whole programme. */
function programmeIds(person: { actorSites: { programmeId: number }[] }): number[] {
  return [...new Set(person.actorSites.map((s) => s.programmeId))];
}

/** The active beds of the houses of those programmes that are free that night. */
export async function freeBeds(deps: ServiceDeps, actor: Actor, personId: number, on: string): Promise<BedChoice[]> {
  const person = await personForWork(deps, actor, personId, WORKING_ROLES);
  const beds = await deps.db.bed.findMany({
    where: { active: true, house: { active: true, site: { programmeId: { in: programmeIds(person) } } } },
    include: { house: { select: { name: true } }, stays: { select: { bedId: true, fromOn: true, toOn: true } } },
    orderBy: [{ house: { name: "asc" } }, { id: "asc" }],
  });
  return beds
    .filter((bed) => isBedFreeOn(bed.stays, bed.id, on))
    .map((bed) => ({ id: bed.id, label: `${bed.house.name} · ${bed.label}` }));
}

export interface StayView {
  id: number;
  bedLabel: string;
  fromOn: string;
  toOn: string | null;
  plannedEndOn: string | null;
}

export async function staysOf(deps: ServiceDeps, actor: Actor, personId: number): Promise<StayView[]> {
  const person = await personForWork(deps, actor, personId, WORKING_ROLES);
  const stays = await deps.db.housingStay.findMany({
    where: { personId: person.id },
    include: { bed: { include: { house: { select: { name: true } } } } },
    orderBy: { fromOn: "desc" },
  });
  return stays.map((stay) => ({
    id: stay.id,
    bedLabel: `${stay.bed.house.name} · ${stay.bed.label}`,
    fromOn: stay.fromOn,
    toOn: stay.toOn,
    plannedEndOn: stay.plannedEndOn,
  }));
}

const moveInInput = z.object({
  personId: z.number().int().positive(),
  bedId: z.number().int().positive(),
  fromOn: isoDate,
  plannedEndOn: isoDate.nullish(),
});
export type MoveIn = z.input<typeof moveInInput>;

export async function moveIn(
  deps: ServiceDeps,
  actor: Actor,
  input: MoveIn,
): Promise<{ id: number; bedLabel: string }> {
  const data = validInput(moveInInput, input);
  const person = await personForWork(deps, actor, data.personId, WORKING_ROLES);
  assertDateInPath(person, data.fromOn);
  if (data.fromOn > today(deps)) throw new ServiceError("error-date-future");
  if (data.plannedEndOn != null && data.plannedEndOn <= data.fromOn)
    throw new ServiceError("housing-planned-end-before");
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    const bed = await tx.bed.findUnique({
      where: { id: data.bedId },
      include: {
        house: { include: { site: { select: { programmeId: true } } } },
        stays: { select: { bedId: true, fromOn: true, toOn: true } },
      },
    });
    if (!bed?.active || !programmeIds(person).includes(bed.house.site.programmeId)) throw notFoundOrNotAllowed();
    const open = await tx.housingStay.count({ where: { personId: person.id, toOn: null } });
    if (open > 0) throw new ServiceError("housing-already-housed", { code: person.code });
    if (!isBedFreeOn(bed.stays, bed.id, data.fromOn)) throw new ServiceError("housing-bed-taken");
    const stay = await tx.housingStay.create({
      data: {
        personId: person.id,
        siteId: bed.house.siteId,
        bedId: bed.id,
        fromOn: data.fromOn,
        plannedEndOn: data.plannedEndOn ?? null,
        createdAt: now,
      },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "housing.move_in",
      subjectType: "housing_stay",
      subjectId: stay.id,
      personId: person.id,
      details: { bedId: bed.id, fromOn: data.fromOn, plannedEndOn: data.plannedEndOn ?? null },
      at: now,
    });
    return { id: stay.id, bedLabel: `${bed.house.name} · ${bed.label}` };
  });
}

/** An open stay of a person in the actor's scope. */
async function openStay(deps: ServiceDeps, actor: Actor, stayId: number) {
  const stay = await deps.db.housingStay.findUnique({
    where: { id: stayId },
    include: { bed: { include: { house: { select: { name: true } } } } },
  });
  if (!stay) throw notFoundOrNotAllowed();
  const person = await personForWork(deps, actor, stay.personId, WORKING_ROLES);
  if (stay.toOn !== null) throw new ServiceError("housing-already-out");
  return { stay, person, bedLabel: `${stay.bed.house.name} · ${stay.bed.label}` };
}

const moveOutInput = z.object({ stayId: z.number().int().positive(), toOn: isoDate });

export async function moveOut(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof moveOutInput>,
): Promise<{ bedLabel: string; toOn: string }> {
  const data = validInput(moveOutInput, input);
  const { stay, person, bedLabel } = await openStay(deps, actor, data.stayId);
  if (data.toOn < stay.fromOn) throw new ServiceError("housing-out-before-in", { date: dayMonthYear(stay.fromOn) });
  if (data.toOn > today(deps)) throw new ServiceError("error-date-future");
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    const closed = await tx.housingStay.updateMany({ where: { id: stay.id, toOn: null }, data: { toOn: data.toOn } });
    if (closed.count !== 1) throw new ServiceError("housing-already-out");
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "housing.move_out",
      subjectType: "housing_stay",
      subjectId: stay.id,
      personId: person.id,
      details: { toOn: data.toOn },
      at: now,
    });
  });
  return { bedLabel, toOn: data.toOn };
}

const renewInput = z.object({ stayId: z.number().int().positive(), newEndOn: isoDate });

export async function renewStay(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof renewInput>,
): Promise<{ bedLabel: string; newEndOn: string }> {
  const data = validInput(renewInput, input);
  const { stay, person, bedLabel } = await openStay(deps, actor, data.stayId);
  const floor = stay.plannedEndOn ?? stay.fromOn;
  if (data.newEndOn <= floor) throw new ServiceError("housing-renewal-not-later", { date: dayMonthYear(floor) });
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    await tx.stayRenewal.create({
      data: {
        stayId: stay.id,
        previousEndOn: stay.plannedEndOn,
        newEndOn: data.newEndOn,
        decidedOn: today(deps),
        createdAt: now,
      },
    });
    await tx.housingStay.update({ where: { id: stay.id }, data: { plannedEndOn: data.newEndOn } });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "housing.renew",
      subjectType: "housing_stay",
      subjectId: stay.id,
      personId: person.id,
      details: { before: stay.plannedEndOn, after: data.newEndOn },
      at: now,
    });
  });
  return { bedLabel, newEndOn: data.newEndOn };
}
