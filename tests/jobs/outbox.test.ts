// The outbox under Bot API faults: every message is delivered exactly once in the end, a blocked user is
// recorded as a failure, and nothing is lost or repeated across a restart.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOutboxApi, createOutboxWorker } from "../../src/jobs/outbox.ts";
import { enqueueDelivery } from "../../src/services/deliveries.ts";
import { type BotApiEmulator, type Fault, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { seededRandom } from "../../bench/generate.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import {
  createTestClock,
  createTestDatabase,
  createTestDeps,
  type TestClock,
  type TestDatabase,
} from "../helpers/database.ts";

let database: TestDatabase;
let emulator: BotApiEmulator;
let clock: TestClock;
let deps: ServiceDeps;
let recipients: number[];

beforeEach(async () => {
  database = await createTestDatabase();
  emulator = await startBotApiEmulator();
  clock = createTestClock();
  deps = createTestDeps(database.db, clock);
  recipients = [];
  for (let i = 0; i < 30; i++) {
    const staff = await deps.db.staff.create({ data: { telegramId: BigInt(60_000 + i), displayName: `Collega ${i}` } });
    recipients.push(staff.id);
  }
});
afterEach(async () => {
  await emulator.stop();
  await database.drop();
});

const worker = () =>
  createOutboxWorker(deps, createOutboxApi("1:test", emulator.apiRoot, 1), {
    ratePerSecond: 1000,
    sleep: async () => undefined,
  });

async function enqueueAll(kind = "alert") {
  for (const id of recipients) {
    await enqueueDelivery(
      deps.db,
      deps.cipher,
      { dedupeKey: `${kind}:1:${id}`, kind, recipientId: id, message: { text: `msg ${id}` } },
      clock.now(),
    );
  }
}

/** Messages the emulator accepted, per chat. */
function acceptedPerChat(): Map<string, number> {
  const perChat = new Map<string, number>();
  for (const stored of emulator.server.storage.botMessages) {
    const chat = String((stored.message as { chat_id: unknown }).chat_id);
    perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
  }
  return perChat;
}

/** Drains, moving the clock past every retry delay, until nothing is pending. */
async function drainUntilSettled(run = worker()) {
  for (let round = 0; round < 40; round++) {
    await run.drain();
    if ((await deps.db.delivery.count({ where: { status: { in: ["pending", "sending"] } } })) === 0) return;
    clock.advance(11 * 60_000);
  }
  throw new Error("the outbox did not settle");
}

describe("outbox", () => {
  it("queues a message once per dedupe key", async () => {
    await enqueueAll();
    await enqueueAll();
    expect(await deps.db.delivery.count()).toBe(recipients.length);
  });

  it("delivers each message exactly once through 429s, 5xx, timeouts and 403s on 30% of calls", async () => {
    const random = seededRandom(7);
    const blocked = new Set([String(60_003), String(60_017)]);
    emulator.faults = (call): Fault | null => {
      if (call.method !== "sendMessage") return null;
      if (blocked.has(String(call.body.chat_id))) return { status: 403 };
      const roll = random();
      if (roll < 0.1) return { status: 429, retryAfter: 3 };
      if (roll < 0.2) return { status: 502 };
      if (roll < 0.25) return { hang: true };
      if (roll < 0.3) return { status: 500 };
      return null;
    };
    await enqueueAll();
    await drainUntilSettled();
    const perChat = acceptedPerChat();
    for (let i = 0; i < recipients.length; i++) {
      const chat = String(60_000 + i);
      expect(perChat.get(chat) ?? 0).toBe(blocked.has(chat) ? 0 : 1);
    }
    const failed = await deps.db.delivery.findMany({ where: { status: "failed" }, include: { recipient: true } });
    expect(failed.map((d) => String(d.recipient.telegramId)).sort()).toEqual([...blocked].sort());
    expect(failed[0]?.lastError).toContain("403");
  });

  it("sends a queued message once after a restart between writing and sending", async () => {
    await enqueueAll();
    const first = worker();
    first.stop();
    await first.drain();
    expect(emulator.server.storage.botMessages).toHaveLength(0);
    await drainUntilSettled(worker());
    await drainUntilSettled(worker());
    expect([...acceptedPerChat().values()]).toEqual(recipients.map(() => 1));
  });

  it("puts back a message left 'sending' by a crashed process, after a grace period", async () => {
    await enqueueAll();
    await deps.db.delivery.updateMany({ data: { status: "sending", nextAttemptAt: clock.now() } });
    await worker().drain();
    expect(emulator.server.storage.botMessages).toHaveLength(0);
    clock.advance(3 * 60_000);
    await drainUntilSettled();
    expect(acceptedPerChat().size).toBe(recipients.length);
  });

  it("does not send to a deactivated recipient", async () => {
    await deps.db.staff.update({ where: { id: recipients[0] }, data: { active: false } });
    await enqueueAll();
    await drainUntilSettled();
    expect(acceptedPerChat().has("60000")).toBe(false);
    expect(acceptedPerChat().size).toBe(recipients.length - 1);
  });
});
