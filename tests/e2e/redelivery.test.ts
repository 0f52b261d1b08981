// Telegram may deliver an update twice, and a late duplicate may arrive after newer updates: the database must
// end up exactly as after a single, in-order delivery.
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { seedWorld, USERS } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.stop();
});

async function fingerprint(deps: ServiceDeps) {
  const people = await deps.db.person.findMany({
    orderBy: { code: "asc" },
    include: { fragilities: true, legalStatuses: true },
  });
  const audit = await deps.db.auditEntry.groupBy({ by: ["action"], _count: true, orderBy: { action: "asc" } });
  return {
    people: people.map((p) => [
      p.code,
      deps.cipher.decrypt(p.givenNameEnc, "Person.givenNameEnc", p.id),
      deps.cipher.decrypt(p.familyNameEnc, "Person.familyNameEnc", p.id),
      p.legalStatuses.map((period) => [period.status, period.fromOn]),
      p.fragilities.map((f) => f.flag),
    ]),
    invites: await deps.db.invite.count(),
    staff: await deps.db.staff.count({ where: { active: true } }),
    audit: audit.map((a) => [a.action, a._count]),
  };
}

async function scriptedMorning(harness: Harness) {
  const coordinator = harness.user(USERS.coordinator);
  await coordinator.send("/persona");
  await coordinator.send("Ernesta");
  await coordinator.send("Villa");
  await coordinator.send("1988");
  await coordinator.tapKey("legal-probation_social_services");
  await coordinator.tapKey("fragility-addiction");
  await coordinator.tapKey("flow-confirm");
  await coordinator.tapKey("date-today");
  const admin = harness.user(USERS.admin);
  await admin.send("/invito");
  await admin.tapKey("role-operator");
  await admin.tap("CR Milano-Opera");
  const operator = harness.user(USERS.operator);
  await operator.send("/cerca vill");
  await coordinator.send("/disattiva");
  await coordinator.tap("Rita Reperibile");
  await coordinator.tapKey("deactivate-yes");
}

describe("repeated and reordered updates", () => {
  it("gives the same database as a single in-order delivery", async () => {
    const recorded: Update[] = [];
    const original = await startHarness({ recordUpdates: recorded });
    harnesses.push(original);
    await seedWorld(original.deps);
    await scriptedMorning(original);
    const expected = await fingerprint(original.deps);
    expect(expected.people.map((p) => p[0])).toContain("BOL-0004");
    expect(expected.invites).toBe(1);

    const replay = await startHarness({ replays: true });
    harnesses.push(replay);
    await seedWorld(replay.deps);
    await replay.restart(); // a fresh bot instance: nothing cached from the seeding
    // Every update twice; each duplicate arrives two updates late; chats interleaved differently.
    const byChat = [...recorded].sort((a, b) => chatOf(a) - chatOf(b) || a.update_id - b.update_id);
    const deliveries: Update[] = [];
    byChat.forEach((update, index) => {
      deliveries.push(update);
      const late = byChat[index - 2];
      if (late) deliveries.push(late);
    });
    deliveries.push(...byChat.slice(-2));
    for (const update of deliveries) await replay.bot.handleUpdate(structuredClone(update));

    expect(await fingerprint(replay.deps)).toEqual(expected);
  });
});

function chatOf(update: Update): number {
  return update.message?.chat.id ?? update.callback_query?.message?.chat.id ?? update.callback_query?.from.id ?? 0;
}

describe("the handled mark", () => {
  it("is written once per update: with a flow step's state, or by itself outside a flow", async () => {
    const harness = await startHarness();
    harnesses.push(harness);
    await seedWorld(harness.deps);
    const operator = harness.user(USERS.operator);
    await operator.send("/start");
    const marks = vi.spyOn(harness.deps.db.processedUpdate, "upsert");
    try {
      await operator.send("/sessione");
      expect(operator.lastMessage().text).toMatch(/persona/i);
      await operator.send("/aiuto");
      expect(marks).toHaveBeenCalledTimes(2);
    } finally {
      marks.mockRestore();
    }
    expect(await harness.deps.db.processedUpdate.count()).toBe(3);
    expect(await harness.deps.db.inboxUpdate.count()).toBe(0);
  });
});
