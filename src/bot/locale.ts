// The user's language for the shared translations (src/i18n.ts): the staff profile's, else Telegram's, else the
// deployment's default. Installed before the i18n middleware, in the bot and inside conversations.
import type { MiddlewareFn } from "grammy";
import { isLocale, type Locale } from "../i18n.ts";
import type { FlowContext } from "./context.ts";

export type LocaleLookup = (telegramId: number) => Promise<string | null>;

export function preferredLocale(defaultLocale: Locale, lookup: LocaleLookup): MiddlewareFn<FlowContext> {
  return async (ctx, next) => {
    ctx.preferredLocale = async () => {
      const stored = ctx.from ? await lookup(ctx.from.id) : null;
      if (isLocale(stored)) return stored;
      const fromTelegram = ctx.from?.language_code?.slice(0, 2);
      return isLocale(fromTelegram) ? fromTelegram : defaultLocale;
    };
    await next();
  };
}
