// Wiring shared by `npm start` and `npm run local`: config → database → bot → jobs → polling, and a clean stop.
import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Logger } from "pino";
import { createBot, type BotDeps } from "./bot/create-bot.ts";
import { publishCommandLists } from "./bot/commands.ts";
import { handleLeftoverUpdates } from "./bot/inbox.ts";
import type { Config } from "./config.ts";
import { applyMigrations, type Db, openDatabase } from "./db/client.ts";
import { closeSqliteConnections } from "./db/sqlite.ts";
import { createJobs } from "./jobs/index.ts";
import { createOutboxApi, createOutboxWorker } from "./jobs/outbox.ts";
import { startScheduler } from "./jobs/scheduler.ts";
import { createCipher } from "./services/crypto.ts";
import type { ServiceDeps } from "./services/deps.ts";

export interface RunningApp {
  deps: ServiceDeps;
  stop(): Promise<void>;
}

export async function openServices(config: Config, logger: Logger): Promise<ServiceDeps & { db: Db }> {
  await applyMigrations(config.DATABASE_URL);
  const db = await openDatabase(config.DATABASE_URL);
  return {
    db,
    cipher: createCipher(config.ENCRYPTION_KEY),
    clock: () => new Date(),
    timeZone: config.TIMEZONE,
    logger,
    bootstrapAdminIds: config.BOOTSTRAP_ADMIN_IDS,
  };
}

export async function startApp(
  config: Config,
  logger: Logger,
  extra: Partial<Pick<BotDeps, "extraFeatures">> = {},
): Promise<RunningApp> {
  const deps = await openServices(config, logger);
  const outbox = createOutboxWorker(deps, createOutboxApi(config.BOT_TOKEN, config.BOT_API_ROOT));
  const bot = createBot({
    token: config.BOT_TOKEN,
    apiRoot: config.BOT_API_ROOT,
    services: deps,
    defaultLocale: config.DEFAULT_LOCALE,
    kickOutbox: () => outbox.kick(),
    ...extra,
  });
  await bot.init();
  await publishCommandLists(bot.api, logger);
  const leftovers = await handleLeftoverUpdates(bot, deps);
  if (leftovers > 0) logger.info({ leftovers }, "handled updates left over by the previous run");
  const runner: RunnerHandle = run(bot, {
    runner: { fetch: { allowed_updates: ["message", "callback_query", "edited_message"] } },
  });
  const scheduler = startScheduler(createJobs({ deps, api: bot.api, outbox, config }), logger);
  logger.info({ bot: bot.botInfo.username }, "Ponte is running");
  let stopped = false;
  return {
    deps,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (runner.isRunning()) await runner.stop();
      outbox.stop();
      await scheduler.stop();
      closeSqliteConnections(deps.db);
      await deps.db.$disconnect();
    },
  };
}
