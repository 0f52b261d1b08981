// Alerts end to end: who receives them, who may acknowledge them, and failures coordinators must see.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reportEvent } from "../../src/services/events.ts";
import { addOnCallShift } from "../../src/services/on-call.ts";
import { deactivateStaff } from "../../src/services/staff.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
const HOUR = 3600_000;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
  const now = harness.clock.now();
  await addOnCallShift(harness.deps, world.staff.coordinator.actor, {
    staffId: world.staff.onCall.id,
    siteIds: [world.bollate.id],
    startsAt: new Date(now.getTime() - HOUR),
    endsAt: new Date(now.getTime() + 12 * HOUR),
  });
});
afterEach(async () => {
  await harness.stop();
});

async function reportAndDeliver(clientRef = "event:test:1"): Promise<number> {
  const { eventId } = await reportEvent(harness.deps, world.staff.operator.actor, {
    clientRef,
    siteId: world.bollate.id,
    personIds: [world.people[0]?.id as number],
    kind: "self_harm",
    severity: 3,
    occurredAt: harness.clock.now(),
    description: "Tagli all'avambraccio.",
  });
  await harness.outbox.drain();
  return eventId;
}

/** Everything that might change when someone acknowledges. */
async function snapshot() {
  const db = harness.deps.db;
  return {
    acknowledgements: await db.eventAcknowledgement.count(),
    statuses: (await db.criticalEvent.findMany({ select: { status: true } })).map((e) => e.status),
    deliveries: await db.delivery.count(),
    audit: await db.auditEntry.count(),
  };
}

describe("alerts", () => {
  it("sends nothing to a deactivated coordinator, before or after the alert was queued", async () => {
    await deactivateStaff(harness.deps, world.staff.admin.actor, world.staff.coordinator.id);
    await reportAndDeliver("event:test:before");
    const coordinator = harness.user(USERS.coordinator);
    expect(coordinator.messages()).toEqual([]);
    expect(await harness.deps.db.delivery.count({ where: { recipientId: world.staff.coordinator.id } })).toBe(0);
    expect(harness.user(USERS.onCall).messages()).toHaveLength(1);

    // Queued while still active, deactivated before the worker sends it.
    const carlo = await harness.deps.db.staff.create({
      data: {
        telegramId: 2002n,
        displayName: "Carlo Secondo",
        memberships: { create: [{ role: "coordinator", siteId: world.bollate.id }] },
      },
    });
    const { eventId } = await reportEvent(harness.deps, world.staff.operator.actor, {
      clientRef: "event:test:after",
      siteId: world.bollate.id,
      kind: "protest",
      severity: 2,
      occurredAt: harness.clock.now(),
      description: "Protesta in sezione.",
    });
    await deactivateStaff(harness.deps, world.staff.admin.actor, carlo.id);
    await harness.outbox.drain();
    expect(harness.user({ id: 2002, firstName: "Carlo" }).messages()).toEqual([]);
    const delivery = await harness.deps.db.delivery.findUniqueOrThrow({
      where: { dedupeKey: `alert:${eventId}:${carlo.id}` },
    });
    expect(delivery).toMatchObject({ status: "failed", lastError: "recipient deactivated" });
  });

  it("ignores a forged acknowledge from a stranger, an out-of-scope colleague and a deactivated coordinator", async () => {
    const eventId = await reportAndDeliver();
    const before = await snapshot();
    const stranger = harness.user(USERS.stranger);
    const elsewhere = harness.user(USERS.otherOperator);
    await stranger.sendCallback(`ev:ack:${eventId}`, 1);
    await elsewhere.sendCallback(`ev:ack:${eventId}`, 1);
    await elsewhere.sendCallback(`ev:show:${eventId}`, 1);
    await deactivateStaff(harness.deps, world.staff.admin.actor, world.staff.coordinator.id);
    const afterDeactivation = await snapshot();
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.tapKey("events-ack-button");

    expect(afterDeactivation).toEqual({ ...before, audit: before.audit + 1 });
    expect(await snapshot()).toEqual(afterDeactivation);
    const answers = harness.emulator.calls
      .filter((call) => call.method === "answerCallbackQuery")
      .map((call) => call.body.text);
    expect(answers).toEqual([
      "Accesso solo su invito.",
      "Nessun risultato tra le persone che puoi consultare.",
      "Nessun risultato tra le persone che puoi consultare.",
      "Accesso solo su invito.",
    ]);
    const leaked = [stranger, elsewhere].map((user) => user.transcript()).join("\n");
    for (const secret of ["Mario", "BOL-0001", "Autolesionismo", "Bollate"]) expect(leaked).not.toContain(secret);
  });

  it("lets the on-call colleague acknowledge, once, and tells the reporter", async () => {
    const eventId = await reportAndDeliver();
    const onCall = harness.user(USERS.onCall);
    await onCall.tapKey("events-ack-button");
    await onCall.sendCallback(`ev:ack:${eventId}`, onCall.lastMessage().messageId);
    expect(await harness.deps.db.eventAcknowledgement.count()).toBe(1);
    const answers = harness.emulator.calls
      .filter((call) => call.method === "answerCallbackQuery")
      .map((c) => c.body.text);
    expect(answers).toEqual([
      `👁 Presa visione registrata per l'evento #${eventId}. Chi l'ha segnalato ne è informato.`,
      `Avevi già preso visione dell'evento #${eventId}.`,
    ]);
    await harness.outbox.idle();
    const operator = harness.user(USERS.operator);
    expect(operator.messages().map((m) => m.text)).toEqual([
      `👁 Rita Reperibile ha preso visione dell'evento #${eventId} (Autolesionismo).`,
    ]);
  });

  it("records a blocked bot (403) as a failure the coordinator sees in /eventi", async () => {
    harness.emulator.faults = (call) =>
      call.method === "sendMessage" && Number(call.body.chat_id) === USERS.onCall.id ? { status: 403 } : null;
    const eventId = await reportAndDeliver();
    const failed = await harness.deps.db.delivery.findUniqueOrThrow({
      where: { dedupeKey: `alert:${eventId}:${world.staff.onCall.id}` },
    });
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toContain("403");
    harness.emulator.faults = null;

    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/eventi");
    expect(coordinator.lastMessage().text).toContain(
      "⚠️ Allerta non consegnata a: Rita Reperibile (ha bloccato il bot)",
    );
    const operator = harness.user(USERS.operator);
    await operator.send("/eventi");
    expect(operator.lastMessage().text).not.toContain("non consegnata");
  });
});
