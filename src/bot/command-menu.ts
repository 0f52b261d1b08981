// Publishes the command menus: the newcomers' one for everybody at start-up, and in each staff member's chat the
// commands of their roles in their language, again whenever roles or language changed (by the bot, the CLI or an
// import), on their next update; a deactivation takes their menu back at once.
import type { Api, MiddlewareFn } from "grammy";
import type { Logger } from "pino";
import { isLocale, LOCALES } from "../i18n.ts";
import { describeError } from "../logger.ts";
import type { ServiceDeps } from "../services/deps.ts";
import { recordCommandMenu, type StaffMember } from "../services/staff.ts";
import { commandMenuSignature, commandsFor, newcomerCommands } from "./commands.ts";
import type { BotContext } from "./context.ts";
import { mainMenuKeyboard, rolesOf } from "./menu.ts";

export async function publishNewcomerCommands(api: Api, logger: Logger): Promise<void> {
  for (const locale of LOCALES) {
    try {
      await api.setMyCommands(newcomerCommands(locale), { language_code: locale });
      if (locale === "it") await api.setMyCommands(newcomerCommands(locale));
    } catch (error) {
      // Not fatal: the bot works without the command menu.
      logger.warn({ locale, error: describeError(error) }, "could not publish the command list");
    }
  }
}

/** Publishes the staff member's own menu unless their chat already shows it; true when it was published now. */
export async function publishStaffCommands(api: Api, deps: ServiceDeps, staff: StaffMember): Promise<boolean> {
  const locale = isLocale(staff.locale) ? staff.locale : "it";
  const roles = rolesOf(staff);
  const signature = commandMenuSignature(roles, locale);
  if (staff.commandMenu === signature) return false;
  try {
    await api.setMyCommands(commandsFor(roles, locale), { scope: { type: "chat", chat_id: staff.telegramId } });
  } catch (error) {
    // Tried again at their next update; the commands themselves check permissions anyway.
    deps.logger.warn({ staffId: staff.id, error: describeError(error) }, "could not publish a staff command menu");
    return false;
  }
  await recordCommandMenu(deps, staff.id, signature);
  staff.commandMenu = signature;
  return true;
}

/** Their chat falls back to the newcomers' menu (after a deactivation). */
export async function withdrawStaffCommands(api: Api, deps: ServiceDeps, staff: StaffMember): Promise<void> {
  // Nothing published means a chat Telegram may not even know (it refuses a scope for such a chat).
  if (staff.commandMenu === null) return;
  try {
    await api.deleteMyCommands({ scope: { type: "chat", chat_id: staff.telegramId } });
    await recordCommandMenu(deps, staff.id, null);
  } catch (error) {
    deps.logger.warn({ staffId: staff.id, error: describeError(error) }, "could not withdraw a staff command menu");
  }
}

/**
 * Keeps each staff member's command menu in step with their roles and language; when it changed since the last one
 * published (not the first time), the reply keyboard is sent again too, so both show the same tasks.
 */
export function syncCommandMenu(deps: ServiceDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const staff = ctx.staff;
    if (staff && (ctx.message || ctx.callbackQuery)) {
      const previous = staff.commandMenu;
      const published = await publishStaffCommands(ctx.api, deps, staff);
      if (published && previous !== null && ctx.chat?.type === "private")
        await ctx.reply(ctx.t("menu-updated"), { reply_markup: mainMenuKeyboard((k) => ctx.t(k), rolesOf(staff)) });
    }
    await next();
  };
}
