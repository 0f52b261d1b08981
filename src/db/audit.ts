// The audit trail's hand-written SQL: one plain INSERT that rides along every write and plan read (through Prisma
// or inside the attendance writer's transaction), and the one documented way to rewrite entries.
import { engineOf } from "./engine.ts";
import type { RawRunner, SqlSession } from "./sql.ts";

export interface AuditRow {
  /** Given when a value of the row is sealed for it (a reason); otherwise the database numbers the entry. */
  id: number | null;
  at: Date;
  actorId: number | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  personId: number | null;
  reasonEnc: string | null;
  details: string | null;
}

const COLUMNS = `"at", "actorId", "action", "subjectType", "subjectId", "personId", "reasonEnc", "details"`;

/** Hand-written SQL on a Prisma client or inside one of its transactions. */
export function sqlThrough(prisma: RawRunner): SqlSession {
  return engineOf(prisma).through(prisma);
}

export async function insertAudit(sql: SqlSession, row: AuditRow): Promise<void> {
  const values = [
    row.at,
    row.actorId,
    row.action,
    row.subjectType,
    row.subjectId,
    row.personId,
    row.reasonEnc,
    row.details,
  ];
  if (row.id === null)
    await sql.run(`INSERT INTO "AuditEntry" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ...values);
  else
    await sql.run(`INSERT INTO "AuditEntry" ("id", ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, row.id, ...values);
}

export type AuditRewritePurpose = "erasure" | "key_rotation" | "row_binding";

/**
 * The only way to change audit entries (the table's triggers refuse it otherwise): inside the caller's transaction,
 * and only their subject, details and sealed reason.
 */
export async function rewritingAudit<T>(
  prisma: RawRunner,
  purpose: AuditRewritePurpose,
  work: () => Promise<T>,
): Promise<T> {
  const sql = sqlThrough(prisma);
  await sql.run(`INSERT INTO "AuditRewrite" ("purpose") VALUES (?)`, purpose);
  const result = await work();
  await sql.run(`DELETE FROM "AuditRewrite"`);
  return result;
}

/** Within `rewritingAudit`: what an entry says about its subject. */
export async function rewriteAuditEntry(
  prisma: RawRunner,
  id: number,
  values: { subjectId: string | null; details: string | null; reasonEnc: string | null },
): Promise<void> {
  await sqlThrough(prisma).run(
    `UPDATE "AuditEntry" SET "subjectId" = ?, "details" = ?, "reasonEnc" = ? WHERE "id" = ?`,
    values.subjectId,
    values.details,
    values.reasonEnc,
    id,
  );
}
