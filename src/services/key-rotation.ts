// Re-encrypts every sealed column under a new key and rebuilds the name search index.
import { isSealed, type Cipher } from "./crypto.ts";
import type { ServiceDeps } from "./deps.ts";
import { recordAudit, rewritingAudit } from "./audit.ts";

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

export interface RotationProgress {
  table: string;
  reencrypted: number;
}

/** Values sealed under another key than `keyId`, in every sealed column: zero once a rotation is complete. */
export async function valuesUnderOtherKeys(db: ServiceDeps["db"], keyId: string): Promise<number> {
  let count = 0;
  for (const { table, columns } of SEALED_COLUMNS) {
    const where = columns.map((c) => `("${c}" LIKE 'v1:%' AND "${c}" NOT LIKE 'v1:${keyId}:%')`).join(" OR ");
    const [row] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
      `SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`,
    );
    count += Number(row?.n ?? 0);
  }
  return count;
}

/**
 * Walks every sealed column once, in id order, re-sealing what another key sealed: empty, null and unsealed values
 * and values already under the new key are passed over, so it always ends, and a run stopped anywhere (even killed)
 * is finished by running it again. Ends by checking that no value under another key remains, then audits.
 * @param cipher opens old values and seals with the new key: createCipher(newKey, [oldKey]).
 */
export async function rotateKey(
  deps: ServiceDeps,
  cipher: Cipher,
  onProgress: (progress: RotationProgress) => void = () => {},
): Promise<RotationReport> {
  let reencrypted = 0;
  const stale = (value: unknown): value is string =>
    typeof value === "string" && isSealed(value) && value.split(":")[1] !== cipher.keyId;

  for (const { table, id, columns } of SEALED_COLUMNS) {
    let inTable = 0;
    let after: unknown = null;
    for (;;) {
      const rows: Record<string, unknown>[] = await deps.db.$queryRawUnsafe<Record<string, unknown>[]>(
        `SELECT "${id}", ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}"
         ${after === null ? "" : `WHERE "${id}" > ?`} ORDER BY "${id}" LIMIT ${BATCH}`,
        ...(after === null ? [] : [after]),
      );
      if (rows.length === 0) break;
      after = rows.at(-1)?.[id];
      await deps.db.$transaction(async (tx) => {
        const rewrite = <T>(work: () => Promise<T>) =>
          table === "AuditEntry" ? rewritingAudit(tx, "key_rotation", work) : work();
        await rewrite(async () => {
          for (const row of rows) {
            const updates = columns.filter((c) => stale(row[c]));
            if (updates.length === 0) continue;
            const values = updates.map((c) => cipher.encrypt(cipher.decrypt(row[c] as string)));
            await tx.$executeRawUnsafe(
              `UPDATE "${table}" SET ${updates.map((c) => `"${c}" = ?`).join(", ")} WHERE "${id}" = ?`,
              ...values,
              row[id],
            );
            inTable += updates.length;
          }
        });
      });
    }
    reencrypted += inTable;
    onProgress({ table, reencrypted: inTable });
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
  const left = await valuesUnderOtherKeys(deps.db, cipher.keyId);
  if (left > 0) throw new Error(`${left} values are still under another key`);
  await recordAudit(deps.db, cipher, {
    actorId: null,
    action: "encryption.rotate_key",
    subjectType: "deployment",
    details: { keyId: cipher.keyId, reencrypted },
    at: deps.clock(),
  });
  return { reencrypted, people: people.length };
}
