// createBot(deps): the whole bot from injected dependencies, so tests run it against an emulator without a network.
import { autoRetry } from "@grammyjs/auto-retry";
import { conversations, createConversation } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { ServiceDeps } from "../services/deps.ts";
import { findStaffByTelegramId } from "../services/staff.ts";
import {
  createChatStateStorage,
  createConversationStorage,
  type ConversationStateStorage,
} from "./chat-state-storage.ts";
import type { BotContext, FlowContext } from "./context.ts";
import { accessFeature } from "./features/access/index.ts";
import { editsNotRead, fallbackFeature } from "./features/basics/index.ts";
import { allFeatures } from "./features/index.ts";
import type { Feature, FeatureEnv } from "./features/types.ts";
import { DRAFTS, type DraftRecord, FlowKit, isCancelRequest } from "./flows/kit.ts";
import { i18n, type Locale } from "../i18n.ts";
import { createMetrics, type Metrics } from "../metrics.ts";
import { preferredLocale } from "./locale.ts";
import { menuTextMatcher } from "./menu.ts";
import { dedupeUpdates } from "./middlewares/dedupe-updates.ts";
import { callbackAnswers } from "./middlewares/callback-answers.ts";
import { observeUpdates, type UpdateObserver } from "./middlewares/observe-updates.ts";
import { errorHandler } from "./middlewares/error-boundary.ts";
import { privateChatsOnly, staffOnly } from "./middlewares/gate.ts";
import { identify } from "./middlewares/identify.ts";
import { trackReachability } from "./middlewares/reachability.ts";
import { storeFetchedUpdates } from "./inbox.ts";
import { resumeDraftOnStaleTap } from "./flows/buttons.ts";
import { syncCommandMenu } from "./command-menu.ts";

export interface BotDeps {
  token: string;
  apiRoot?: string;
  services: ServiceDeps;
  defaultLocale: Locale;
  /** Known bot identity, to skip getMe (tests). */
  botInfo?: UserFromGetMe;
  /** A fetch for the Bot API client (benchmarks answer from memory instead of HTTP). */
  fetch?: typeof fetch;
  /** Wakes the outbox worker after a feature queued messages. */
  kickOutbox?: () => void;
  /** Extra features (registered after the built-in ones, before the fallback). */
  extraFeatures?: (env: FeatureEnv) => Feature[];
  /** Told each update's id once the bot is done with it (answered, refused or failed): tests and the local mode wait on it. */
  onUpdateHandled?: (updateId: number) => void;
  /** Counts and times updates and flows (default: a registry of its own). */
  metrics?: Metrics;
  /** Tracks the updates being handled, for a graceful stop and /healthz (default: one on `metrics`). */
  observer?: UpdateObserver;
}

// Bump when a flow changes shape: conversations saved by an older version are then dropped instead of replayed wrongly.
const CONVERSATION_STATE_VERSION = 2;
const LOCALE_CACHE_MS = 10_000;

export function createBot(deps: BotDeps): Bot<BotContext> {
  const { services } = deps;
  const bot = new Bot<BotContext>(deps.token, {
    client: { apiRoot: deps.apiRoot, ...(deps.fetch ? { fetch: deps.fetch } : {}) },
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  const answers = callbackAnswers();
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
  bot.api.config.use(answers.once);
  bot.api.config.use(storeFetchedUpdates(services));

  const localeCache = new Map<number, { locale: string | null; at: number }>();
  const negotiateLocale = preferredLocale(deps.defaultLocale, async (telegramId) => {
    const cached = localeCache.get(telegramId);
    if (cached && Date.now() - cached.at < LOCALE_CACHE_MS) return cached.locale;
    const staff = await findStaffByTelegramId(services, telegramId);
    const locale = staff?.active ? staff.locale : null;
    localeCache.set(telegramId, { locale, at: Date.now() });
    return locale;
  });
  const env: FeatureEnv = {
    deps: services,
    i18n,
    defaultLocale: deps.defaultLocale,
    kickOutbox: deps.kickOutbox ?? (() => undefined),
  };

  const features: Feature[] = [
    ...allFeatures(env, (telegramId) => localeCache.delete(telegramId)),
    ...(deps.extraFeatures?.(env) ?? []),
  ];

  const metrics = deps.metrics ?? createMetrics();
  bot.catch(errorHandler(services.logger));
  bot.use((deps.observer ?? observeUpdates(metrics)).middleware);
  const { onUpdateHandled } = deps;
  if (onUpdateHandled) {
    bot.use(async (ctx, next) => {
      try {
        await next();
      } finally {
        onUpdateHandled(ctx.update.update_id);
      }
    });
  }
  bot.use(answers.answerLeftovers);
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(dedupeUpdates(services));
  bot.use(identify(services));
  // The staff record was just read: the language follows it at once (an import may have changed it meanwhile).
  bot.use((ctx, next) => {
    if (ctx.from) localeCache.set(ctx.from.id, { locale: ctx.staff?.locale ?? null, at: Date.now() });
    return next();
  });
  bot.use(negotiateLocale);
  bot.use(i18n);
  // Everything after this point fails politely: logged without personal data, the user told in their language.
  const app = bot.errorBoundary(errorHandler(services.logger));
  app.use(privateChatsOnly());
  app.use(accessFeature(env).composer ?? ((_, next) => next()));
  app.use(staffOnly());
  app.use(trackReachability(services));
  app.use(syncCommandMenu(services));

  const conversationStorage: ConversationStateStorage = createConversationStorage(services);
  app.use(
    conversations<BotContext, FlowContext>({
      storage: { type: "context", version: CONVERSATION_STATE_VERSION, adapter: conversationStorage },
      // Halted flows: cancelled by the user, or left (timed out, or another task started); completions are below.
      onExit: (flowId, ctx) =>
        metrics.flows.inc({ flow: flowId, outcome: isCancelRequest(ctx) ? "cancelled" : "left" }),
      plugins: [
        negotiateLocale,
        i18n,
        async (ctx, next) => {
          ctx.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
          await next();
        },
      ],
    }),
  );

  const drafts = createChatStateStorage<DraftRecord<unknown>>(services, DRAFTS);
  const isMenuText = menuTextMatcher(i18n);
  for (const feature of features) {
    for (const flow of feature.flows ?? []) {
      app.use(
        createConversation<BotContext, FlowContext>(
          async (conversation, ctx, ...args: string[]) => {
            const kit = new FlowKit(conversation, ctx, {
              flowId: flow.id,
              deps: services,
              drafts,
              isMenuText,
              answerCallback: (queryId, text) => answers.answer(bot.api, queryId, text),
              api: bot.api,
            });
            await kit.begin();
            await flow.run(kit, ...args);
            metrics.flows.inc({ flow: flow.id, outcome: "completed" });
          },
          { id: flow.id },
        ),
      );
    }
  }
  app.use(editsNotRead());
  for (const feature of features) if (feature.composer) app.use(feature.composer);
  app.use(
    resumeDraftOnStaleTap(
      services,
      features.flatMap((feature) => (feature.flows ?? []).map((flow) => flow.id)),
    ),
  );
  app.use(fallbackFeature().composer ?? ((_, next) => next()));
  return bot;
}
