// The outbox's one hand-written statement: a delivery inserted unless its dedupe key is already queued. A unique
// violation would abort the caller's transaction on PostgreSQL, so a concurrent duplicate is skipped, not caught.
import { sqlThrough } from "./audit.ts";
import type { RawRunner } from "./sql.ts";

export interface DeliveryRow {
  id: number;
  dedupeKey: string;
  kind: string;
  recipientId: number;
  payloadEnc: string;
  nextAttemptAt: Date;
  afterKey: string | null;
  createdAt: Date;
}

/** True when the row was inserted, false when a delivery with its dedupe key already exists. */
export async function insertDeliveryOnce(prisma: RawRunner, row: DeliveryRow): Promise<boolean> {
  const inserted = await sqlThrough(prisma).run(
    `INSERT INTO "Delivery" ("id", "dedupeKey", "kind", "recipientId", "payloadEnc", "nextAttemptAt", "afterKey", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("dedupeKey") DO NOTHING`,
    row.id,
    row.dedupeKey,
    row.kind,
    row.recipientId,
    row.payloadEnc,
    row.nextAttemptAt,
    row.afterKey,
    row.createdAt,
  );
  return inserted > 0;
}
