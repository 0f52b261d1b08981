// Append-only audit trail: every plan read and every write. Details hold ids and codes, never names or free text.
import type Database from "better-sqlite3";
import type { Db } from "../db/client.ts";
import { sqlInstant, statement } from "../db/sqlite.ts";
import type { AuditAction } from "../domain/audit-actions.ts";
import type { Cipher } from "./crypto.ts";

export type AuditWriter = Pick<Db, "$executeRawUnsafe">;

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
const INSERT_AUDIT = `INSERT INTO "AuditEntry" ("at", "actorId", "action", "subjectType", "subjectId", "personId", "reasonEnc", "details")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

function auditValues(cipher: Cipher, entry: AuditInput) {
  return [
    sqlInstant(entry.at),
    entry.actorId,
    entry.action,
    entry.subjectType,
    entry.subjectId == null ? null : String(entry.subjectId),
    entry.personId ?? null,
    cipher.encryptOptional(entry.reason),
    entry.details ? JSON.stringify(entry.details) : null,
  ];
}

export async function recordAudit(db: AuditWriter, cipher: Cipher, entry: AuditInput): Promise<void> {
  await db.$executeRawUnsafe(INSERT_AUDIT, ...auditValues(cipher, entry));
}

/** The same entry inside a transaction of the attendance writer (`writeTransaction`). */
export function recordAuditNow(sqlite: Database.Database, cipher: Cipher, entry: AuditInput): void {
  statement(sqlite, INSERT_AUDIT).run(...auditValues(cipher, entry));
}

export type AuditRewritePurpose = "erasure" | "key_rotation";

/**
 * The only way to change audit entries (the table's triggers refuse it otherwise): inside the caller's transaction,
 * and only their subject, details and sealed reason. Used by erasure and key rotation (docs/reliability.md).
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
