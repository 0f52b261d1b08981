// Append-only audit trail: every plan read and every write. Details hold ids and codes, never names or free text.
import { insertAudit, sqlThrough } from "../db/audit.ts";
import type { RawRunner, SqlSession } from "../db/sql.ts";
import type { AuditAction } from "../domain/audit-actions.ts";
import type { Cipher } from "./crypto.ts";
import { reserveIds } from "./row-ids.ts";

export type AuditWriter = RawRunner;
export { type AuditRewritePurpose, rewritingAudit } from "../db/audit.ts";

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

// The id is given only with a reason, which is sealed for its row; otherwise the database numbers the entry.
function auditRow(cipher: Cipher, entry: AuditInput, id: number | null) {
  return {
    id,
    at: entry.at,
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId == null ? null : String(entry.subjectId),
    personId: entry.personId ?? null,
    reasonEnc: id === null ? null : cipher.encryptOptional(entry.reason, "AuditEntry.reasonEnc", id),
    details: entry.details ? JSON.stringify(entry.details) : null,
  };
}

export async function recordAudit(db: AuditWriter, cipher: Cipher, entry: AuditInput): Promise<void> {
  const id = entry.reason ? await reserveIds(db, "AuditEntry") : null;
  await insertAudit(sqlThrough(db), auditRow(cipher, entry, id));
}

/** The same entry, without a reason, inside a transaction of the attendance writer. */
export async function recordAuditIn(sql: SqlSession, cipher: Cipher, entry: Omit<AuditInput, "reason">): Promise<void> {
  await insertAudit(sql, auditRow(cipher, entry, null));
}
