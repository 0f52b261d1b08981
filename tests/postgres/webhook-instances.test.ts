// Webhook mode with two instances on one PostgreSQL (a load balancer sends each update to either): every update is
// handled once, each chat's in order across the instances, and what an instance stored and left is handled by the
// other without a restart.
import { Composer } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot/context.ts";
import { storeUpdates } from "../../src/bot/inbox.ts";
import { SECRET_HEADER } from "../../src/bot/webhook.ts";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { type TestApp, startTestApp, WEBHOOK_SECRET, webhookEnv } from "../helpers/app.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { onServer } from "../helpers/postgres.ts";

const server = process.env.TEST_POSTGRES_URL as string;
const ADMIN = 1001;
let emulator: BotApiEmulator;
let database: TestDatabase;
const running: TestApp[] = [];

beforeEach(async () => {
  emulator = await startBotApiEmulator();
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const instance of running.splice(0)) await instance.app.stop();
  await emulator.stop();
  await database.drop();
});

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

interface Instance extends TestApp {
  url: string;
  /** The /lento and /uno commands this instance handled, in order, with when /lento finished. */
  seen: string[];
}

/** An instance with two commands of its own: /lento waits for `slow` (when given), /uno answers at once. */
async function startInstance(slow?: Promise<void>, started?: () => void): Promise<Instance> {
  const env = await webhookEnv();
  const seen: string[] = [];
  const feature = () => {
    const composer = new Composer<BotContext>();
    composer.command("lento", async (ctx) => {
      seen.push("lento");
      started?.();
      await slow;
      seen.push("lento finito");
      await ctx.reply("fatto");
    });
    composer.command("uno", async (ctx) => {
      seen.push("uno");
      await ctx.reply("uno");
    });
    return [{ composer }];
  };
  const app = await startTestApp(emulator, database, env, { extraFeatures: feature });
  running.push(app);
  return { ...app, url: env.WEBHOOK_URL as string, seen };
}

let nextUpdateId = 990_000;
function adminText(text: string): Update {
  const updateId = ++nextUpdateId;
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 1_795_000_000,
      chat: { id: ADMIN, type: "private", first_name: "Anna" },
      from: { id: ADMIN, is_bot: false, first_name: "Anna" },
      text,
      entities: text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.length }] : [],
    },
  } as Update;
}

async function post(instance: Instance, update: Update): Promise<number> {
  const response = await fetch(instance.url, {
    method: "POST",
    headers: { "content-type": "application/json", [SECRET_HEADER]: WEBHOOK_SECRET },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  return response.status;
}

const sentTexts = () =>
  emulator.calls.filter((call) => call.method === "sendMessage" && call.body.chat_id === ADMIN).map((c) => c.body.text);

/** Resolves once some connection of this test's database waits for an advisory lock another one holds. */
async function someoneWaitsForTheChat(): Promise<void> {
  const name = new URL(database.url).pathname.slice(1);
  for (;;) {
    const waiting = await onServer(server, async (client) => {
      const { rows } = await client.query(
        `SELECT 1 FROM "pg_locks" WHERE "locktype" = 'advisory' AND NOT "granted"
            AND "database" = (SELECT "oid" FROM "pg_database" WHERE "datname" = $1)`,
        [name],
      );
      return rows.length > 0;
    });
    if (waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function inboxEmptied(): Promise<void> {
  while ((await database.db.inboxUpdate.count()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("two instances in webhook mode", () => {
  it("has an update of a chat wait at one instance while the other still handles the chat's earlier one", async () => {
    const slow = gate();
    const started = gate();
    const first = await startInstance(slow.opened, started.open);
    const second = await startInstance();
    const start = adminText("/start");
    expect(await post(first, start)).toBe(200);
    await first.waitForHandled(start.update_id);

    const lento = adminText("/lento");
    expect(await post(first, lento)).toBe(200);
    await started.opened;
    const uno = adminText("/uno");
    expect(await post(second, uno)).toBe(200);
    await someoneWaitsForTheChat();
    expect(second.seen).toEqual([]);

    slow.open();
    await second.waitForHandled(uno.update_id);
    expect(first.seen).toEqual(["lento", "lento finito"]);
    expect(second.seen).toEqual(["uno"]);
    expect(sentTexts().slice(-2)).toEqual(["fatto", "uno"]);
    expect(await database.db.processedUpdate.count()).toBe(3);
    expect(await database.db.inboxUpdate.count()).toBe(0);
  });

  it("handles an update that reaches both instances once", async () => {
    const first = await startInstance();
    const second = await startInstance();
    const start = adminText("/start");
    expect(await post(first, start)).toBe(200);
    await first.waitForHandled(start.update_id);

    const updates = [adminText("/uno"), adminText("/uno"), adminText("/uno")];
    for (const update of updates) {
      expect(await Promise.all([post(first, update), post(second, update)])).toEqual([200, 200]);
    }
    // Each is handled by one of them; a copy stored again after that is recognised and cleared.
    await Promise.all(
      updates.map((update) =>
        Promise.any([first.waitForHandled(update.update_id), second.waitForHandled(update.update_id)]),
      ),
    );
    await inboxEmptied();

    expect([...first.seen, ...second.seen]).toEqual(["uno", "uno", "uno"]);
    expect(sentTexts().filter((text) => text === "uno")).toHaveLength(3);
    expect(await database.db.processedUpdate.count()).toBe(4);
    expect(await database.db.inboxUpdate.count()).toBe(0);
  });

  it("handles, without a restart, what an instance stored and did not handle before it died", async () => {
    const survivor = await startInstance();
    const start = adminText("/start");
    expect(await post(survivor, start)).toBe(200);
    await survivor.waitForHandled(start.update_id);

    // Stored before the 200 by an instance that died then: nothing will post them again.
    const left = [adminText("/uno"), adminText("/lento"), adminText("/uno")];
    await storeUpdates(survivor.app.deps, left);
    await Promise.all(left.map((update) => survivor.waitForHandled(update.update_id)));

    expect(survivor.seen).toEqual(["uno", "lento", "lento finito", "uno"]);
    expect(await database.db.inboxUpdate.count()).toBe(0);
  });
});
