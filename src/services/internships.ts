// Internships (tirocini) and hires (assunzioni): started, extended and ended by operators and coordinators of the
// person's site; an internship ended "hired" records the hire. Host organisations are reused once known.
import { z } from "zod";
import {
  ALLOWANCE_PAYERS,
  CONTRACT_TYPES,
  INTERNSHIP_OUTCOMES,
  INTERRUPTION_REASONS,
  isHireOutcome,
  ORGANISATION_KINDS,
  organisationKey,
} from "../domain/internships.ts";
import type { Actor } from "../domain/permissions.ts";
import { dayMonthYear } from "../domain/schedule.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError, validInput } from "./errors.ts";
import { isoDate } from "./legal-status.ts";
import { assertDateInPath } from "./person-moves.ts";
import { personForWork, today, WORKING_ROLES, type Writer } from "./person-scope.ts";

export interface OrganisationChoice {
  id: number;
  name: string;
  kind: string | null;
}

/** Every known organisation by name: hosts and employers are typed once and then picked. */
export async function listOrganisations(deps: ServiceDeps): Promise<OrganisationChoice[]> {
  return deps.db.organisation.findMany({ select: { id: true, name: true, kind: true }, orderBy: { name: "asc" } });
}

const organisationInput = z.union([
  z.object({ id: z.number().int().positive() }),
  z.object({ name: z.string().trim().min(2).max(120), kind: z.enum(ORGANISATION_KINDS).nullish() }),
]);
export type OrganisationInput = z.input<typeof organisationInput>;

/** The organisation named, created once: a second spelling with other spaces or capitals is the same one. */
async function organisationFor(tx: Writer, input: z.output<typeof organisationInput>, at: Date) {
  if ("id" in input) {
    const found = await tx.organisation.findUnique({ where: { id: input.id } });
    if (!found) throw notFoundOrNotAllowed();
    return found;
  }
  const nameKey = organisationKey(input.name);
  return tx.organisation.upsert({
    where: { nameKey },
    create: { name: input.name.replace(/\s+/g, " "), nameKey, kind: input.kind ?? null, createdAt: at },
    update: input.kind ? { kind: input.kind } : {},
  });
}

export interface InternshipView {
  id: number;
  hostName: string;
  startsOn: string;
  plannedEndOn: string;
  endsOn: string | null;
  outcome: string | null;
  hired: boolean;
}

/** The person's internships, latest first (for the chat's choices and the path). */
export async function internshipsOf(deps: ServiceDeps, actor: Actor, personId: number): Promise<InternshipView[]> {
  const person = await personForWork(deps, actor, personId, WORKING_ROLES);
  const rows = await deps.db.internship.findMany({
    where: { personId: person.id },
    include: { host: { select: { name: true } }, hire: { select: { id: true } } },
    orderBy: { startsOn: "desc" },
  });
  return rows.map((row) => ({
    id: row.id,
    hostName: row.host.name,
    startsOn: row.startsOn,
    plannedEndOn: row.plannedEndOn,
    endsOn: row.endsOn,
    outcome: row.outcome,
    hired: row.hire !== null,
  }));
}

const startInput = z
  .object({
    personId: z.number().int().positive(),
    host: organisationInput,
    tutorId: z.number().int().positive().nullish(),
    startsOn: isoDate,
    plannedEndOn: isoDate,
    hoursPerWeek: z.number().int().min(1).max(48),
    monthlyAllowanceCents: z.number().int().min(0).max(500_000).nullish(),
    allowancePayer: z.enum(ALLOWANCE_PAYERS).nullish(),
  })
  .refine((data) => data.plannedEndOn > data.startsOn, { path: ["plannedEndOn"] });
export type InternshipStart = z.input<typeof startInput>;

export async function startInternship(
  deps: ServiceDeps,
  actor: Actor,
  input: InternshipStart,
): Promise<{ id: number; hostName: string }> {
  const data = validInput(startInput, input);
  const person = await personForWork(deps, actor, data.personId, WORKING_ROLES);
  assertDateInPath(person, data.startsOn);
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    const active = await tx.internship.count({ where: { personId: person.id, status: "active" } });
    if (active > 0) throw new ServiceError("internship-already-active", { code: person.code });
    const host = await organisationFor(tx, data.host, now);
    const internship = await tx.internship.create({
      data: {
        personId: person.id,
        hostId: host.id,
        tutorId: data.tutorId ?? null,
        startsOn: data.startsOn,
        plannedEndOn: data.plannedEndOn,
        hoursPerWeek: data.hoursPerWeek,
        monthlyAllowanceCents: data.monthlyAllowanceCents ?? null,
        allowancePayer: data.monthlyAllowanceCents ? (data.allowancePayer ?? null) : null,
        createdAt: now,
      },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "internship.start",
      subjectType: "internship",
      subjectId: internship.id,
      personId: person.id,
      details: { hostId: host.id, startsOn: data.startsOn, plannedEndOn: data.plannedEndOn },
      at: now,
    });
    return { id: internship.id, hostName: host.name };
  });
}

/** An active internship of a person in the actor's scope. */
async function activeInternship(deps: ServiceDeps, actor: Actor, internshipId: number) {
  const internship = await deps.db.internship.findUnique({
    where: { id: internshipId },
    include: { host: { select: { id: true, name: true } } },
  });
  if (!internship) throw notFoundOrNotAllowed();
  const person = await personForWork(deps, actor, internship.personId, WORKING_ROLES);
  if (internship.status !== "active") throw new ServiceError("internship-not-active");
  return { internship, person };
}

