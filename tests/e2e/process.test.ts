// `npm start` as a real process: configuration errors, first /start, strangers, and a SIGKILL mid-flow.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { ChatUser } from "../../src/local/chat-user.ts";
import {
  createTestClock,
  createTestDatabase,
  createTestDeps,
  TEST_KEY,
  type TestDatabase,
} from "../helpers/database.ts";
import { seedWorld, USERS } from "../helpers/fixtures.ts";
import { BOT_TOKEN } from "../helpers/harness.ts";
import { type BotProcess, handledBy, nodeScriptArgs, spawnBot, waitForReady } from "../helpers/process.ts";

let emulator: BotApiEmulator;
let database: TestDatabase;
const running: BotProcess[] = [];

beforeEach(async () => {
  emulator = await startBotApiEmulator();
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const bot of running.splice(0)) {
    bot.child.kill("SIGKILL");
    await bot.exited;
  }
  await emulator.stop();
  await database.drop();
});

function startBot(extra: Record<string, string> = {}): BotProcess {
  const bot = spawnBot({
    BOT_TOKEN,
    BOT_API_ROOT: emulator.apiRoot,
    DATABASE_URL: database.url,
    ENCRYPTION_KEY: TEST_KEY,
    BOOTSTRAP_ADMIN_IDS: "1001",
    NODE_ENV: "production",
    ...extra,
  });
  running.push(bot);
  return bot;
}

describe("npm start", () => {
  it("runs the compiled build with plain Node: no TypeScript loader", () => {
    const args = nodeScriptArgs("start");
    expect(args.at(-1)).toBe("dist/main.js");
    expect(args.join(" ")).not.toMatch(/tsx|--import|--experimental/);
  });

  it("exits at once, naming BOT_TOKEN, when the token is empty", async () => {
    const bot = startBot({ BOT_TOKEN: "" });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain("BOT_TOKEN");
    expect(bot.output()).not.toMatch(/at .*\.ts:\d+/);
  });

  it("warns loudly at start-up when no ENCRYPTION_KEY is set, and refuses the public key with a real token", async () => {
    const development = startBot({ ENCRYPTION_KEY: "", NODE_ENV: "development" });
    await waitForReady(development);
    expect(development.output()).toContain("PUBLIC development key");

    const realToken = `7712345678:${"A".repeat(20)}b_c-${"d".repeat(11)}`;
    const real = startBot({ ENCRYPTION_KEY: "", NODE_ENV: "development", BOT_TOKEN: realToken, BOT_API_ROOT: "" });
    expect(await real.exited).toBe(1);
    expect(real.output()).toContain("ENCRYPTION_KEY: is required with a real bot token");
  });

  it("reports every bad variable on its own line", async () => {
    const bot = startBot({ ENCRYPTION_KEY: "short", TIMEZONE: "Mars/Olympus", BOOTSTRAP_ADMIN_IDS: "12,abc" });
    expect(await bot.exited).toBe(1);
    const lines = bot.output().trim().split("\n");
    expect(lines.some((l) => l.includes("ENCRYPTION_KEY"))).toBe(true);
    expect(lines.some((l) => l.includes("TIMEZONE"))).toBe(true);
    expect(lines.some((l) => l.includes("BOOTSTRAP_ADMIN_IDS"))).toBe(true);
  });

  it("answers the bootstrap admin with the main menu and strangers with a refusal only", async () => {
    const bot = startBot();
    await waitForReady(bot);
    const wait = handledBy(database.db, () => bot);
    const admin = new ChatUser(emulator, BOT_TOKEN, { id: 1001, firstName: "Anna" }, wait);
    await admin.send("/start");
    expect(admin.lastMessage().replyKeyboard?.flat()).toContain("📋 Presenze");

    const stranger = new ChatUser(emulator, BOT_TOKEN, USERS.stranger, wait);
    await stranger.send("/start");
    await stranger.send("/piano X");
    for (const message of stranger.messages()) {
      expect(message.text).toContain("accesso su invito");
      expect(message.replyKeyboard).toBeNull();
    }
    expect(stranger.messages()).toHaveLength(2);
  });

  it("loses nothing already typed when killed mid-conversation and restarted", async () => {
    const deps = createTestDeps(database.db, createTestClock());
    await seedWorld(deps);
    let bot = startBot();
    await waitForReady(bot);
    const coordinator = new ChatUser(
      emulator,
      BOT_TOKEN,
      USERS.coordinator,
      handledBy(database.db, () => bot),
    );
    await coordinator.send("/persona");
    await coordinator.send("Marisa");
    expect(coordinator.lastMessage().text).toBe("Cognome?");

    bot.child.kill("SIGKILL");
    await bot.exited;
    emulator.calls.length = 0;
    bot = startBot();
    await waitForReady(bot);

    await coordinator.send("Verdi");
    expect(coordinator.lastMessage().text).toContain("Anno di nascita");
    await coordinator.tapKey("flow-skip");
    await coordinator.tapKey("legal-detained");
    await coordinator.tapKey("flow-confirm");
    await coordinator.tapKey("date-today");
    expect(coordinator.lastMessage().text).toMatch(/Persona registrata: BOL-\d{4} · Marisa V\./);
  });
});
