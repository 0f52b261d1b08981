// Queueing a message whose dedupe key another writer queued first (two instances sending the same reminder): the
// second is skipped and the caller's transaction carries on; on PostgreSQL a unique violation would have aborted it.
import { afterEach, beforeEach, expect, it } from "vitest";
import { insertDeliveryOnce } from "../../src/db/deliveries.ts";
import { reserveIds } from "../../src/db/row-ids.ts";
import { enqueueDelivery } from "../../src/services/deliveries.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { createTestClock, createTestDatabase, createTestDeps, type TestDatabase } from "../helpers/database.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let recipientId: number;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = createTestDeps(database.db, createTestClock());
  recipientId = (await deps.db.staff.create({ data: { telegramId: 70_001n, displayName: "Rita Reperibile" } })).id;
});
afterEach(() => database.drop());

it("skips a message already queued under its dedupe key, and the transaction goes on to commit", async () => {
  const now = deps.clock();
  const request = {
    dedupeKey: "reminder:7:2026-11-18",
    kind: "reminder",
    recipientId,
    message: { text: "Promemoria" },
  };
  expect(await enqueueDelivery(deps.db, deps.cipher, request, now)).toBe(true);

  const queuedAgain = await deps.db.$transaction(async (tx) => {
    const id = await reserveIds(tx, "Delivery");
    const inserted = await insertDeliveryOnce(tx, {
      id,
      dedupeKey: request.dedupeKey,
      kind: request.kind,
      recipientId,
      payloadEnc: deps.cipher.encrypt(JSON.stringify(request.message), "Delivery.payloadEnc", id),
      nextAttemptAt: now,
      afterKey: null,
      createdAt: now,
    });
    await tx.staff.update({ where: { id: recipientId }, data: { displayName: "Rita R." } });
    return inserted;
  });

  expect(queuedAgain).toBe(false);
  expect(await deps.db.delivery.count()).toBe(1);
  expect((await deps.db.staff.findUniqueOrThrow({ where: { id: recipientId } })).displayName).toBe("Rita R.");
  const [queued] = await deps.db.delivery.findMany();
  expect(queued?.nextAttemptAt).toEqual(now);
  expect(queued?.status).toBe("pending");
});
