// Individual sessions (/sessione, the 📝 menu button), batch logging, and corrections (/correggi, buttons under saved entries).
import { Composer } from "grammy";
import { undoSession } from "../../../services/corrections.ts";
import { ServiceError } from "../../../services/errors.ts";
import type { BotContext } from "../../context.ts";
import type { Feature, FeatureEnv } from "../types.ts";
import { COAUTHORS_FLOW, CORRECT_FLOW, coAuthorsFlow, correctFlow, NOTE_FLOW, noteFlow } from "./correct-flow.ts";
import { enterFromButton } from "../../flows/buttons.ts";
import { menuLabels } from "../../menu.ts";
import { SESSION_FLOW, sessionFlow } from "./session-flow.ts";

export function sessionsFeature({ deps, i18n }: FeatureEnv): Feature {
  const composer = new Composer<BotContext>();
  const start = (ctx: BotContext) => ctx.conversation.enter(SESSION_FLOW);
  composer.command(["sessione", "session"], start);
  composer.hears(menuLabels(i18n, "menu-session"), start);
  composer.command(["correggi", "correct"], (ctx) => ctx.conversation.enter(CORRECT_FLOW));

  // Ids are positive and fit the database: other data is a forged button, answered as expired by the fallback.
  composer.callbackQuery(/^ses:again:(person|date|repeat):([1-9]\d{0,8})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterFromButton(ctx, SESSION_FLOW, ctx.match[1] as string, ctx.match[2] as string);
  });
  const flowsBySessionButton = { edit: CORRECT_FLOW, note: NOTE_FLOW, coauth: COAUTHORS_FLOW } as const;
  composer.callbackQuery(/^ses:(edit|note|coauth):([1-9]\d{0,8})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterFromButton(
      ctx,
      flowsBySessionButton[ctx.match[1] as keyof typeof flowsBySessionButton],
      ctx.match[2] as string,
    );
  });
  composer.callbackQuery(/^ses:undo:([1-9]\d{0,8})$/, async (ctx) => {
    if (!ctx.staff) return;
    try {
      await undoSession(deps, ctx.staff.actor, Number(ctx.match[1]));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      await ctx.answerCallbackQuery({ text: ctx.t(error.messageKey, error.params), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("session-undone"));
  });

  return {
    composer,
    flows: [
      { id: SESSION_FLOW, run: sessionFlow },
      { id: NOTE_FLOW, run: noteFlow },
      { id: COAUTHORS_FLOW, run: coAuthorsFlow },
      { id: CORRECT_FLOW, run: correctFlow },
    ],
  };
}
