// Command lists shown by Telegram, per language (setMyCommands); every command has an Italian and an English name.
import type { Api } from "grammy";
import type { Logger } from "pino";
import { translate } from "../i18n.ts";
import { describeError } from "../logger.ts";

export const COMMANDS = [
  { it: "presenze", en: "attendance", description: "cmd-attendance" },
  { it: "sessione", en: "session", description: "cmd-session" },
  { it: "correggi", en: "correct", description: "cmd-correct" },
  { it: "laboratori", en: "activities", description: "cmd-activities" },
  { it: "evento", en: "event", description: "cmd-event" },
  { it: "eventi", en: "events", description: "cmd-events" },
  { it: "reperibilita", en: "oncall", description: "cmd-oncall" },
  { it: "piano", en: "plan", description: "cmd-plan" },
  { it: "senzapiano", en: "noplan", description: "cmd-plans-without-plan" },
  { it: "audit", en: "audit", description: "cmd-plans-audit" },
  { it: "riepilogo", en: "digest", description: "cmd-digest" },
  { it: "trimestrale", en: "quarterly", description: "cmd-quarterly" },
  { it: "aiuto", en: "help", description: "cmd-help" },
  { it: "annulla", en: "cancel", description: "cmd-cancel" },
  { it: "lingua", en: "language", description: "cmd-language" },
  { it: "invito", en: "invite", description: "cmd-invite" },
] as const;

export async function publishCommandLists(api: Api, logger: Logger): Promise<void> {
  for (const locale of ["it", "en"] as const) {
    const commands = COMMANDS.map((command) => ({
      command: command[locale],
      description: translate(locale, command.description),
    }));
    try {
      await api.setMyCommands(commands, { language_code: locale });
      if (locale === "it") await api.setMyCommands(commands);
    } catch (error) {
      // Not fatal: the bot works without the command menu (some Bot API emulators lack this method).
      logger.warn({ locale, error: describeError(error) }, "could not publish the command list");
    }
  }
}
