// Telegram takes exactly one answer per callback query: a second one is refused, none leaves the button spinning.
// Answers are best-effort (a query answered before a crash is refused after the restart, which must not break the
// flow), a second answer to the same query is dropped, and an update that ends without one gets an empty answer.
import { type Api, GrammyError, type MiddlewareFn, type Transformer } from "grammy";
import type { BotContext } from "../context.ts";

const REMEMBERED = 10_000;

export interface CallbackAnswers {
  /** For the bot's API: drops a second answer to the same query and ignores Telegram refusing one. */
  once: Transformer;
  /** Answers a query through the bot's API, never throwing (flows answer this way, outside their replay log). */
  answer(api: Api, queryId: string, text?: string): Promise<void>;
  /** Outermost middleware: answers a callback query the handlers left unanswered. */
  answerLeftovers: MiddlewareFn<BotContext>;
}

export function callbackAnswers(): CallbackAnswers {
  const answered = new Set<string>();
  const note = (id: string) => {
    answered.add(id);
    if (answered.size > REMEMBERED) answered.delete(answered.values().next().value as string);
  };
  return {
    once: async (prev, method, payload, signal) => {
      if (method !== "answerCallbackQuery") return prev(method, payload, signal);
      const id = String((payload as { callback_query_id?: unknown }).callback_query_id);
      if (answered.has(id)) return { ok: true, result: true as never };
      note(id);
      const result = await prev(method, payload, signal);
      // Too old, or answered before a restart: the user is not waiting for this answer any more.
      return result.ok || result.error_code !== 400 ? result : { ok: true, result: true as never };
    },
    async answer(api, queryId, text) {
      try {
        await api.answerCallbackQuery(queryId, text === undefined ? {} : { text });
      } catch (error) {
        if (!(error instanceof GrammyError)) throw error;
      }
    },
    answerLeftovers: async (ctx, next) => {
      try {
        await next();
      } finally {
        const id = ctx.callbackQuery?.id;
        if (id !== undefined && !answered.has(id)) await ctx.answerCallbackQuery().catch(() => undefined);
      }
    },
  };
}
