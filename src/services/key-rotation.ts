// Re-encrypts every sealed column under a new key, each value bound to its place, and rebuilds the name search index.
import type { Cipher } from "./crypto.ts";
import type { ServiceDeps } from "./deps.ts";
import { recordAudit } from "./audit.ts";
import { SEALED_COLUMNS } from "./sealed-columns.ts";
import { openNames } from "./person-names.ts";
import { countStale, notBoundUnder, resealTable } from "./sealing.ts";

const BATCH = 500;

export interface RotationReport {
  reencrypted: number;
  people: number;
}

export interface RotationProgress {
  table: string;
  reencrypted: number;
}

/** Values sealed under another key than `keyId` (or not bound to their place), in every sealed column: zero once a
 * rotation is complete. */
export async function valuesUnderOtherKeys(db: ServiceDeps["db"], keyId: string): Promise<number> {
  return countStale(db, notBoundUnder(keyId));
}

/**
 * Walks every sealed column once, in id order, re-sealing, bound to its place, what another key sealed (or what was
 * sealed before the binding): empty, null and unsealed values and values already under the new key are passed over,
 * so it always ends, and a run stopped anywhere (even killed) is finished by running it again. Ends by checking that no value under another key remains, then audits.
 * @param cipher opens old values and seals with the new key: createCipher(newKey, [oldKey]).
 */
export async function rotateKey(
  deps: ServiceDeps,
  cipher: Cipher,
  onProgress: (progress: RotationProgress) => void = () => {},
): Promise<RotationReport> {
  let reencrypted = 0;
  for (const entry of SEALED_COLUMNS) {
    const inTable = await resealTable(deps, cipher, entry, notBoundUnder(cipher.keyId), "key_rotation");
    reencrypted += inTable;
    onProgress({ table: entry.table, reencrypted: inTable });
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
        const { givenName, familyName } = openNames(cipher, person);
        const tokens = cipher.nameTokens(givenName, familyName);
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
