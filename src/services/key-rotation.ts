// Re-encrypts every sealed column under a new key and rebuilds the name search index.
// Values already under the new key are skipped, so an interrupted rotation can simply be run again.
import { isSealed, type Cipher } from "./crypto.ts";
import type { ServiceDeps } from "./deps.ts";
import { recordAudit } from "./audit.ts";

/** Every column holding ciphertext, by table (the id column first). */
export const SEALED_COLUMNS: readonly { table: string; id: string; columns: readonly string[] }[] = [
  { table: "Person", id: "id", columns: ["givenNameEnc", "familyNameEnc"] },
  { table: "Plan", id: "id", columns: ["generalObjectiveEnc", "crisisNotesEnc"] },
  { table: "PlanGoal", id: "id", columns: ["textEnc"] },
  { table: "PlanIntervention", id: "id", columns: ["whatEnc"] },
  { table: "PlanNetworkContact", id: "id", columns: ["referentEnc", "phoneEnc"] },
  { table: "Session", id: "id", columns: ["noteEnc"] },
  { table: "CriticalEvent", id: "id", columns: ["descriptionEnc", "actionsEnc"] },
  { table: "EventFollowUp", id: "id", columns: ["textEnc"] },
  { table: "BreakGlassGrant", id: "id", columns: ["reasonEnc"] },
  { table: "Referral", id: "id", columns: ["givenNameEnc", "familyNameEnc"] },
  { table: "PersonRecordChange", id: "id", columns: ["changesEnc"] },
  { table: "AuditEntry", id: "id", columns: ["reasonEnc"] },
  { table: "Delivery", id: "id", columns: ["payloadEnc"] },
  { table: "ChatState", id: "key", columns: ["valueEnc"] },
  { table: "InboxUpdate", id: "updateId", columns: ["payloadEnc"] },
];

const BATCH = 500;

export interface RotationReport {
  reencrypted: number;
  people: number;
}

/** @param cipher opens old values and seals with the new key: createCipher(newKey, [oldKey]). */
export async function rotateKey(deps: ServiceDeps, cipher: Cipher): Promise<RotationReport> {
  let reencrypted = 0;
  const stale = (value: unknown): value is string =>
    typeof value === "string" && isSealed(value) && value.split(":")[1] !== cipher.keyId;

  for (const { table, id, columns } of SEALED_COLUMNS) {
    const staleWhere = columns
      .map((c) => `("${c}" IS NOT NULL AND "${c}" NOT LIKE 'v1:${cipher.keyId}:%')`)
      .join(" OR ");
    for (;;) {
      const rows = await deps.db.$queryRawUnsafe<Record<string, unknown>[]>(
        `SELECT "${id}", ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}" WHERE ${staleWhere} LIMIT ${BATCH}`,
      );
      if (rows.length === 0) break;
      await deps.db.$transaction(async (tx) => {
        for (const row of rows) {
          const updates = columns.filter((c) => stale(row[c]));
          if (updates.length === 0) continue;
          const values = updates.map((c) => cipher.encrypt(cipher.decrypt(row[c] as string)));
          await tx.$executeRawUnsafe(
            `UPDATE "${table}" SET ${updates.map((c) => `"${c}" = ?`).join(", ")} WHERE "${id}" = ?`,
            ...values,
            row[id],
          );
          reencrypted += updates.length;
        }
      });
    }
  }

  // The search index is keyed by the encryption key: rebuild it for everyone.
  const people = await deps.db.person.findMany({
    select: { id: true, givenNameEnc: true, familyNameEnc: true, erasedAt: true },
  });
  for (let start = 0; start < people.length; start += BATCH) {
    await deps.db.$transaction(async (tx) => {
      for (const person of people.slice(start, start + BATCH)) {
        await tx.personNameToken.deleteMany({ where: { personId: person.id } });
        if (person.erasedAt) continue;
        const tokens = cipher.nameTokens(cipher.decrypt(person.givenNameEnc), cipher.decrypt(person.familyNameEnc));
        await tx.personNameToken.createMany({ data: tokens.map((token) => ({ personId: person.id, token })) });
      }
    });
  }
  await recordAudit(deps.db, cipher, {
    actorId: null,
    action: "encryption.rotate_key",
    subjectType: "deployment",
    details: { keyId: cipher.keyId, reencrypted },
    at: deps.clock(),
  });
  return { reencrypted, people: people.length };
}
