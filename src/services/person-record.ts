// Corrections of a person's record by coordinators of the person's site: names, birth year, sex, fragility flags
// and case manager. Before and after are kept sealed (they are personal data); the audit entry names the fields.
import { z } from "zod";
import type { Actor } from "../domain/permissions.ts";
import { FRAGILITIES, GENDERS } from "../domain/roles.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { openNames } from "./person-names.ts";
import { reserveIds } from "./row-ids.ts";
import { notFoundOrNotAllowed, ServiceError, validInput } from "./errors.ts";
import { COORDINATING_ROLES, personForWork } from "./person-scope.ts";

export interface PersonRecord {
  givenName: string;
  familyName: string;
  birthYear: number | null;
  gender: string | null;
  fragilities: string[];
  caseManagerId: number | null;
}

export const RECORD_FIELDS = [
  "givenName",
  "familyName",
  "birthYear",
  "gender",
  "fragilities",
  "caseManagerId",
] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

const name = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[\p{L}' .-]+$/u);

const changesInput = z
  .object({
    givenName: name,
    familyName: name,
    birthYear: z.number().int().min(1900).max(2100).nullable(),
    gender: z.enum(GENDERS).nullable(),
    fragilities: z.array(z.enum(FRAGILITIES)),
    caseManagerId: z.number().int().positive().nullable(),
  })
  .partial();
export type RecordChanges = z.input<typeof changesInput>;

async function loadRecord(deps: ServiceDeps, personId: number): Promise<PersonRecord> {
  const row = await deps.db.person.findUniqueOrThrow({ where: { id: personId }, include: { fragilities: true } });
  return {
    ...openNames(deps.cipher, row),
    birthYear: row.birthYear,
    gender: row.gender,
    fragilities: row.fragilities.map((f) => f.flag).sort(),
    caseManagerId: row.caseManagerId,
  };
}

/** The record as a coordinator corrects it (names in clear, for the chat that shows them only to them). */
export async function personRecord(deps: ServiceDeps, actor: Actor, personId: number): Promise<PersonRecord> {
  const person = await personForWork(deps, actor, personId, COORDINATING_ROLES);
  return loadRecord(deps, person.id);
}

export async function updatePersonRecord(
  deps: ServiceDeps,
  actor: Actor,
  personId: number,
  input: RecordChanges,
): Promise<{ changed: RecordField[] }> {
  const changes = validInput(changesInput, input);
  const person = await personForWork(deps, actor, personId, COORDINATING_ROLES);
  const before = await loadRecord(deps, person.id);
  const after: PersonRecord = {
    ...before,
    ...changes,
    fragilities: changes.fragilities ? [...new Set(changes.fragilities)].sort() : before.fragilities,
  };
  const changed = RECORD_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  if (changed.length === 0) throw new ServiceError("person-record-unchanged");
  if (changed.includes("caseManagerId") && after.caseManagerId !== null) {
    const manager = await deps.db.staff.findFirst({
      where: {
        id: after.caseManagerId,
        active: true,
        memberships: { some: { siteId: { in: person.siteIds }, role: { in: ["operator", "coordinator"] } } },
      },
    });
    if (!manager) throw notFoundOrNotAllowed();
  }
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    const names = changed.includes("givenName") || changed.includes("familyName");
    await tx.person.update({
      where: { id: person.id },
      data: {
        givenNameEnc: changed.includes("givenName")
          ? deps.cipher.encrypt(after.givenName, "Person.givenNameEnc", person.id)
          : undefined,
        familyNameEnc: changed.includes("familyName")
          ? deps.cipher.encrypt(after.familyName, "Person.familyNameEnc", person.id)
          : undefined,
        birthYear: after.birthYear,
        gender: after.gender,
        caseManagerId: after.caseManagerId,
        fragilities: changed.includes("fragilities")
          ? { deleteMany: {}, create: after.fragilities.map((flag) => ({ flag })) }
          : undefined,
        // Search tokens follow the names, or the old name would still find the person.
        nameTokens: names
          ? {
              deleteMany: {},
              create: deps.cipher.nameTokens(after.givenName, after.familyName).map((token) => ({ token })),
            }
          : undefined,
      },
    });
    const pick = (record: PersonRecord) => Object.fromEntries(changed.map((field) => [field, record[field]]));
    const changeId = await reserveIds(tx, "PersonRecordChange");
    const change = await tx.personRecordChange.create({
      data: {
        id: changeId,
        personId: person.id,
        changesEnc: deps.cipher.encrypt(
          JSON.stringify({ before: pick(before), after: pick(after) }),
          "PersonRecordChange.changesEnc",
          changeId,
        ),
        changedById: actor.staffId,
        changedAt: now,
      },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "person.update",
      subjectType: "person",
      subjectId: person.code,
      personId: person.id,
      details: { changed, changeId: change.id },
      at: now,
    });
  });
  return { changed };
}
