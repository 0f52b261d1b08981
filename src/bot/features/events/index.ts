// Critical events: /evento (and the menu button) to report, /eventi to follow up the open ones, the
// "Presa visione" button of alerts, and /reperibilita for on-call shifts.
import { hears } from "@grammyjs/i18n";
import { Composer } from "grammy";
import { ACK_CALLBACK_PREFIX } from "../../../services/alerts.ts";
import { ServiceError } from "../../../services/errors.ts";
import { acknowledgeEvent, getEventDetails, listOpenEvents } from "../../../services/events.ts";
import type { BotContext } from "../../context.ts";
import { enterFromButton } from "../../flows/buttons.ts";
import type { Feature, FeatureEnv } from "../types.ts";
import { closeEventFlow, followUpNoteFlow } from "./follow-up-flows.ts";
import { onCallFlow } from "./on-call-flow.ts";
import { reportFlow } from "./report-flow.ts";
import { renderEventDetails, renderEventList, type ViewPart } from "./views.ts";

/** Runs a service call for a button; a refusal is shown on the button only, revealing nothing about the event. */
async function answerRefusal(ctx: BotContext, error: unknown): Promise<void> {
  if (!(error instanceof ServiceError)) throw error;
  await ctx.answerCallbackQuery({ text: ctx.t(error.messageKey, error.params), show_alert: true });
}

async function replyInParts(ctx: BotContext, parts: ViewPart[]): Promise<void> {
  for (const { text, keyboard } of parts) await ctx.reply(text, { reply_markup: keyboard });
}

export function eventsFeature({ deps, kickOutbox }: FeatureEnv): Feature {
  const composer = new Composer<BotContext>();
  const startReport = (ctx: BotContext) => ctx.conversation.enter("event-report");
  composer.command(["evento", "event"], startReport);
  composer.filter(hears("menu-event"), startReport);
  composer.command(["reperibilita", "oncall"], (ctx) => ctx.conversation.enter("on-call"));

  composer.command(["eventi", "events"], async (ctx) => {
    if (!ctx.staff) return;
    const events = await listOpenEvents(deps, ctx.staff.actor);
    await replyInParts(
      ctx,
      renderEventList((key, params) => ctx.t(key, params), events, deps.timeZone),
    );
  });

  // Ids are positive and fit the database: other data is a forged button, answered as expired by the fallback.
  composer.callbackQuery(new RegExp(`^${ACK_CALLBACK_PREFIX}([1-9]\\d{0,8})$`), async (ctx) => {
    if (!ctx.staff) return;
    let acknowledged: Awaited<ReturnType<typeof acknowledgeEvent>>;
    try {
      acknowledged = await acknowledgeEvent(deps, ctx.staff.actor, Number(ctx.match[1]));
    } catch (error) {
      return answerRefusal(ctx, error);
    }
    kickOutbox();
    const text = ctx.t(acknowledged.already ? "events-ack-already" : "events-ack-done", {
      id: String(acknowledged.eventId),
    });
    await ctx.answerCallbackQuery({ text });
    // The button has done its job: remove it so the alert reads as handled.
    await ctx.editMessageReplyMarkup({ reply_markup: undefined });
    if (!acknowledged.already) await ctx.reply(text);
  });

  composer.callbackQuery(/^ev:show:([1-9]\d{0,8})$/, async (ctx) => {
    if (!ctx.staff) return;
    let details: Awaited<ReturnType<typeof getEventDetails>>;
    try {
      details = await getEventDetails(deps, ctx.staff.actor, Number(ctx.match[1]));
    } catch (error) {
      return answerRefusal(ctx, error);
    }
    await ctx.answerCallbackQuery();
    await replyInParts(
      ctx,
      renderEventDetails((key, params) => ctx.t(key, params), details, deps.timeZone),
    );
  });

  // Buttons reach here even while another flow waits for an answer: enterFromButton closes that one first.
  composer.callbackQuery(/^ev:(note|close):([1-9]\d{0,8})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterFromButton(ctx, ctx.match[1] === "note" ? "event-note" : "event-close", ctx.match[2] as string);
  });

  return {
    composer,
    flows: [
      { id: "event-report", run: reportFlow(kickOutbox) },
      { id: "event-note", run: followUpNoteFlow },
      { id: "event-close", run: closeEventFlow },
      { id: "on-call", run: onCallFlow },
    ],
  };
}
