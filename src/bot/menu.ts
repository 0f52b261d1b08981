// The main menu: a reply keyboard with big buttons, one per daily task; every label also has a command.
import type { I18n } from "@grammyjs/i18n";
import { Keyboard } from "grammy";
import type { Context } from "grammy";
import { LOCALES } from "./i18n.ts";

export const MENU_ITEMS = [
  { key: "menu-attendance", commands: ["presenze", "attendance"] },
  { key: "menu-session", commands: ["sessione", "session"] },
  { key: "menu-event", commands: ["evento", "event"] },
  { key: "menu-plan", commands: ["piano", "plan"] },
  { key: "menu-digest", commands: ["riepilogo", "digest"] },
] as const;

export type MenuKey = (typeof MENU_ITEMS)[number]["key"];

export function mainMenuKeyboard(t: (key: string) => string): Keyboard {
  const [attendance, session, event, plan, digest] = MENU_ITEMS.map((item) => t(item.key));
  return new Keyboard()
    .text(attendance as string)
    .text(session as string)
    .row()
    .text(event as string)
    .row()
    .text(plan as string)
    .text(digest as string)
    .resized()
    .persistent();
}

/** True when the text is a main-menu label in any language. */
export function menuTextMatcher(i18n: I18n<Context>): (text: string) => boolean {
  const labels = new Set(MENU_ITEMS.flatMap((item) => LOCALES.map((locale) => i18n.t(locale, item.key))));
  return (text) => labels.has(text);
}
