// A person moving through the programme: transfer to another site on a date, and discharge (dimissione) with its
// outcome. Coordinators of the person's current site do both; each is audited with what it changed.
import { z } from "zod";
import { DISCHARGE_OUTCOMES } from "../domain/discharge.ts";
import type { Actor } from "../domain/permissions.ts";
import { dayMonthYear } from "../domain/schedule.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError, validInput } from "./errors.ts";
import { isoDate, LEGAL_STATUS_MAX_DAYS_AHEAD } from "./legal-status.ts";
import { COORDINATING_ROLES, type PersonAtWork, personForWork, today } from "./person-scope.ts";
import { openRelease } from "./release.ts";
import { listSites } from "./staff.ts";
import { addDaysIso } from "../domain/weeks.ts";

/** The checks every dated step of the path shares: the date falls after intake and before any discharge (planned too). */
export function assertDateInPath(person: PersonAtWork, date: string): void {
  if (person.dischargeOn !== null && date >= person.dischargeOn)
    throw new ServiceError("person-discharged", { code: person.code });
  if (date < person.intakeOn)
    throw new ServiceError("path-date-before-intake", { date: dayMonthYear(person.intakeOn) });
}

const transferInput = z.object({
  personId: z.number().int().positive(),
  toSiteId: z.number().int().positive(),
  on: isoDate,
});
export type TransferInput = z.input<typeof transferInput>;

export async function transferPerson(
  deps: ServiceDeps,
  actor: Actor,
  input: TransferInput,
): Promise<{ fromSiteId: number; toSiteId: number; on: string }> {
  const data = validInput(transferInput, input);
  const person = await personForWork(deps, actor, data.personId, COORDINATING_ROLES);
  assertDateInPath(person, data.on);
  if (data.on > today(deps)) throw new ServiceError("error-date-future");
  if (person.siteIds.includes(data.toSiteId)) throw new ServiceError("transfer-same-site");
  const target = (await sitesToTransferTo(deps, person)).find((site) => site.id === data.toSiteId);
  if (!target) throw notFoundOrNotAllowed();
  const from = person.actorSites[0] as PersonAtWork["actorSites"][number];
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    const open = await tx.personSite.findFirstOrThrow({ where: { personId: person.id, siteId: from.id, toOn: null } });
    if (data.on <= open.fromOn) throw new ServiceError("transfer-before-arrival", { date: dayMonthYear(open.fromOn) });
    await tx.personSite.update({ where: { id: open.id }, data: { toOn: data.on } });
    await tx.personSite.create({ data: { personId: person.id, siteId: target.id, fromOn: data.on } });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "person.transfer",
      subjectType: "person",
      subjectId: person.code,
      personId: person.id,
      details: { on: data.on, fromSiteId: from.id, toSiteId: target.id },
      at: now,
    });
  });
  return { fromSiteId: from.id, toSiteId: target.id, on: data.on };
}

const dischargeInput = z.object({
  personId: z.number().int().positive(),
  outcome: z.enum(DISCHARGE_OUTCOMES),
  on: isoDate,
});
export type DischargeInput = z.input<typeof dischargeInput>;

/**
 * Discharged people leave rosters, reminders and lists from the day of discharge, and stay in every past figure.
 * A discharge dated ahead is planned: the person stays in charge until then, and its protected discharge is prepared.
 */
export async function dischargePerson(
  deps: ServiceDeps,
  actor: Actor,
  input: DischargeInput,
): Promise<{ on: string; outcome: string; releasePlanId: number | null }> {
  const data = validInput(dischargeInput, input);
  const person = await personForWork(deps, actor, data.personId, COORDINATING_ROLES);
  assertDateInPath(person, data.on);
  const date = today(deps);
  if (data.on > addDaysIso(date, LEGAL_STATUS_MAX_DAYS_AHEAD)) throw new ServiceError("error-date-too-far");
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.person.updateMany({
      where: { id: person.id, dischargeOn: null },
      data: { dischargeOn: data.on, dischargeOutcome: data.outcome },
    });
    if (updated.count !== 1) throw new ServiceError("person-discharged", { code: person.code });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "person.discharge",
      subjectType: "person",
      subjectId: person.code,
      personId: person.id,
      details: { on: data.on, outcome: data.outcome },
      at: now,
    });
    const releasePlanId =
      data.on > date
        ? await openRelease(
            tx,
            deps,
            {
              personId: person.id,
              siteId: person.actorSites[0]?.id as number,
              releaseOn: data.on,
              trigger: "discharge",
              actorId: actor.staffId,
              at: now,
            },
            date,
          )
        : null;
    return { on: data.on, outcome: data.outcome, releasePlanId };
  });
}

/** The sites a coordinator may transfer the person to: the other sites of the person's programme. */
export async function transferTargets(
  deps: ServiceDeps,
  actor: Actor,
  personId: number,
): Promise<{ id: number; name: string }[]> {
  const person = await personForWork(deps, actor, personId, COORDINATING_ROLES);
  return (await sitesToTransferTo(deps, person)).map((site) => ({ id: site.id, name: site.name }));
}

/**
 * The other sites of the person's programme. A transfer never crosses programmes: it would open the person's whole
 * record to another programme's staff; there the person is referred and taken in charge by that programme's staff.
 */
async function sitesToTransferTo(deps: ServiceDeps, person: PersonAtWork) {
  const sites = await listSites(deps);
  const programmeIds = new Set(sites.filter((site) => person.siteIds.includes(site.id)).map((s) => s.programmeId));
  return sites.filter((site) => programmeIds.has(site.programmeId) && !person.siteIds.includes(site.id));
}
