// Queueing outgoing messages (alerts, digests, reminders, notices) in the outbox table, in the same transaction as the
// change that causes them where there is one; the outbox worker (jobs/outbox.ts) delivers them.
import type { Db } from "../db/client.ts";
import { insertDeliveryOnce } from "../db/deliveries.ts";
import type { RawRunner } from "../db/sql.ts";
import type { Cipher } from "./crypto.ts";
import { reserveIds } from "./row-ids.ts";

export interface OutgoingFile {
  base64: string;
  filename: string;
}

/** One Bot API call each: a text (with inline buttons: [label, callback data]), a photo or a document. */
export type OutgoingMessage =
  | { text: string; buttons?: { text: string; data: string }[][]; photo?: never; document?: never }
  | { photo: OutgoingFile; text?: never; document?: never }
  | { document: OutgoingFile; text?: never; photo?: never };

export interface DeliveryRequest {
  dedupeKey: string;
  kind: string;
  recipientId: number;
  message: OutgoingMessage;
  notBefore?: Date;
  /** The dedupe key of a delivery that must be settled (sent or given up) first, e.g. a digest's chart. */
  after?: string;
}

export type DeliveryWriter = Pick<Db, "delivery"> & RawRunner;

/** Queues one message; returns false when a message with the same dedupe key already exists. */
export async function enqueueDelivery(
  db: DeliveryWriter,
  cipher: Cipher,
  request: DeliveryRequest,
  now: Date,
): Promise<boolean> {
  const existing = await db.delivery.findUnique({ where: { dedupeKey: request.dedupeKey }, select: { id: true } });
  if (existing) return false;
  const id = await reserveIds(db, "Delivery");
  return insertDeliveryOnce(db, {
    id,
    dedupeKey: request.dedupeKey,
    kind: request.kind,
    recipientId: request.recipientId,
    payloadEnc: cipher.encrypt(JSON.stringify(request.message), "Delivery.payloadEnc", id),
    nextAttemptAt: request.notBefore ?? now,
    afterKey: request.after ?? null,
    createdAt: now,
  });
}
