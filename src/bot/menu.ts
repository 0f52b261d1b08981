// The main menu: a reply keyboard with big buttons, one per daily task of the user's roles; every label also has a
// command.
import { Keyboard } from "grammy";
import type { ReplyKeyboardRemove } from "grammy/types";
import type { Role } from "../domain/roles.ts";
import { LOCALES, type Translations } from "../i18n.ts";
import type { StaffMember } from "../services/staff.ts";
import { COMMANDS } from "./commands.ts";

// `formerly`: the label a renamed button had. Reply keyboards stay on users' phones until the bot sends a new one,
// so a press of the old label must still work.
export const MENU_ITEMS = [
  { key: "menu-attendance", commands: ["presenze", "attendance"] },
  { key: "menu-session", commands: ["sessione", "session"], formerly: "menu-session-formerly" },
  { key: "menu-event", commands: ["evento", "event"] },
  { key: "menu-plan", commands: ["piano", "plan"], formerly: "menu-plan-formerly" },
  { key: "menu-digest", commands: ["riepilogo", "digest"] },
  { key: "menu-people", commands: ["persone", "people"] },
] as const;

export type MenuKey = (typeof MENU_ITEMS)[number]["key"];

/** The labels of a menu button in every language, former labels included, so it works whatever the keyboard. */
export function menuLabels(i18n: Translations, key: MenuKey): string[] {
  const item = MENU_ITEMS.find((candidate) => candidate.key === key);
  const keys = item && "formerly" in item ? [key, item.formerly] : [key];
  return [...new Set(keys.flatMap((k) => LOCALES.map((locale) => i18n.t(locale, k))))];
}

/** The roles a staff member holds at any site (none for strangers). */
export function rolesOf(staff: StaffMember | null): Role[] {
  return staff?.active ? [...new Set(staff.actor.memberships.map((m) => m.role))] : [];
}

const MENU_ROWS: readonly (readonly MenuKey[])[] = [
  ["menu-attendance", "menu-session"],
  ["menu-event"],
  ["menu-plan", "menu-digest"],
  ["menu-people"],
];

function allowed(key: MenuKey, roles: readonly Role[]): boolean {
  const command = MENU_ITEMS.find((item) => item.key === key)?.commands[0];
  const entry = COMMANDS.find((candidate) => candidate.it === command);
  return entry !== undefined && (entry.roles as readonly Role[]).some((role) => roles.includes(role));
}

/** The buttons of the tasks these roles can do; someone who can do none gets the keyboard removed. */
export function mainMenuKeyboard(t: (key: string) => string, roles: readonly Role[]): Keyboard | ReplyKeyboardRemove {
  const rows = MENU_ROWS.map((row) => row.filter((key) => allowed(key, roles)).map((key) => t(key))).filter(
    (row) => row.length > 0,
  );
  if (rows.length === 0) return { remove_keyboard: true };
  return Keyboard.from(rows.map((row) => row.map((label) => Keyboard.text(label))))
    .resized()
    .persistent();
}

/** True when the text is a main-menu label in any language. */
export function menuTextMatcher(i18n: Translations): (text: string) => boolean {
  const labels = new Set(MENU_ITEMS.flatMap((item) => menuLabels(i18n, item.key)));
  return (text) => labels.has(text);
}
