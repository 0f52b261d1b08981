// How a feature plugs into the bot: a composer of handlers and the multi-step flows it owns.
import type { Composer } from "grammy";
import type { ServiceDeps } from "../../services/deps.ts";
import type { BotContext } from "../context.ts";
import type { FlowKit } from "../flows/kit.ts";
import type { Locale, Translations } from "../../i18n.ts";

export interface FeatureEnv {
  deps: ServiceDeps;
  i18n: Translations;
  defaultLocale: Locale;
  /** Call after queueing deliveries (alerts, notices) so the outbox sends them now rather than at its next tick. */
  kickOutbox: () => void;
}

export interface FlowDefinition {
  id: string;
  run(kit: FlowKit, ...args: string[]): Promise<void>;
}

export interface Feature {
  composer?: Composer<BotContext>;
  flows?: FlowDefinition[];
}
