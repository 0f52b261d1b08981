// Webhook mode (WEBHOOK_URL): the emulator delivers updates by POST as Telegram does; the same durability as long
// polling: stored before the 200, handled once, in order per chat.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { SECRET_HEADER } from "../../src/bot/webhook.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { type TestApp, startTestApp, WEBHOOK_SECRET, webhookEnv } from "../helpers/app.ts";
import { BOT_TOKEN } from "../helpers/harness.ts";

let emulator: BotApiEmulator;
let database: TestDatabase;
let running: TestApp | null = null;

beforeEach(async () => {
  emulator = await startBotApiEmulator();
  database = await createTestDatabase();
});
afterEach(async () => {
  await running?.app.stop();
  running = null;
  await emulator.stop();
  await database.drop();
});

const strangerText = (chatId: number, updateId: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: 1_795_000_000,
    chat: { id: chatId, type: "private", first_name: "Sconosciuto" },
    from: { id: chatId, is_bot: false, first_name: "Sconosciuto" },
    text,
  },
});

async function post(url: string, body: unknown, secret: string | null): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret === null ? {} : { [SECRET_HEADER]: secret }) },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("webhook mode", () => {
  it("sets the webhook with its secret at start and answers the updates Telegram posts", async () => {
    const env = await webhookEnv();
    running = await startTestApp(emulator, database, env);
    expect(emulator.webhook).toEqual({ url: env.WEBHOOK_URL, secretToken: WEBHOOK_SECRET, maxConnections: 40 });
    expect(emulator.calls.find((call) => call.method === "setWebhook")?.body.allowed_updates).toEqual([
      "message",
      "callback_query",
      "edited_message",
      "my_chat_member",
    ]);

    const admin = running.user({ id: 1001, firstName: "Anna" });
    await admin.send("/start");
    expect(admin.lastMessage().replyKeyboard?.flat()).toContain("📋 Presenze");
    expect(emulator.webhookPosts.every((post) => post.status === 200)).toBe(true);
    expect(await database.db.inboxUpdate.count()).toBe(0);
  });

  it("refuses a forged request without the secret, or with a wrong one, and keeps nothing of it", async () => {
    const env = await webhookEnv();
    running = await startTestApp(emulator, database, env);
    const forged = strangerText(4242, 990_001, "/start");
    expect(await post(env.WEBHOOK_URL as string, forged, null)).toBe(401);
    expect(await post(env.WEBHOOK_URL as string, forged, `${WEBHOOK_SECRET}x`)).toBe(401);
    expect(await post(env.WEBHOOK_URL as string, forged, "")).toBe(401);
    expect(await database.db.inboxUpdate.count()).toBe(0);
    expect(await database.db.processedUpdate.count()).toBe(0);
    expect(emulator.calls.filter((call) => call.method.startsWith("send"))).toEqual([]);
    // Not an update at all, with the right secret: refused too.
    expect(await post(env.WEBHOOK_URL as string, { hello: "world" }, WEBHOOK_SECRET)).toBe(400);
  });

  it("handles an update that Telegram sends twice only once", async () => {
    const env = await webhookEnv();
    running = await startTestApp(emulator, database, env);
    const update = strangerText(4343, 990_100, "/start");
    expect(await post(env.WEBHOOK_URL as string, update, WEBHOOK_SECRET)).toBe(200);
    await running.waitForHandled(990_100);
    expect(await post(env.WEBHOOK_URL as string, update, WEBHOOK_SECRET)).toBe(200);
    await running.app.updates.idle();
    expect(emulator.calls.filter((call) => call.method === "sendMessage")).toHaveLength(1);
    expect(await database.db.processedUpdate.count()).toBe(1);
    expect(await database.db.inboxUpdate.count()).toBe(0);
  });

  it("handles a burst of 500 updates from 50 chats once each, every chat's in order", async () => {
    const env = await webhookEnv();
    running = await startTestApp(emulator, database, env);
    const chats = Array.from({ length: 50 }, (_, index) => 5_000 + index);
    const firstId = (emulator.server as unknown as { updateId: number }).updateId;
    for (let round = 0; round < 10; round++) {
      for (const chat of chats) {
        await emulator.server.addUserMessage({
          botToken: BOT_TOKEN,
          date: Math.floor(Date.now() / 1000),
          text: `messaggio ${round}`,
          from: { id: chat, is_bot: false, first_name: "Sconosciuto" },
          chat: { id: chat, type: "private", first_name: "Sconosciuto" },
        } as never);
      }
    }
    const lastId = firstId + 499;
    await Promise.all(
      Array.from({ length: 500 }, (_, index) => running?.waitForHandled(firstId + index) ?? Promise.resolve()),
    );
    expect(running.handled.at(-1)).toBeLessThanOrEqual(lastId);
    // A redelivery still on its way (an answer slower than the emulator's wait) is recognised and cleared too.
    await emulator.webhookSettled();
    await running.app.updates.idle();

    expect(await database.db.processedUpdate.count()).toBe(500);
    expect(await database.db.inboxUpdate.count()).toBe(0);
    expect(new Set(running.handled).size).toBe(500);
    // Update ids go round the chats: chat k's updates are firstId + k + 50·round. Handled in that order per chat.
    // (On a busy machine an answer can take longer than the emulator waits, as Telegram would: the update comes
    // again and is recognised as handled; only its first handling counts for the order.)
    const firstHandlings = [...new Set(running.handled)];
    for (const [index] of chats.entries()) {
      const ofChat = firstHandlings.filter((id) => (id - firstId) % 50 === index);
      expect(ofChat).toEqual([...ofChat].sort((a, b) => a - b));
      expect(ofChat).toHaveLength(10);
    }
    // Every update got its one refusal (strangers), and nothing was delivered twice.
    for (const chat of chats) {
      const replies = emulator.calls.filter((call) => call.method === "sendMessage" && call.body.chat_id === chat);
      expect(replies).toHaveLength(10);
    }
  }, 600_000);
});