const extendInput = z.object({ internshipId: z.number().int().positive(), newEndOn: isoDate });

export async function extendInternship(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof extendInput>,
): Promise<{ newEndOn: string; hostName: string }> {
  const data = validInput(extendInput, input);
  const { internship, person } = await activeInternship(deps, actor, data.internshipId);
  if (data.newEndOn <= internship.plannedEndOn)
    throw new ServiceError("internship-extension-not-later", { date: dayMonthYear(internship.plannedEndOn) });
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    await tx.internshipExtension.create({
      data: {
        internshipId: internship.id,
        previousEndOn: internship.plannedEndOn,
        newEndOn: data.newEndOn,
        decidedOn: today(deps),
        createdAt: now,
      },
    });
    await tx.internship.update({ where: { id: internship.id }, data: { plannedEndOn: data.newEndOn } });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "internship.extend",
      subjectType: "internship",
      subjectId: internship.id,
      personId: person.id,
      details: { before: internship.plannedEndOn, after: data.newEndOn },
      at: now,
    });
  });
  return { newEndOn: data.newEndOn, hostName: internship.host.name };
}

const hireFields = {
  hiredOn: isoDate,
  contract: z.enum(CONTRACT_TYPES),
};

const endInput = z
  .object({
    internshipId: z.number().int().positive(),
    endsOn: isoDate,
    outcome: z.enum(INTERNSHIP_OUTCOMES),
    interruptionReason: z.enum(INTERRUPTION_REASONS).nullish(),
    /** For a hire: the contract, and the employer when hired elsewhere. */
    contract: hireFields.contract.nullish(),
    employer: organisationInput.nullish(),
  })
  .refine((data) => (data.outcome === "interrupted") === (data.interruptionReason != null), {
    path: ["interruptionReason"],
  })
  .refine((data) => !isHireOutcome(data.outcome) || data.contract != null, { path: ["contract"] })
  .refine((data) => data.outcome !== "hired_elsewhere" || data.employer != null, { path: ["employer"] });
export type InternshipEnd = z.input<typeof endInput>;

export async function endInternship(
  deps: ServiceDeps,
  actor: Actor,
  input: InternshipEnd,
): Promise<{ hostName: string; outcome: string; endsOn: string; hireId: number | null }> {
  const data = validInput(endInput, input);
  const { internship, person } = await activeInternship(deps, actor, data.internshipId);
  if (data.endsOn < internship.startsOn) throw new ServiceError("internship-end-before-start");
  if (data.endsOn > today(deps)) throw new ServiceError("error-date-future");
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    const ended = await tx.internship.updateMany({
      where: { id: internship.id, status: "active" },
      data: {
        status: "ended",
        endsOn: data.endsOn,
        outcome: data.outcome,
        interruptionReason: data.interruptionReason ?? null,
      },
    });
    if (ended.count !== 1) throw new ServiceError("internship-not-active");
    let hireId: number | null = null;
    if (isHireOutcome(data.outcome)) {
      const employer =
        data.outcome === "hired_by_host"
          ? internship.host
          : await organisationFor(tx, data.employer as z.output<typeof organisationInput>, now);
      const hire = await tx.hire.create({
        data: {
          personId: person.id,
          employerId: employer.id,
          hiredOn: data.endsOn,
          contract: data.contract as string,
          internshipId: internship.id,
          createdAt: now,
        },
      });
      hireId = hire.id;
    }
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "internship.end",
      subjectType: "internship",
      subjectId: internship.id,
      personId: person.id,
      details: { endsOn: data.endsOn, outcome: data.outcome, reason: data.interruptionReason ?? null, hireId },
      at: now,
    });
    return { hostName: internship.host.name, outcome: data.outcome, endsOn: data.endsOn, hireId };
  });
}

const hireInput = z.object({
  personId: z.number().int().positive(),
  employer: organisationInput,
  ...hireFields,
  /** The internship it followed, if any (at the host or elsewhere). */
  internshipId: z.number().int().positive().nullish(),
});
export type HireInput = z.input<typeof hireInput>;

/** A hire recorded on its own, also months after an internship ended. */
export async function recordHire(
  deps: ServiceDeps,
  actor: Actor,
  input: HireInput,
): Promise<{ id: number; employerName: string; hiredOn: string }> {
  const data = validInput(hireInput, input);
  const person = await personForWork(deps, actor, data.personId, WORKING_ROLES);
  if (data.hiredOn < person.intakeOn)
    throw new ServiceError("path-date-before-intake", { date: dayMonthYear(person.intakeOn) });
  if (data.hiredOn > today(deps)) throw new ServiceError("error-date-future");
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    if (data.internshipId != null) {
      const internship = await tx.internship.findUnique({ where: { id: data.internshipId }, include: { hire: true } });
      if (!internship || internship.personId !== person.id) throw notFoundOrNotAllowed();
      if (internship.hire) throw new ServiceError("hire-internship-already-hired");
    }
    const employer = await organisationFor(tx, data.employer, now);
    const hire = await tx.hire.create({
      data: {
        personId: person.id,
        employerId: employer.id,
        hiredOn: data.hiredOn,
        contract: data.contract,
        internshipId: data.internshipId ?? null,
        createdAt: now,
      },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "hire.create",
      subjectType: "hire",
      subjectId: hire.id,
      personId: person.id,
      details: {
        employerId: employer.id,
        hiredOn: data.hiredOn,
        contract: data.contract,
        internshipId: hire.internshipId,
      },
      at: now,
    });
    return { id: hire.id, employerName: employer.name, hiredOn: data.hiredOn };
  });
}
