// The main menu: a reply keyboard with big buttons, one per daily task; every label also has a command.
import { Keyboard } from "grammy";
import { LOCALES, type Translations } from "../i18n.ts";

// `formerly`: the label a renamed button had. Reply keyboards stay on users' phones until the bot sends a new one,
// so a press of the old label must still work.
export const MENU_ITEMS = [
  { key: "menu-attendance", commands: ["presenze", "attendance"] },
  { key: "menu-session", commands: ["sessione", "session"], formerly: "menu-session-formerly" },
  { key: "menu-event", commands: ["evento", "event"] },
  { key: "menu-plan", commands: ["piano", "plan"], formerly: "menu-plan-formerly" },
  { key: "menu-digest", commands: ["riepilogo", "digest"] },
] as const;

export type MenuKey = (typeof MENU_ITEMS)[number]["key"];

/** The labels of a menu button in every language, former labels included, so it works whatever the keyboard. */
export function menuLabels(i18n: Translations, key: MenuKey): string[] {
  const item = MENU_ITEMS.find((candidate) => candidate.key === key);
  const keys = item && "formerly" in item ? [key, item.formerly] : [key];
  return [...new Set(keys.flatMap((k) => LOCALES.map((locale) => i18n.t(locale, k))))];
}

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
export function menuTextMatcher(i18n: Translations): (text: string) => boolean {
  const labels = new Set(MENU_ITEMS.flatMap((item) => menuLabels(i18n, item.key)));
  return (text) => labels.has(text);
}
