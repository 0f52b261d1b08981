// The real bot, in process, long-polling a Bot API emulator over HTTP on loopback, on a fresh database.
import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { createBot, type BotDeps } from "../../src/bot/create-bot.ts";
import { handleLeftoverUpdates } from "../../src/bot/inbox.ts";
import type { BotContext } from "../../src/bot/context.ts";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { ChatUser, type UserProfile, type WaitForHandled } from "../../src/local/chat-user.ts";
import { HandledUpdates } from "../../src/local/handled-updates.ts";
import { createOutboxApi, createOutboxWorker, type OutboxWorker } from "../../src/jobs/outbox.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { createLogger } from "../../src/logger.ts";
import { createTestClock, createTestDatabase, createTestDeps, type TestClock, type TestDatabase } from "./database.ts";

export const BOT_TOKEN = "123456:TEST-TOKEN";
export const BOT_INFO = {
  id: 123456,
  is_bot: true as const,
  first_name: "Ponte",
  username: "ponte_test_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export interface HarnessOptions {
  bootstrapAdminIds?: number[];
  clock?: TestClock;
  extraFeatures?: BotDeps["extraFeatures"];
  /** Every update the bot handles, in order (for replaying them elsewhere). */
  recordUpdates?: Update[];
  /** Collects the log lines the bot writes (at debug level), to check what reaches the logs. */
  logLines?: string[];
  /** The test hands updates to the bot more than once on purpose (see EmulatorOptions.replays). */
  replays?: boolean;
}

export interface Harness {
  emulator: BotApiEmulator;
  database: TestDatabase;
  deps: ServiceDeps;
  clock: TestClock;
  bot: Bot<BotContext>;
  /** The outbox worker (alerts, digests, reminders); it drains when kicked, and `await outbox.idle()` waits. */
  outbox: OutboxWorker;
  user(profile: UserProfile, chat?: { id: number; type: "private" | "group"; title?: string }): ChatUser;
  /** Resolves once the bot has finished with the update of that id. */
  waitForHandled: WaitForHandled;
  /** Stops the bot and starts a new one on the same database, as a process restart would. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startBotApiEmulator({ replays: options.replays });
  const database = await createTestDatabase();
  const clock = options.clock ?? createTestClock();
  const logLines = options.logLines;
  const deps = createTestDeps(database.db, clock, {
    bootstrapAdminIds: options.bootstrapAdminIds ?? [],
    ...(logLines ? { logger: createLogger("debug", { write: (line: string) => void logLines.push(line) }) } : {}),
  });
  const outbox = createOutboxWorker(deps, createOutboxApi(BOT_TOKEN, emulator.apiRoot), {
    limits: { callsPerSecond: 1000, perChatGapMs: 0 },
    sleep: async () => undefined,
  });
  const handled = new HandledUpdates();

  let bot: Bot<BotContext>;
  let runner: RunnerHandle;
  const launch = async () => {
    bot = createBot({
      token: BOT_TOKEN,
      apiRoot: emulator.apiRoot,
      services: deps,
      defaultLocale: "it",
      botInfo: BOT_INFO,
      extraFeatures: options.extraFeatures,
      kickOutbox: () => outbox.kick(),
      onUpdateHandled: handled.mark,
    });
    const { recordUpdates } = options;
    if (recordUpdates) {
      const handleUpdate = bot.handleUpdate.bind(bot);
      bot.handleUpdate = (update, webhookReply) => {
        recordUpdates.push(structuredClone(update));
        return handleUpdate(update, webhookReply);
      };
    }
    await handleLeftoverUpdates(bot, deps);
    runner = run(bot, { runner: { fetch: { timeout: 5 } } });
  };
  const halt = async () => {
    const stopping = runner.isRunning() ? runner.stop() : Promise.resolve();
    emulator.events.emit("user-update");
    await stopping;
  };
  await launch();

  return {
    emulator,
    database,
    deps,
    clock,
    outbox,
    get bot() {
      return bot;
    },
    user: (profile, chat) => new ChatUser(emulator, BOT_TOKEN, profile, handled.wait, chat),
    waitForHandled: handled.wait,
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      outbox.stop();
      await outbox.idle();
      await halt();
      await emulator.stop();
      await database.drop();
    },
  };
}
