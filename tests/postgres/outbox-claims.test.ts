// Two instances sharing the outbox on one PostgreSQL: a message one of them is sending stays its own while it lives,
// and goes out from the other at once when it dies mid-send, not after the two-minute claim time-out that a crashed
// process on SQLite waits for (an alert must not be late because the instance sending it died).
import { afterEach, beforeEach, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { createOutboxApi, createOutboxWorker } from "../../src/jobs/outbox.ts";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { enqueueDelivery } from "../../src/services/deliveries.ts";
import {
  createTestClock,
  createTestDatabase,
  createTestDeps,
  type TestClock,
  type TestDatabase,
} from "../helpers/database.ts";
import { onServer } from "../helpers/postgres.ts";

const server = process.env.TEST_POSTGRES_URL as string;
let database: TestDatabase;
let other: Db;
let emulator: BotApiEmulator;
let clock: TestClock;

beforeEach(async () => {
  database = await createTestDatabase();
  other = await openDatabase(database.url);
  emulator = await startBotApiEmulator();
  clock = createTestClock();
});
afterEach(async () => {
  await emulator.stop();
  await closeDatabase(other);
  await database.drop();
});

const workerOn = (db: Db) =>
  createOutboxWorker(createTestDeps(db, clock), createOutboxApi("1:test", emulator.apiRoot, 60), {
    limits: { callsPerSecond: 1000, perChatGapMs: 0 },
    sleep: async () => undefined,
  });

const alertsReceived = () =>
  emulator.server.storage.botMessages.filter((stored) => String(stored.message.text) === "🚨 Evento critico").length;

it("leaves a message being sent to its instance while it lives, and sends it from another at once when it dies", async () => {
  const deps = createTestDeps(database.db, clock);
  const rita = await deps.db.staff.create({ data: { telegramId: 80_001n, displayName: "Rita Reperibile" } });
  const request = {
    dedupeKey: "alert:1:rita",
    kind: "alert",
    recipientId: rita.id,
    message: { text: "🚨 Evento critico" },
  };
  await enqueueDelivery(deps.db, deps.cipher, request, clock.now());

  // The first instance's send never returns: it is still sending when it dies.
  let calls = 0;
  emulator.faults = (call) => (call.method === "sendMessage" && ++calls === 1 ? { hang: true } : null);
  // Its drain ends in an error once its database goes at the end of the test: it stands for a dead process.
  void workerOn(database.db)
    .drain()
    .catch(() => undefined);
  while ((await other.delivery.findFirstOrThrow()).status !== "sending") await new Promise((r) => setTimeout(r, 20));

  const second = workerOn(other);
  await second.drain();
  expect((await other.delivery.findFirstOrThrow()).status).toBe("sending");
  expect(calls).toBe(1);

  // The first instance dies: the server ends its connections (it waits up to 5 s for each).
  const name = new URL(database.url).pathname.slice(1);
  await onServer(server, (client) =>
    client.query(
      `SELECT pg_terminate_backend("pid", 5000) FROM "pg_locks"
        WHERE "locktype" = 'advisory' AND "database" = (SELECT "oid" FROM "pg_database" WHERE "datname" = $1)`,
      [name],
    ),
  );
  await second.drain();

  expect(await other.delivery.findFirstOrThrow()).toMatchObject({ status: "sent", payloadEnc: "" });
  expect(alertsReceived()).toBe(1);
  expect(clock.now()).toEqual(createTestClock().now());
});
