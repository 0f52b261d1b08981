// Updates fetched but not handled when the process died are handled after the restart, once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeFetchedUpdates } from "../../src/bot/inbox.ts";
import { seedWorld, USERS } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
  await seedWorld(harness.deps);
});
afterEach(() => harness.stop());

const personCommand = (updateId: number) => ({
  update_id: updateId,
  message: {
    message_id: 77,
    date: 1_795_000_000,
    chat: { id: USERS.coordinator.id, type: "private" as const, first_name: USERS.coordinator.firstName },
    from: { id: USERS.coordinator.id, is_bot: false, first_name: USERS.coordinator.firstName },
    text: "/persona",
    entities: [{ offset: 0, length: 8, type: "bot_command" as const }],
  },
});

describe("update inbox", () => {
  it("stores every fetched batch before the next poll confirms it", async () => {
    const store = storeFetchedUpdates(harness.deps);
    const fetched = { ok: true as const, result: [personCommand(900_001)] };
    await store(async () => fetched as never, "getUpdates", {} as never);
    const row = await harness.deps.db.inboxUpdate.findUniqueOrThrow({ where: { updateId: 900_001n } });
    expect(row.payloadEnc).not.toContain("/persona");
  });

  it("handles a stored but unhandled update after a restart, and empties the inbox", async () => {
    const store = storeFetchedUpdates(harness.deps);
    await store(async () => ({ ok: true, result: [personCommand(900_002)] }) as never, "getUpdates", {} as never);
    await harness.restart();
    const coordinator = harness.user(USERS.coordinator);
    expect(coordinator.lastMessage().text).toBe("Nome della persona?");
    expect(await harness.deps.db.inboxUpdate.count()).toBe(0);
    await harness.restart();
    expect(coordinator.messages().filter((m) => m.text === "Nome della persona?")).toHaveLength(1);
  });

  it("keeps the inbox empty in normal operation", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/start");
    await operator.send("/cerca ross");
    expect(await harness.deps.db.inboxUpdate.count()).toBe(0);
    expect(await harness.deps.db.processedUpdate.count()).toBe(2);
  });
});
