// Any failure: log it without personal data and tell the user politely, in their language, that nothing was lost.
import type { ErrorHandler } from "grammy";
import type { Logger } from "pino";
import { describeError } from "../../logger.ts";
import { ServiceError } from "../../services/errors.ts";
import { isNotModified } from "../not-modified.ts";
import type { BotContext } from "../context.ts";

export function errorHandler(logger: Logger): ErrorHandler<BotContext> {
  return async (botError) => {
    const { ctx, error } = botError;
    if (error instanceof ServiceError) {
      await ctx.reply(ctx.t(error.messageKey, error.params)).catch(() => undefined);
      return;
    }
    // A second tap on the same button (a double tap, another device) edits a message into what it already shows,
    // which Telegram refuses: the first tap did the job, so there is nothing to report.
    if (isNotModified(error)) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      return;
    }
    logger.error({ updateId: ctx.update.update_id, error: describeError(error) }, "update failed");
    const text = typeof ctx.t === "function" ? ctx.t("error-generic") : "⚠️";
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
    if (ctx.chat) await ctx.reply(text).catch(() => undefined);
  };
}
