// A crash after a service committed but before the conversation saved its progress makes Telegram redeliver
// the confirming update and the flow replay the call: the call journal must stop it from writing twice.
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedWorld, USERS } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
const updates: Update[] = [];

beforeEach(async () => {
  updates.length = 0;
  harness = await startHarness({ recordUpdates: updates, replays: true });
  await seedWorld(harness.deps);
});
afterEach(() => harness.stop());

describe("exactly-once confirmation", () => {
  it("replays the confirming update without creating the person twice", async () => {
    const coordinator = harness.user(USERS.coordinator);
    for (const text of ["/persona", "Ottavia", "Bruni"]) await coordinator.send(text);
    await coordinator.tapKey("flow-skip");
    await coordinator.tapKey("legal-detained");
    await coordinator.tapKey("flow-confirm");
    const key = `conversation:${USERS.coordinator.id}`;
    const beforeConfirm = await harness.deps.db.chatState.findUniqueOrThrow({ where: { key } });
    await coordinator.tapKey("date-today");
    expect(coordinator.lastMessage().text).toMatch(/Persona registrata: BOL-0004 · Ottavia B\./);
    const confirming = updates.at(-1) as Update;

    // The crash: the progress after the final tap and its update id were never saved.
    await harness.deps.db.chatState.upsert({
      where: { key },
      create: { key, valueEnc: beforeConfirm.valueEnc },
      update: { valueEnc: beforeConfirm.valueEnc },
    });
    await harness.deps.db.processedUpdate.delete({ where: { updateId: BigInt(confirming.update_id) } });
    await harness.restart();
    await harness.bot.handleUpdate(structuredClone(confirming));

    expect(await harness.deps.db.person.count()).toBe(5);
    expect(await harness.deps.db.auditEntry.count({ where: { action: "person.create" } })).toBe(1);
    expect(coordinator.lastMessage().text).toMatch(/Persona registrata: BOL-0004 · Ottavia B\./);
  });
});
