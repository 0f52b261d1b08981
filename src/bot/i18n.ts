// Fluent translations from locales/*.ftl; the locale comes from the staff profile, else from Telegram.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";

export const LOCALES = ["it", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../locales");

export type LocaleLookup = (telegramId: number) => Promise<string | null>;

export function isLocale(value: string | null | undefined): value is Locale {
  return value === "it" || value === "en";
}

export function createI18n(defaultLocale: Locale, lookup: LocaleLookup): I18n<Context> {
  return new I18n<Context>({
    defaultLocale,
    directory: LOCALES_DIR,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: async (ctx) => {
      const stored = ctx.from ? await lookup(ctx.from.id) : null;
      if (isLocale(stored)) return stored;
      const fromTelegram = ctx.from?.language_code?.slice(0, 2);
      return isLocale(fromTelegram) ? fromTelegram : defaultLocale;
    },
  });
}
