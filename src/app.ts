// Wiring shared by `npm start` and `npm run local`: config → database → bot → updates (long polling, or a webhook
// when WEBHOOK_URL is set) → jobs, /healthz and /metrics, and a graceful stop.
import { type RunnerHandle, run } from "@grammyjs/runner";
import type { Logger } from "pino";
import { createBot, type BotDeps } from "./bot/create-bot.ts";
import { publishNewcomerCommands } from "./bot/command-menu.ts";
import type { BotContext } from "./bot/context.ts";
import { createChatTurns } from "./bot/chat-turns.ts";
import { chatOf, handleLeftoverUpdates, storeUpdates } from "./bot/inbox.ts";
import { observeUpdates, type UpdateObserver } from "./bot/middlewares/observe-updates.ts";
import { webhookHandler } from "./bot/webhook.ts";
import type { Config } from "./config.ts";
import { applyMigrations, closeDatabase, type Db, openDatabase } from "./db/client.ts";
import { runAlone } from "./db/locks.ts";
import { healthHandler, metricsHandler } from "./http/health.ts";
import { type Routes, startHttpServer } from "./http/server.ts";
import { createJobs } from "./jobs/index.ts";
import { createOutboxApi, createOutboxWorker } from "./jobs/outbox.ts";
import { startScheduler } from "./jobs/scheduler.ts";
import { describeError } from "./logger.ts";
import { createMetrics, type Metrics, registerDatabaseGauges } from "./metrics.ts";
import { createClock } from "./services/clock.ts";
import { createCipher } from "./services/crypto.ts";
import { bindUnboundValues } from "./services/sealing.ts";
import type { Clock, ServiceDeps } from "./services/deps.ts";
import type { Bot } from "grammy";

export interface RunningApp {
  deps: ServiceDeps;
  /** Where /healthz and /metrics answer, if anywhere (e.g. http://127.0.0.1:8080). */
  monitoringUrl: string | null;
  /** The updates being handled. */
  updates: UpdateObserver;
  /** Resolves once every job has run once since the start and the outbox has sent everything due. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOptions extends Partial<Pick<BotDeps, "extraFeatures" | "onUpdateHandled">> {
  /** The clock to use instead of one made from CLOCK_START (the local mode dates its demo data with it first). */
  clock?: Clock;
}

const ALLOWED_UPDATES = ["message", "callback_query", "edited_message", "my_chat_member"] as const;
/** How long a stop waits for updates being handled before closing the database anyway. */
const STOP_GRACE_MS = 20_000;

export async function openServices(
  config: Config,
  logger: Logger,
  clock: Clock = createClock(config.CLOCK_START),
): Promise<ServiceDeps & { db: Db }> {
  await applyMigrations(config.DATABASE_URL);
  const db = await openDatabase(config.DATABASE_URL);
  if (config.usesDevelopmentKey) {
    logger.warn(
      "NO ENCRYPTION_KEY: names and notes are sealed with the PUBLIC development key; set ENCRYPTION_KEY before any real data",
    );
  }
  if (config.CLOCK_START) logger.warn({ clockStart: config.CLOCK_START }, "the clock starts at CLOCK_START, not now");
  const deps = {
    db,
    cipher: createCipher(config.ENCRYPTION_KEY),
    clock,
    timeZone: config.TIMEZONE,
    logger,
    bootstrapAdminIds: config.BOOTSTRAP_ADMIN_IDS,
  };
  // Before anything reads them: values sealed by an earlier version are re-sealed, bound to their row.
  await bindUnboundValues(deps);
  return deps;
}

export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<RunningApp> {
  const { clock, ...extra } = options;
  const deps = await openServices(config, logger, clock);
  const metrics = createMetrics();
  registerDatabaseGauges(metrics, deps.db, deps.clock);
  const observer = observeUpdates(metrics, deps.clock);
  const outbox = createOutboxWorker(deps, createOutboxApi(config.BOT_TOKEN, config.BOT_API_ROOT), { metrics });
  const bot = createBot({
    token: config.BOT_TOKEN,
    apiRoot: config.BOT_API_ROOT,
    services: deps,
    defaultLocale: config.DEFAULT_LOCALE,
    kickOutbox: () => outbox.kick(),
    metrics,
    observer,
    ...extra,
  });
  await bot.init();
  await publishNewcomerCommands(bot.api, logger);
  const intake = config.WEBHOOK_URL
    ? await receiveByWebhook(config, bot, deps, { metrics, observer })
    : await receiveByPolling(config, bot, deps, { metrics, observer });
  const scheduler = startScheduler(createJobs({ deps, api: bot.api, outbox, config, metrics }), logger);
  logger.info(
    { bot: bot.botInfo.username, mode: config.WEBHOOK_URL ? "webhook" : "polling", monitoring: intake.monitoringUrl },
    "Ponte is running",
  );
  const settled = async () => {
    await scheduler.firstRound;
    await outbox.idle();
  };
  // What was due at the start (reminders, reviews, a missed digest) has gone out: tests of the process wait for this.
  void settled().then(() => logger.info("start-up jobs done"));

  let stopping: Promise<void> | null = null;
  return {
    deps,
    monitoringUrl: intake.monitoringUrl,
    updates: observer,
    settled,
    stop() {
      stopping ??= (async () => {
        // No new updates; those already taken are finished (or given up after the grace period: they stay in the
        // inbox and the next start handles them); then the jobs and the delivery under way; then the database.
        await intake.stopTaking();
        const finished = await Promise.race([
          observer.idle().then(() => true),
          new Promise<false>((resolve) => setTimeout(resolve, STOP_GRACE_MS, false).unref()),
        ]);
        if (!finished) logger.warn("stopping with updates still being handled: the next start handles them again");
        await scheduler.stop();
        outbox.stop();
        await outbox.idle();
        await intake.close();
        await closeDatabase(deps.db);
        logger.info("stopped");
      })();
      return stopping;
    },
  };
}

