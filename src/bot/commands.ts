// Command lists shown by Telegram (setMyCommands): the default scope lists what a newcomer can do (/start); each staff
// member's chat gets the commands of their roles in their language. Every command has an Italian and an English name.
import type { Role } from "../domain/roles.ts";
import { type Locale, translate } from "../i18n.ts";

const EVERYONE: readonly Role[] = ["admin", "coordinator", "operator", "on_call"];
const LOGGING: readonly Role[] = ["admin", "coordinator", "operator"];
const MANAGING: readonly Role[] = ["admin", "coordinator"];
const ADMINS: readonly Role[] = ["admin"];

export interface CommandEntry {
  it: string;
  en: string;
  description: string;
  /** Roles that can use it; empty: every staff member, whatever their roles. */
  roles: readonly Role[];
}

export const COMMANDS = [
  { it: "presenze", en: "attendance", description: "cmd-attendance", roles: LOGGING },
  { it: "sessione", en: "session", description: "cmd-session", roles: LOGGING },
  { it: "correggi", en: "correct", description: "cmd-correct", roles: LOGGING },
  { it: "evento", en: "event", description: "cmd-event", roles: LOGGING },
  { it: "eventi", en: "events", description: "cmd-events", roles: EVERYONE },
  { it: "piano", en: "plan", description: "cmd-plan", roles: EVERYONE },
  { it: "cerca", en: "find", description: "cmd-find", roles: EVERYONE },
  { it: "reperibilita", en: "oncall", description: "cmd-oncall", roles: EVERYONE },
  { it: "persone", en: "people", description: "cmd-people", roles: LOGGING },
  { it: "dimissioni", en: "releases", description: "cmd-releases", roles: LOGGING },
  { it: "laboratori", en: "activities", description: "cmd-activities", roles: MANAGING },
  { it: "segnalazione", en: "referral", description: "cmd-referral", roles: MANAGING },
  { it: "persona", en: "person", description: "cmd-person", roles: MANAGING },
  { it: "senzapiano", en: "noplan", description: "cmd-plans-without-plan", roles: MANAGING },
  { it: "audit", en: "audit", description: "cmd-plans-audit", roles: MANAGING },
  { it: "riepilogo", en: "digest", description: "cmd-digest", roles: MANAGING },
  { it: "trimestrale", en: "quarterly", description: "cmd-quarterly", roles: MANAGING },
  { it: "lavoro", en: "jobs", description: "cmd-jobs", roles: MANAGING },
  { it: "obiettivi", en: "targets", description: "cmd-targets", roles: ADMINS },
  { it: "prodotti", en: "outputs", description: "cmd-outputs", roles: MANAGING },
  { it: "orari", en: "hours", description: "cmd-opening-hours", roles: MANAGING },
  { it: "invito", en: "invite", description: "cmd-invite", roles: MANAGING },
  { it: "staff", en: "staff", description: "cmd-staff", roles: MANAGING },
  { it: "disattiva", en: "deactivate", description: "cmd-deactivate", roles: MANAGING },
  { it: "sedi", en: "sites", description: "cmd-sites", roles: EVERYONE },
  { it: "nuovoprogetto", en: "newprogramme", description: "cmd-new-programme", roles: ADMINS },
  { it: "nuovasede", en: "newsite", description: "cmd-new-site", roles: ADMINS },
  { it: "aiuto", en: "help", description: "cmd-help", roles: [] },
  { it: "annulla", en: "cancel", description: "cmd-cancel", roles: [] },
  { it: "lingua", en: "language", description: "cmd-language", roles: [] },
] as const satisfies readonly CommandEntry[];

export interface BotCommandLine {
  command: string;
  description: string;
}

/** The commands someone holding these roles can use, in their language (the staff's own scope). */
export function commandsFor(roles: readonly Role[], locale: Locale): BotCommandLine[] {
  return COMMANDS.filter((entry) => entry.roles.length === 0 || entry.roles.some((role) => roles.includes(role))).map(
    (entry) => ({ command: entry[locale], description: translate(locale, entry.description) }),
  );
}

/** What a newcomer can do: /start with an invitation (the default scope, for everyone else). */
export function newcomerCommands(locale: Locale): BotCommandLine[] {
  return [{ command: "start", description: translate(locale, "cmd-start") }];
}

/** Names the menu a staff member should see, so it is published again only when their roles or language change. */
export function commandMenuSignature(roles: readonly Role[], locale: Locale): string {
  return `${locale}:${[...new Set(roles)].sort().join(",")}`;
}
