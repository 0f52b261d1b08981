// A staff member who blocks the bot (my_chat_member "kicked") is marked unreachable: coordinators see it in /staff and
// in the digest, alerts for their sites go to the others (the programme's admins stand in); unblocking restores them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reportEvent } from "../../src/services/events.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
});
afterEach(async () => {
  await harness.stop();
});

let events = 0;
async function reportAndDeliver(): Promise<number[]> {
  const { eventId } = await reportEvent(harness.deps, world.staff.operator.actor, {
    clientRef: `event:blocked:${++events}`,
    siteId: world.bollate.id,
    personIds: [world.people[0]?.id as number],
    kind: "self_harm",
    severity: 3,
    occurredAt: harness.clock.now(),
    description: "Tagli all'avambraccio.",
  });
  await harness.outbox.drain();
  const deliveries = await harness.deps.db.delivery.findMany({
    where: { dedupeKey: { startsWith: `alert:${eventId}:` } },
    orderBy: { recipientId: "asc" },
  });
  return deliveries.map((d) => d.recipientId);
}

const unreachableSince = async (staffId: number) =>
  (await harness.deps.db.staff.findUniqueOrThrow({ where: { id: staffId } })).unreachableSince;

describe("a staff member who blocks the bot", () => {
  it("is shown as unreachable in /staff and in the digest, until they start it again", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/start");
    await operator.blockBot();
    expect(await unreachableSince(world.staff.operator.id)).toEqual(harness.clock.now());

    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/staff");
    const list = coordinator.lastMessage().text;
    expect(list).toContain("🚫 Omar Operatore — Operatore @ CR Milano-Bollate · ha bloccato Ponte dal ");
    expect(list).toContain("• Carla Coordinatrice");

    await coordinator.send("/riepilogo");
    await coordinator.tapKey("digest-this-week", { from: "16/11", to: "22/11" });
    const digest = coordinator
      .messages()
      .map((m) => m.text)
      .find((text) => text.includes("📊 Riepilogo settimanale"));
    expect(digest).toContain("🚫 Hanno bloccato Ponte: 1 (le loro allerte vanno ad altri)\n   Omar Operatore");

    await operator.unblockBot();
    expect(await unreachableSince(world.staff.operator.id)).toBeNull();
    await coordinator.send("/staff");
    expect(coordinator.lastMessage().text).toContain("• Omar Operatore — Operatore @ CR Milano-Bollate");
    expect(coordinator.lastMessage().text).not.toContain("🚫");
  });

  it("gets no alerts: they go to the others, the programme's admins standing in, until the bot is unblocked", async () => {
    expect(await reportAndDeliver()).toEqual([world.staff.coordinator.id]);

    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/start");
    await coordinator.blockBot();
    const before = coordinator.messages().length;
    expect(await reportAndDeliver()).toEqual([world.staff.admin.id]);
    expect(coordinator.messages()).toHaveLength(before);
    expect(harness.user(USERS.admin).lastMessage().text).toContain("Autolesionismo");

    // Unblocking (Telegram's "Restart") makes them reachable again: the next alert is theirs.
    await coordinator.unblockBot();
    await coordinator.send("/start");
    expect(await reportAndDeliver()).toEqual([world.staff.coordinator.id]);
    expect(coordinator.lastMessage().text).toContain("Autolesionismo");
  });

  it("is also marked when Telegram refuses a delivery as blocked (a block older than this version), not otherwise", async () => {
    // Blocked before the bot asked for my_chat_member updates: only the refused alert tells.
    harness.emulator.blockedChats.add(USERS.coordinator.id);
    expect(await reportAndDeliver()).toEqual([world.staff.coordinator.id]);
    expect(await unreachableSince(world.staff.coordinator.id)).not.toBeNull();
    expect(await reportAndDeliver()).toEqual([world.staff.admin.id]);

    // A refusal for another reason (a user who never opened the bot) is a failed delivery, not a block.
    harness.emulator.faults = (call) =>
      call.method === "sendMessage" && Number(call.body.chat_id) === USERS.admin.id
        ? { status: 403, description: "Forbidden: bot can't initiate conversation with a user" }
        : null;
    await reportAndDeliver();
    harness.emulator.faults = null;
    expect(await unreachableSince(world.staff.admin.id)).toBeNull();
  });

  it("is marked even while a flow of theirs waits for an answer", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.blockBot();
    expect(await unreachableSince(world.staff.operator.id)).not.toBeNull();
    // Writing again is as good as unblocking.
    harness.emulator.blockedChats.delete(USERS.operator.id);
    await operator.send("/annulla");
    expect(await unreachableSince(world.staff.operator.id)).toBeNull();
  });
});
