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
import { createClock } from "./services/clock.ts";
import { createCipher } from "./services/crypto.ts";
import type { Clock, ServiceDeps } from "./services/deps.ts";

export interface RunningApp {
  deps: ServiceDeps;
  /** Resolves once every job has run once since the start and the outbox has sent everything due. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOptions extends Partial<Pick<BotDeps, "extraFeatures" | "onUpdateHandled">> {
  /** The clock to use instead of one made from CLOCK_START (the local mode dates its demo data with it first). */
  clock?: Clock;
}

export async function openServices(
  config: Config,
  logger: Logger,
  clock: Clock = createClock(config.CLOCK_START),
): Promise<ServiceDeps & { db: Db }> {
  await applyMigrations(config.DATABASE_URL);
  const db = await openDatabase(config.DATABASE_URL);
  if (config.CLOCK_START) logger.warn({ clockStart: config.CLOCK_START }, "the clock starts at CLOCK_START, not now");
  return {
    db,
    cipher: createCipher(config.ENCRYPTION_KEY),
    clock,
    timeZone: config.TIMEZONE,
    logger,
    bootstrapAdminIds: config.BOOTSTRAP_ADMIN_IDS,
  };
}

export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<RunningApp> {
  const { clock, ...extra } = options;
  const deps = await openServices(config, logger, clock);
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
  const settled = async () => {
    await scheduler.firstRound;
    await outbox.idle();
  };
  // What was due at the start (reminders, reviews, a missed digest) has gone out: tests of the process wait for this.
  void settled().then(() => logger.info("start-up jobs done"));
  let stopped = false;
  return {
    deps,
    settled,
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
