// Strangers and deactivated staff get one short refusal and nothing else; data stays in private chats.
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";

export function privateChatsOnly(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("message", async (ctx, next) => {
    if (ctx.chat.type === "private") return next();
    if (ctx.message.text?.startsWith("/")) await ctx.reply(ctx.t("group-refusal"));
  });
  composer.on("callback_query", async (ctx, next) => {
    if (!ctx.chat || ctx.chat.type === "private") return next();
    await ctx.answerCallbackQuery({ text: ctx.t("group-refusal") });
  });
  return composer;
}

/** Lets only known, active staff through; `/start` and invite codes are handled before this gate. */
export function staffOnly(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(async (ctx, next) => {
    if (ctx.staff) return next();
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: ctx.t("access-stranger-short"), show_alert: true });
      return;
    }
    if (ctx.message || ctx.editedMessage) {
      await ctx.reply(ctx.t("access-stranger"), { reply_markup: { remove_keyboard: true } });
    }
  });
  return composer;
}
