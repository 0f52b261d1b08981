// Append-only audit trail: every plan read and every write. Details hold ids and codes, never names or free text.
import type { Db } from "../db/client.ts";
import type { Cipher } from "./crypto.ts";

type AuditWriter = Pick<Db, "auditEntry">;

export interface AuditInput {
  actorId: number | null;
  action: string;
  subjectType: string;
  subjectId?: string | number | null;
  personId?: number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
  at: Date;
}

export async function recordAudit(db: AuditWriter, cipher: Cipher, entry: AuditInput): Promise<void> {
  await db.auditEntry.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId == null ? null : String(entry.subjectId),
      personId: entry.personId ?? null,
      reasonEnc: cipher.encryptOptional(entry.reason),
      details: entry.details ? JSON.stringify(entry.details) : null,
      at: entry.at,
    },
  });
}
