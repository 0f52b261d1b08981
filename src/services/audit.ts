// Append-only audit trail: every plan read and every write. Details hold ids and codes, never names or free text.
import type Database from "better-sqlite3";
import type { Db } from "../db/client.ts";
import { sqlInstant, statement } from "../db/sqlite.ts";
import type { AuditAction } from "../domain/audit-actions.ts";
import type { Cipher } from "./crypto.ts";
import { reserveIds } from "./row-ids.ts";

export type AuditWriter = Pick<Db, "$executeRawUnsafe" | "$queryRawUnsafe">;

export interface AuditInput {
  actorId: number | null;
  action: AuditAction;
  subjectType: string;
  subjectId?: string | number | null;
  personId?: number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
  at: Date;
}

// A plain INSERT, shared by Prisma and the attendance writer: entries ride along every write and plan read.
// The id is given only with a reason, which is sealed for its row; otherwise SQLite numbers the entry.
const INSERT_AUDIT = `INSERT INTO "AuditEntry" ("id", "at", "actorId", "action", "subjectType", "subjectId", "personId", "reasonEnc", "details")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function auditValues(cipher: Cipher, entry: AuditInput, id: number | null) {
  return [
    id,
    sqlInstant(entry.at),
    entry.actorId,
    entry.action,
    entry.subjectType,
    entry.subjectId == null ? null : String(entry.subjectId),
    entry.personId ?? null,
    id === null ? null : cipher.encryptOptional(entry.reason, "AuditEntry.reasonEnc", id),
    entry.details ? JSON.stringify(entry.details) : null,
  ];
}

export async function recordAudit(db: AuditWriter, cipher: Cipher, entry: AuditInput): Promise<void> {
  const id = entry.reason ? await reserveIds(db, "AuditEntry") : null;
  await db.$executeRawUnsafe(INSERT_AUDIT, ...auditValues(cipher, entry, id));
}

/** The same entry, without a reason, inside a transaction of the attendance writer (`writeTransaction`). */
export function recordAuditNow(sqlite: Database.Database, cipher: Cipher, entry: Omit<AuditInput, "reason">): void {
  statement(sqlite, INSERT_AUDIT).run(...auditValues(cipher, entry, null));
}

export type AuditRewritePurpose = "erasure" | "key_rotation" | "row_binding";

/**
 * The only way to change audit entries (the table's triggers refuse it otherwise): inside the caller's transaction,
 * and only their subject, details and sealed reason. Used by erasure, key rotation and the start-up binding of sealed
 * values to their rows (docs/reliability.md).
 */
export async function rewritingAudit<T>(
  db: AuditWriter,
  purpose: AuditRewritePurpose,
  work: () => Promise<T>,
): Promise<T> {
  await db.$executeRawUnsafe(`INSERT INTO "AuditRewrite" ("purpose") VALUES (?)`, purpose);
  const result = await work();
  await db.$executeRawUnsafe(`DELETE FROM "AuditRewrite"`);
  return result;
}
