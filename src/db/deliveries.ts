// The outbox's one hand-written statement: a delivery inserted unless its dedupe key is already queued. A unique
// violation would abort the caller's transaction on PostgreSQL, so a concurrent duplicate is skipped, not caught.
import { sqlThrough } from "./audit.ts";
import { type Db, writeTransaction } from "./client.ts";
import type { RawRunner, SqlSession } from "./sql.ts";

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

/**
 * True when the row was inserted, false when a delivery with its dedupe key already exists. Inside the caller's
 * transaction it goes through it; outside one, on Ponte's own writer: a chart's payload (over 100 KB, once per
 * recipient) through Prisma's raw queries held about 30 MB of the bot during a digest fan-out.
 */
export async function insertDeliveryOnce(prisma: RawRunner, row: DeliveryRow): Promise<boolean> {
  const insert = (sql: SqlSession) => insertRow(sql, row);
  return isClient(prisma) ? writeTransaction(prisma, insert) : insert(sqlThrough(prisma));
}

/** A Prisma client, not one of its interactive transactions (which have no `$transaction` of their own). */
function isClient(prisma: RawRunner): prisma is Db {
  return "$transaction" in prisma;
}

async function insertRow(sql: SqlSession, row: DeliveryRow): Promise<boolean> {
  const inserted = await sql.run(
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
