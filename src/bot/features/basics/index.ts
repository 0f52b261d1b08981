// Help, cancel outside a flow, language choice, and friendly answers to anything unexpected.
import { Composer, InlineKeyboard } from "grammy";
import { setLocale } from "../../../services/staff.ts";
import { createChatStateStorage } from "../../chat-state-storage.ts";
import { publishStaffCommands } from "../../command-menu.ts";
import { commandsFor } from "../../commands.ts";
import type { BotContext } from "../../context.ts";
import { DRAFTS, type DraftRecord } from "../../flows/kit.ts";
import { isLocale } from "../../../i18n.ts";
import { mainMenuKeyboard, rolesOf } from "../../menu.ts";
import type { Feature, FeatureEnv } from "../types.ts";

export function basicsFeature({ deps }: FeatureEnv, onLocaleChanged: (telegramId: number) => void): Feature {
  const composer = new Composer<BotContext>();

  composer.command(["aiuto", "help"], async (ctx) => {
    const locale = (await ctx.i18n.getLocale()) === "en" ? "en" : "it";
    const lines = commandsFor(rolesOf(ctx.staff), locale).map((c) => `/${c.command} — ${c.description}`);
    await ctx.reply(`${ctx.t("help-intro")}\n\n${lines.join("\n")}\n\n${ctx.t("help-outro")}`, {
      reply_markup: mainMenuKeyboard((k) => ctx.t(k), rolesOf(ctx.staff)),
    });
  });

  // Outside a flow, cancel drops what a flow left when it timed out or was interrupted: nothing is offered back.
  const drafts = createChatStateStorage<DraftRecord<unknown>>(deps, DRAFTS);
  composer.command(["annulla", "cancel"], async (ctx) => {
    const dropped = ctx.from ? await drafts.deleteStartingWith(`${ctx.from.id}:`) : 0;
    await ctx.reply(ctx.t(dropped > 0 ? "flow-cancelled" : "flow-nothing-to-cancel"), {
      reply_markup: mainMenuKeyboard((k) => ctx.t(k), rolesOf(ctx.staff)),
    });
  });

  composer.command(["lingua", "language"], async (ctx) => {
    const keyboard = new InlineKeyboard().text("🇮🇹 Italiano", "lang:it").text("🇬🇧 English", "lang:en");
    await ctx.reply(ctx.t("language-choose"), { reply_markup: keyboard });
  });

  composer.callbackQuery(/^lang:(it|en)$/, async (ctx) => {
    const locale = ctx.match[1];
    if (!ctx.staff || !isLocale(locale)) return;
    await setLocale(deps, ctx.staff.id, locale);
    onLocaleChanged(ctx.staff.telegramId);
    ctx.i18n.useLocale(locale);
    // The command menu follows at once (the reply keyboard comes below), so the next update has nothing to redo.
    await publishStaffCommands(ctx.api, deps, { ...ctx.staff, locale });
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("language-set"));
    await ctx.reply(ctx.t("menu-ready"), { reply_markup: mainMenuKeyboard((k) => ctx.t(k), rolesOf(ctx.staff)) });
  });

  return { composer };
}

/** Edits outside a flow are not read (a command or a menu label edited must not run again): the user is told so. */
export function editsNotRead(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("edited_message", async (ctx) => {
    await ctx.reply(ctx.t("edit-not-read"));
  });
  return composer;
}

/** Last in the chain: buttons nobody handled are stale; text nobody handled gets a pointer to the menu. */
export function fallbackFeature(): Feature {
  const composer = new Composer<BotContext>();
  composer.on("callback_query", async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("flow-button-expired") });
  });
  composer.on("message", async (ctx) => {
    await ctx.reply(ctx.t("fallback-unknown"), { reply_markup: mainMenuKeyboard((k) => ctx.t(k), rolesOf(ctx.staff)) });
  });
  return { composer };
}
