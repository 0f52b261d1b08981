// Re-sealing stored values in place, each bound to its table, column and row: at start-up for values sealed before
// the binding (format v1), and by key rotation for values under the old key. Both walk the sealed columns alike.
import { sqlThrough } from "../db/audit.ts";
import type { SqlValue } from "../db/sql.ts";
import { type AuditRewritePurpose, recordAudit, rewritingAudit } from "./audit.ts";
import { boundPrefix, type Cipher, isSealed, UNBOUND_FORMAT } from "./crypto.ts";
import type { ServiceDeps } from "./deps.ts";
import { SEALED_COLUMNS, type SealedColumn } from "./sealed-columns.ts";

const BATCH = 500;

/** Which sealed values a walk re-seals, in SQL (to select rows) and in code (to pick the row's columns). */
export interface Staleness {
  sql(column: string): string;
  test(value: unknown): value is string;
}

/** Values sealed before the binding. */
export const UNBOUND: Staleness = {
  sql: (column) => `"${column}" LIKE '${UNBOUND_FORMAT}:%'`,
  test: (value): value is string => typeof value === "string" && value.startsWith(`${UNBOUND_FORMAT}:`),
};

/** Values not bound under `keyId`: under another key, or not bound at all. */
export function notBoundUnder(keyId: string): Staleness {
  return {
    sql: (column) =>
      `(("${column}" LIKE 'v1:%' OR "${column}" LIKE 'v2:%') AND "${column}" NOT LIKE '${boundPrefix(keyId)}%')`,
    test: (value): value is string =>
      typeof value === "string" && isSealed(value) && !value.startsWith(boundPrefix(keyId)),
  };
}

/** Stale values in every sealed column (of `tables` only, if given). */
export async function countStale(
  db: ServiceDeps["db"],
  stale: Staleness,
  tables: readonly string[] = SEALED_COLUMNS.map((entry) => entry.table),
): Promise<number> {
  let count = 0;
  for (const { table, columns } of SEALED_COLUMNS.filter((entry) => tables.includes(entry.table))) {
    const [row] = await sqlThrough(db).all(
      `SELECT COUNT(*) AS "n" FROM "${table}" WHERE ${columns.map(stale.sql).join(" OR ")}`,
    );
    count += Number(row?.n ?? 0);
  }
  return count;
}

/** The plaintext of a stored value, bound or (before the start-up re-sealing) not. */
function openStored(cipher: Cipher, value: string, column: SealedColumn, row: unknown): string {
  return UNBOUND.test(value) ? cipher.decryptUnbound(value) : cipher.decrypt(value, column, String(row));
}

/**
 * Re-seals the stale values of one table with `cipher`, bound to their place, in batches (one transaction each) in
 * id order, so a walk stopped anywhere (even killed) is finished by walking again. A value changed meanwhile by
 * someone else is left as they wrote it (the update requires the value read). Returns the values re-sealed.
 */
export async function resealTable(
  deps: ServiceDeps,
  cipher: Cipher,
  entry: (typeof SEALED_COLUMNS)[number],
  stale: Staleness,
  purpose: AuditRewritePurpose,
): Promise<number> {
  const { table, id, columns } = entry;
  let resealed = 0;
  let after: unknown = null;
  for (;;) {
    const rows = await sqlThrough(deps.db).all(
      `SELECT "${id}", ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}"
       WHERE (${columns.map(stale.sql).join(" OR ")}) ${after === null ? "" : `AND "${id}" > ?`}
       ORDER BY "${id}" LIMIT ${BATCH}`,
      ...(after === null ? [] : [after as SqlValue]),
    );
    if (rows.length === 0) return resealed;
    after = rows.at(-1)?.[id];
    await deps.db.$transaction(async (tx) => {
      const rewrite = <T>(work: () => Promise<T>) =>
        table === "AuditEntry" ? rewritingAudit(tx, purpose, work) : work();
      await rewrite(async () => {
        for (const row of rows) {
          for (const column of columns) {
            const value = row[column];
            if (!stale.test(value)) continue;
            const place = `${table}.${column}` as SealedColumn;
            const plaintext = openStored(cipher, value, place, row[id]);
            resealed += await sqlThrough(tx).run(
              `UPDATE "${table}" SET "${column}" = ? WHERE "${id}" = ? AND "${column}" = ?`,
              cipher.encrypt(plaintext, place, String(row[id])),
              row[id] as SqlValue,
              value as string,
            );
          }
        }
      });
    });
  }
}

/**
 * Start-up task: re-seals, bound to their place, the values sealed before the binding, then empties
 * UnboundSealedTable, so later starts skip the scan. Resumable and idempotent; audited when it re-sealed any.
 */
export async function bindUnboundValues(deps: ServiceDeps): Promise<number> {
  const pending = (await deps.db.unboundSealedTable.findMany()).map((row) => row.name);
  if (pending.length === 0) return 0;
  let bound = 0;
  for (const entry of SEALED_COLUMNS.filter(({ table }) => pending.includes(table))) {
    bound += await resealTable(deps, deps.cipher, entry, UNBOUND, "row_binding");
  }
  // Struck off and audited together: the entry exists exactly when the binding is complete.
  await deps.db.$transaction(async (tx) => {
    await tx.unboundSealedTable.deleteMany({ where: { name: { in: pending } } });
    if (bound === 0) return;
    await recordAudit(tx, deps.cipher, {
      actorId: null,
      action: "encryption.bind_rows",
      subjectType: "deployment",
      details: { keyId: deps.cipher.keyId, bound },
      at: deps.clock(),
    });
  });
  if (bound > 0) deps.logger.info({ bound }, "sealed values bound to their table, column and row");
  return bound;
}
