// The outbox under stress: rate limits on every other send and a restart between writing and sending must neither
// lose nor repeat an alert.
import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOutboxWorker } from "../../src/jobs/outbox.ts";
import type { ApiCall } from "../../src/local/bot-api-emulator.ts";
import { reportEvent } from "../../src/services/events.ts";
import { addOnCallShift } from "../../src/services/on-call.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { BOT_TOKEN, type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
const HOUR = 3600_000;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
  await addOnCallShift(harness.deps, world.staff.coordinator.actor, {
    staffId: world.staff.onCall.id,
    siteIds: [world.bollate.id],
    startsAt: new Date(harness.clock.now().getTime() - HOUR),
    endsAt: new Date(harness.clock.now().getTime() + 12 * HOUR),
  });
});
afterEach(async () => {
  await harness.stop();
});

/** Alert texts that reached a chat, per event id (only calls the emulator answered successfully). */
function alertsReceived(succeeded: ApiCall[], chatId: number): string[] {
  return succeeded
    .filter((call) => call.method === "sendMessage" && Number(call.body.chat_id) === chatId)
    .map((call) => String(call.body.text).split("\n")[0] as string)
    .filter((line) => line.startsWith("🚨 Evento critico"));
}

describe("outbox", () => {
  it("delivers each alert exactly once when every other send is rate-limited (429)", async () => {
    const rejected = new Set<ApiCall>();
    let sends = 0;
    harness.emulator.faults = (call) => {
      if (call.method !== "sendMessage") return null;
      sends++;
      if (sends % 2 === 1) {
        rejected.add(call);
        return { status: 429, retryAfter: 3 };
      }
      return null;
    };
    const eventIds: number[] = [];
    for (const n of [1, 2, 3]) {
      const { eventId } = await reportEvent(harness.deps, world.staff.operator.actor, {
        clientRef: `event:test:${n}`,
        siteId: world.bollate.id,
        kind: "aggression_peer",
        severity: 2,
        occurredAt: harness.clock.now(),
        description: `Lite numero ${n}.`,
      });
      eventIds.push(eventId);
    }
    for (let round = 0; round < 20; round++) {
      await harness.outbox.drain();
      if ((await harness.deps.db.delivery.count({ where: { status: { not: "sent" } } })) === 0) break;
      harness.clock.advance(3_000);
    }

    expect(rejected.size).toBeGreaterThan(0);
    const succeeded = harness.emulator.calls.filter((call) => !rejected.has(call));
    const expected = eventIds.map((id) => `🚨 Evento critico #${id}`);
    // Exactly once each; a retried alert may arrive after a later one.
    expect(alertsReceived(succeeded, USERS.coordinator.id).sort()).toEqual(expected);
    expect(alertsReceived(succeeded, USERS.onCall.id).sort()).toEqual(expected);
    const deliveries = await harness.deps.db.delivery.findMany();
    expect(deliveries).toHaveLength(6);
    expect(deliveries.every((d) => d.status === "sent" && d.messageId !== null)).toBe(true);
  });

  it("delivers an alert written just before a restart once, by the next process", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/evento");
    await operator.tapKey("events-people-nobody");
    await operator.tapKey("events-kind-escape_or_failure_to_return");
    await operator.tapKey("events-severity-3");
    await operator.send("Non è rientrato dal permesso.");
    await operator.tapKey("flow-confirm");
    // The process dies after the transaction but before its outbox sends anything.
    harness.outbox.stop();
    await operator.tapKey("events-confirm-send");
    expect(operator.lastMessage().text).toContain("Allerta inviata a 2 persone");
    expect(await harness.deps.db.delivery.count({ where: { status: "pending" } })).toBe(2);
    expect(harness.user(USERS.coordinator).messages()).toEqual([]);

    await harness.restart();
    const nextProcess = createOutboxWorker(harness.deps, new Api(BOT_TOKEN, { apiRoot: harness.emulator.apiRoot }), {
      sleep: async () => undefined,
    });
    expect(await nextProcess.drain()).toBe(2);
    expect(await nextProcess.drain()).toBe(0);
    nextProcess.stop();
    const event = await harness.deps.db.criticalEvent.findFirstOrThrow();
    for (const user of [USERS.coordinator, USERS.onCall]) {
      expect(alertsReceived(harness.emulator.calls, user.id)).toEqual([`🚨 Evento critico #${event.id}`]);
    }
    expect(await harness.deps.db.criticalEvent.count()).toBe(1);
  });

  // PostgreSQL tells that the claim's instance is gone (tests/postgres/outbox-claims.test.ts); SQLite cannot.
  it("sends an alert left half-sent by a crashed process: at once on PostgreSQL, once the claim is stale on SQLite", async () => {
    harness.outbox.stop();
    const { eventId } = await reportEvent(harness.deps, world.staff.operator.actor, {
      clientRef: "event:test:crash",
      siteId: world.bollate.id,
      kind: "other",
      severity: 1,
      occurredAt: harness.clock.now(),
      description: "Prova.",
    });
    // Claimed by a process that crashed before calling Telegram.
    await harness.deps.db.delivery.updateMany({ data: { status: "sending", nextAttemptAt: harness.clock.now() } });
    const nextProcess = createOutboxWorker(harness.deps, new Api(BOT_TOKEN, { apiRoot: harness.emulator.apiRoot }), {
      sleep: async () => undefined,
    });
    const claimsOutliveTheirProcess = harness.database.url.startsWith("file:");
    expect(await nextProcess.drain()).toBe(claimsOutliveTheirProcess ? 0 : 2);
    harness.clock.advance(3 * 60_000);
    expect(await nextProcess.drain()).toBe(claimsOutliveTheirProcess ? 2 : 0);
    nextProcess.stop();
    expect(alertsReceived(harness.emulator.calls, USERS.coordinator.id)).toEqual([`🚨 Evento critico #${eventId}`]);
  });
});
