// Translations from locales/*.ftl, loaded once for the whole process: the bot (as grammY middleware), the jobs and
// the services share this one instance.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";

export const LOCALES = ["it", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../locales");

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function isLocale(value: string | null | undefined): value is Locale {
  return value === "it" || value === "en";
}

/** Where the middleware learns the user's language: the bot sets it on each context (see bot/locale.ts). */
export interface LocaleSource {
  preferredLocale?: () => Promise<Locale>;
}

/** The translations as the bot and its features see them. */
export type Translations = I18n<Context & LocaleSource>;

export const i18n: Translations = new I18n<Context & LocaleSource>({
  defaultLocale: "it",
  directory: LOCALES_DIR,
  fluentBundleOptions: { useIsolating: false },
  localeNegotiator: (ctx) => ctx.preferredLocale?.(),
});

/** A message outside an update (outbox, jobs, services), in a staff member's stored language. */
export function translate(locale: string, key: string, params?: Record<string, string | number>): string {
  return i18n.t(isLocale(locale) ? locale : "it", key, params);
}

export function translatorFor(locale: string): Translate {
  return (key, params) => translate(locale, key, params);
}
