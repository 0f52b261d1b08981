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
    limits: { callsPerSecond: 1000, perChatGapMs: 0 },
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

  // PostgreSQL tells that the claims' instance is gone (tests/postgres/outbox-claims.test.ts); SQLite cannot.
  it("puts back a message left 'sending' by a crashed process: at once on PostgreSQL, after a grace period on SQLite", async () => {
    await enqueueAll();
    await deps.db.delivery.updateMany({ data: { status: "sending", nextAttemptAt: clock.now() } });
    await worker().drain();
    const claimsOutliveTheirProcess = database.url.startsWith("file:");
    expect(acceptedPerChat().size).toBe(claimsOutliveTheirProcess ? 0 : recipients.length);
    clock.advance(3 * 60_000);
    await drainUntilSettled();
    expect(acceptedPerChat().size).toBe(recipients.length);
    expect([...acceptedPerChat().values()].every((count) => count === 1)).toBe(true);
  });

  it("does not send to a deactivated recipient", async () => {
    await deps.db.staff.update({ where: { id: recipients[0] }, data: { active: false } });
    await enqueueAll();
    await drainUntilSettled();
    expect(acceptedPerChat().has("60000")).toBe(false);
    expect(acceptedPerChat().size).toBe(recipients.length - 1);
  });
});

describe("outbox pacing, in the test clock's time (the worker's sleep moves it on)", () => {
  interface Sent {
    at: number;
    method: string;
    chat: string;
  }

  const pacedWorker = () =>
    createOutboxWorker(deps, createOutboxApi("1:test", emulator.apiRoot, 1), {
      sleep: async (ms) => clock.advance(ms),
    });
  const start = () => clock.now().getTime();

  /** Records every call as the emulator sees it, in test-clock milliseconds from `t0`. */
  function record(t0: number, fault: (call: Sent) => Fault | null = () => null): Sent[] {
    const log: Sent[] = [];
    emulator.faults = (call) => {
      const sent = { at: clock.now().getTime() - t0, method: call.method, chat: String(call.body.chat_id) };
      const refused = fault(sent);
      if (!refused) log.push(sent);
      return refused;
    };
    return log;
  }

  async function queueDigestLike(recipientId: number, key: string) {
    const png = { base64: Buffer.from("png").toString("base64"), filename: "chart.png" };
    await enqueueDelivery(
      deps.db,
      deps.cipher,
      { dedupeKey: `${key}:chart`, kind: "digest", recipientId, message: { photo: png } },
      clock.now(),
    );
    await enqueueDelivery(
      deps.db,
      deps.cipher,
      { dedupeKey: key, kind: "digest", recipientId, message: { text: key }, after: `${key}:chart` },
      clock.now(),
    );
  }

  it("counts every call, sends a chart before its text and at most one message per second to a chat", async () => {
    const few = recipients.slice(0, 3);
    for (const id of few) await queueDigestLike(id, `digest:${id}`);
    const log = record(start());
    await pacedWorker().drain();

    expect(log).toHaveLength(6);
    for (const id of few) {
      const chat = (await deps.db.staff.findUniqueOrThrow({ where: { id } })).telegramId.toString();
      const ofChat = log.filter((call) => call.chat === chat);
      expect(ofChat.map((call) => call.method)).toEqual(["sendPhoto", "sendMessage"]);
      expect((ofChat[1]?.at ?? 0) - (ofChat[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    // Other chats are served meanwhile: the three charts go first, about 36 ms apart (28 calls per second).
    expect(log.slice(0, 3).map((call) => call.method)).toEqual(["sendPhoto", "sendPhoto", "sendPhoto"]);
    for (let i = 1; i < log.length; i++) {
      expect((log[i]?.at ?? 0) - (log[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(Math.floor(1000 / 28));
    }
  });

  it("keeps a 429 to its chat: the others go on at once, that chat after Telegram's retry_after", async () => {
    await enqueueAll();
    let refused = false;
    const log = record(start(), (call) => {
      if (call.chat !== "60005" || refused) return null;
      refused = true;
      return { status: 429, retryAfter: 30 };
    });
    await pacedWorker().drain();
    expect(log).toHaveLength(recipients.length - 1);
    // 29 chats at 28 per second: about a second, never 30 seconds of waiting.
    expect(log.at(-1)?.at).toBeLessThan(2000);
    const held = await deps.db.delivery.findFirstOrThrow({ where: { recipient: { telegramId: 60_005n } } });
    expect([held.status, held.lastError, held.attempts]).toEqual(["pending", "429", 0]);

    clock.advance(30_000);
    await pacedWorker().drain();
    expect(log.at(-1)?.chat).toBe("60005");
    expect(acceptedPerChat().size).toBe(recipients.length);
  });

  it("pauses everything for a flood wait of the whole bot, learnt from a second chat refused meanwhile", async () => {
    await enqueueAll();
    const t0 = start();
    let refusals = 0;
    const log = record(t0, (call) => {
      if (call.at >= 5000) return null;
      refusals++;
      return { status: 429, retryAfter: 5 };
    });
    const worker = pacedWorker();
    await worker.drain();
    clock.advance(5000);
    await worker.drain();
    // Two refusals taught the worker that the whole bot waits; it did not try the other 28 chats meanwhile.
    expect(refusals).toBe(2);
    expect(log[0]?.at).toBeGreaterThanOrEqual(5000);
    expect(acceptedPerChat().size).toBe(recipients.length);
  });
});

describe("charts sent to several recipients", () => {
  const chart = { base64: Buffer.from("the week's chart").toString("base64"), filename: "chart.png" };

  async function queueChartTo(ids: number[]) {
    for (const id of ids) {
      await enqueueDelivery(
        deps.db,
        deps.cipher,
        { dedupeKey: `digest:W48:site:1:${id}:chart`, kind: "digest", recipientId: id, message: { photo: chart } },
        clock.now(),
      );
    }
  }

  const photos = () => emulator.files.filter((file) => file.method === "sendPhoto");

  it("uploads a chart once and sends it to the others by the file_id Telegram gave, each getting the picture", async () => {
    await queueChartTo(recipients.slice(0, 3));
    await drainUntilSettled();
    expect(photos().map((file) => [file.chatId, file.bytes.toString(), file.byFileId ?? false])).toEqual([
      [60_000, "the week's chart", false],
      [60_001, "the week's chart", true],
      [60_002, "the week's chart", true],
    ]);
  });

  it("uploads again, and from then on, when the Bot API refuses a file_id: every recipient still gets the chart", async () => {
    const byFileId = (call: { body: Record<string, unknown> }) => String(call.body.photo).startsWith("file-");
    emulator.faults = (call) =>
      byFileId(call) ? { status: 400, description: "Bad Request: wrong file identifier" } : null;
    await queueChartTo(recipients.slice(0, 3));
    await drainUntilSettled();
    // The refused one comes later, on its retry.
    const received = photos().map((file) => [file.chatId, file.byFileId ?? false]);
    expect(received.sort()).toEqual([
      [60_000, false],
      [60_001, false],
      [60_002, false],
    ]);
    const refused = emulator.calls.filter(byFileId);
    expect(refused).toHaveLength(1);
    expect(await deps.db.delivery.count({ where: { status: "sent" } })).toBe(3);
  });
});