interface Intake {
  monitoringUrl: string | null;
  /** Takes no more updates; resolves once every update received is stored and dispatched. */
  stopTaking(): Promise<void>;
  /** Closes what is still open (the monitoring server). */
  close(): Promise<void>;
}

interface Observed {
  metrics: Metrics;
  observer: UpdateObserver;
}

function monitoringRoutes(config: Config, deps: ServiceDeps, { metrics, observer }: Observed): Routes {
  return {
    "GET /healthz": healthHandler({
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      mode: config.WEBHOOK_URL ? "webhook" : "polling",
      lastUpdateHandledAt: observer.lastHandledAt,
    }),
    "GET /metrics": metricsHandler(metrics),
  };
}

/** /healthz and /metrics on METRICS_PORT, when it is set and not the webhook's own port. */
async function startMonitoringServer(config: Config, deps: ServiceDeps, observed: Observed) {
  if (config.METRICS_PORT === undefined) return null;
  return startHttpServer(
    { host: config.HOST, port: config.METRICS_PORT, routes: monitoringRoutes(config, deps, observed) },
    deps.logger,
  );
}

async function handleLeftovers(bot: Bot<BotContext>, deps: ServiceDeps): Promise<void> {
  const leftovers = await handleLeftoverUpdates(bot, deps);
  if (leftovers > 0) deps.logger.info({ leftovers }, "handled updates left over by the previous run");
}

/** How often an instance standing by tries to become the poller. */
const POLLER_RETRY_MS = 2_000;

async function receiveByPolling(
  config: Config,
  bot: Bot<BotContext>,
  deps: ServiceDeps,
  observed: Observed,
): Promise<Intake> {
  // A webhook left by an earlier webhook-mode run would make every getUpdates fail with 409 Conflict.
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  const server = await startMonitoringServer(config, deps, observed);
  const poller = pollWhenElected(bot, deps);
  await poller.firstAttempt;
  return {
    monitoringUrl: server?.url ?? null,
    stopTaking: () => poller.stop(),
    close: async () => server?.close(),
  };
}

/**
 * Long polling by one instance at a time (Telegram answers a second poller with 409 Conflict): the others stand by and
 * the first to try after it stops or dies takes over, handling first what it left in the inbox.
 */
function pollWhenElected(bot: Bot<BotContext>, deps: ServiceDeps) {
  let runner: RunnerHandle | null = null;
  let stopped = false;
  let wake: () => void = () => undefined;
  let attempted: () => void = () => undefined;
  const firstAttempt = new Promise<void>((resolve) => {
    attempted = resolve;
  });
  let toldStandingBy = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const polled = await runAlone(deps.db, "updates:poller", async () => {
          deps.logger.info("this instance receives the updates (long polling)");
          toldStandingBy = false;
          await handleLeftovers(bot, deps);
          if (stopped) return;
          runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
          attempted();
          await runner.task();
        });
        if (!polled && !toldStandingBy) {
          deps.logger.info("another instance receives the updates: this one stands by to take over");
          toldStandingBy = true;
        }
      } catch (error) {
        deps.logger.error({ error: describeError(error) }, "polling failed");
      }
      attempted();
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, POLLER_RETRY_MS).unref();
      });
    }
  })();
  return {
    firstAttempt,
    async stop() {
      stopped = true;
      wake();
      if (runner?.isRunning()) await runner.stop();
      await loop;
    },
  };
}

async function receiveByWebhook(
  config: Config,
  bot: Bot<BotContext>,
  deps: ServiceDeps,
  observed: Observed,
): Promise<Intake> {
  const url = config.WEBHOOK_URL as string;
  const secret = config.WEBHOOK_SECRET as string;
  const turns = createChatTurns(bot, deps);
  // What an earlier run (or an instance that died) left in the inbox, before new updates.
  await turns.sweep();
  turns.startSweeping();
  let accepting = true;
  const separateMonitoring = config.METRICS_PORT !== undefined && config.METRICS_PORT !== config.PORT;
  const monitoring = separateMonitoring ? await startMonitoringServer(config, deps, observed) : null;
  const routes: Routes = {
    ...(separateMonitoring ? {} : monitoringRoutes(config, deps, observed)),
    [`POST ${new URL(url).pathname}`]: webhookHandler({
      secret,
      accepting: () => accepting,
      store: (update) => storeUpdates(deps, [update]),
      handle: (update) => void observed.observer.waiting(turns.request(chatOf(update))),
    }),
  };
  const server = await startHttpServer({ host: config.HOST, port: config.PORT, routes }, deps.logger);
  await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: ALLOWED_UPDATES });
  return {
    monitoringUrl: (monitoring ?? server).url,
    async stopTaking() {
      // Telegram gets 503s (or no connection) and keeps the updates for the next start; requests under way
      // finish storing and dispatching first.
      accepting = false;
      await server.close();
      await turns.stop(STOP_GRACE_MS);
    },
    close: async () => monitoring?.close(),
  };
}
