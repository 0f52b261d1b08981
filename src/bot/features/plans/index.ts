// Plans in the chat: `/piano <code | name>` and the 📁 Piano button show the card; buttons open the goals, the
// network, the history and (audited) the full name; break the glass for people outside one's scope; editing;
// `/audit <code>` for who looked; `/senzapiano` for people in charge without an active plan.
import { Composer } from "grammy";
import { BREAK_GLASS_HOURS, BREAK_GLASS_MIN_REASON, BREAK_GLASS_MIN_WORDS } from "../../../domain/break-glass.ts";
import { normalisePersonCode, planLinkCode } from "../../../domain/people.ts";
import { clip } from "../../../domain/plan-card.ts";
import { rememberPlanCard } from "../../../jobs/plan-cards.ts";
import { auditTrail, type BreakGlassNotices, breakGlass } from "../../../services/plan-access.ts";
import {
  type PlanLookup,
  lookupPlan,
  openPlanCard,
  openPlanPage,
  peopleWithoutPlan,
  revealFullName,
} from "../../../services/plans.ts";
import { ServiceError } from "../../../services/errors.ts";
import type { BotContext } from "../../context.ts";
import { BACK, type FlowKit, invalid, ok } from "../../flows/kit.ts";
import { enterFromButton } from "../../flows/buttons.ts";
import { menuLabels } from "../../menu.ts";
import type { Feature, FeatureEnv } from "../types.ts";
import { editPlanFlow } from "./edit-flow.ts";
import { currentActor, sendPlanReply } from "./flow-support.ts";
import {
  auditReply,
  cardReply,
  localTime,
  lookupReply,
  type PlanReply,
  pageReply,
  planButton,
  withoutPlanReply,
} from "./render.ts";

const MIN_QUERY = 2;
const NOTICE_REASON_MAX = 300;
const PAGES = { goals: "goals", net: "network", hist: "history" } as const;

export function plansFeature(env: FeatureEnv): Feature {
  const { deps } = env;
  const composer = new Composer<BotContext>();

  const send = async (ctx: BotContext, reply: PlanReply) => {
    const sent = await ctx.reply(reply.text, { reply_markup: reply.keyboard });
    if (reply.holdsPlan) await rememberPlanCard(deps, sent.chat.id, sent.message_id, deps.clock());
  };

  const notices: BreakGlassNotices = {
    granted: (recipient, facts) => ({
      text: env.i18n.t(recipient.locale, "plans-break-glass-notice", {
        name: facts.actorName,
        code: facts.code,
        person: facts.shortName,
        // The whole reason is kept (encrypted, audited); a pasted page must not make the notice undeliverable.
        reason: clip(facts.reason, NOTICE_REASON_MAX),
        until: localTime(facts.expiresAt, deps.timeZone, "dd/MM HH:mm"),
      }),
      buttons: [
        [{ text: env.i18n.t(recipient.locale, "plans-button-open-card"), data: planButton.card(facts.personId) }],
      ],
    }),
    limitReached: (recipient, facts) => ({
      text: env.i18n.t(recipient.locale, "plans-break-glass-limit-notice", { name: facts.actorName, max: facts.limit }),
    }),
  };
  const reasonRule = { min: BREAK_GLASS_MIN_REASON, words: BREAK_GLASS_MIN_WORDS };

  async function lookupFlow(kit: FlowKit): Promise<void> {
    const actor = await currentActor(kit);
    if (!actor) return;
    const query = await kit.ask<string>({
      text: kit.t("plans-ask-query"),
      parseText: (text) =>
        text.trim().length >= MIN_QUERY ? ok(text.trim()) : invalid(kit.t("plans-query-too-short")),
      back: false,
    });
    if (query === BACK) return;
    const outcome = await kit.call((journaled) => lookupPlan(journaled, actor, query));
    if ("failed" in outcome) return kit.finish(outcome.failed);
    await sendPlanReply(
      kit,
      lookupReply(outcome, (key, params) => kit.t(key, params)),
    );
  }

  /** Asks the reason first, whatever the code: an unknown code is only refused once a valid reason was typed. */
  async function breakGlassFlow(kit: FlowKit, code = ""): Promise<void> {
    const actor = await currentActor(kit);
    if (!actor) return;
    for (;;) {
      const reason = await kit.ask<string>({
        text: kit.t("plans-break-glass-ask-reason", { ...reasonRule, hours: BREAK_GLASS_HOURS }),
        parseText: (text) => ok(text),
        back: false,
      });
      if (reason === BACK) return;
      const result = await kit.call(async (journaled) => {
        try {
          const grant = await breakGlass(journaled, actor, { code, reason }, notices);
          env.kickOutbox();
          return { view: await openPlanCard(journaled, actor, grant.personId) };
        } catch (error) {
          if (error instanceof ServiceError && error.messageKey === "plans-break-glass-reason-short")
            return { tooShort: true };
          throw error;
        }
      });
      if ("failed" in result) return kit.finish(result.failed);
      if (result.view)
        return sendPlanReply(
          kit,
          cardReply(result.view, (key, params) => kit.t(key, params)),
        );
      await kit.ctx.reply(kit.t("plans-break-glass-reason-short", reasonRule));
    }
  }

  composer.command(["piano", "plan"], async (ctx) => {
    if (!ctx.staff) return;
    const query = ctx.match.trim();
    if (query === "") return ctx.conversation.enter("plan-lookup");
    if (query.length < MIN_QUERY) return ctx.reply(ctx.t("plans-usage"));
    await send(ctx, lookupReply(await lookupPlan(deps, ctx.staff.actor, query), ctx.t));
  });

  // A link to a person's plan card (in a coordinator's notes): a look-up of that code, audited as any other, and the
  // same refusal for a code out of reach as for one that does not exist.
  composer.command("start", async (ctx, next) => {
    const code = planLinkCode(ctx.match);
    if (!ctx.staff || code === null) return next();
    const outcome: PlanLookup = normalisePersonCode(code)
      ? await lookupPlan(deps, ctx.staff.actor, code)
      : { kind: "none", code: null };
    await send(ctx, lookupReply(outcome.kind === "choices" ? { kind: "none", code } : outcome, ctx.t));
  });

  composer.hears(menuLabels(env.i18n, "menu-plan"), (ctx) => ctx.conversation.enter("plan-lookup"));

  composer.command(["senzapiano", "noplan"], async (ctx) => {
    if (!ctx.staff) return;
    await send(ctx, withoutPlanReply(await peopleWithoutPlan(deps, ctx.staff.actor), ctx.t));
  });

  composer.command("audit", async (ctx) => {
    if (!ctx.staff) return;
    const code = ctx.match.trim();
    if (code === "") return ctx.reply(ctx.t("plans-audit-usage"));
    await send(ctx, auditReply(await auditTrail(deps, ctx.staff.actor, code), ctx.t, deps.timeZone));
  });

  // Refusals of plan buttons show in a pop-up: nothing about the person stays in the chat.
  const refuseInPopup = async (ctx: BotContext, error: unknown) => {
    if (!(error instanceof ServiceError)) throw error;
    await ctx.answerCallbackQuery({ text: ctx.t(error.messageKey, error.params), show_alert: true });
  };

  composer.callbackQuery(/^plan:(card|goals|net|hist):(\d{1,9})$/, async (ctx) => {
    if (!ctx.staff) return;
    const [, what, id] = ctx.match;
    const personId = Number(id);
    try {
      const reply =
        what === "card"
          ? cardReply(await openPlanCard(deps, ctx.staff.actor, personId), ctx.t)
          : pageReply(await openPlanPage(deps, ctx.staff.actor, personId, PAGES[what as keyof typeof PAGES]), ctx.t);
      await ctx.answerCallbackQuery();
      await send(ctx, reply);
    } catch (error) {
      await refuseInPopup(ctx, error);
    }
  });

  // The full name appears only in a pop-up, never as a message that stays in the chat.
  composer.callbackQuery(/^plan:name:(\d{1,9})$/, async (ctx) => {
    if (!ctx.staff) return;
    try {
      const { code, fullName } = await revealFullName(deps, ctx.staff.actor, Number(ctx.match[1]));
      await ctx.answerCallbackQuery({ text: ctx.t("plans-full-name", { code, name: fullName }), show_alert: true });
    } catch (error) {
      await refuseInPopup(ctx, error);
    }
  });

  // Buttons reach here even while another flow waits for an answer: enterFromButton closes that one first.
  composer.callbackQuery(/^plan:edit:(\d{1,9})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterFromButton(ctx, "plan-edit", ctx.match[1] as string);
  });

  composer.callbackQuery(/^plan:bg:([A-Z]{2,5}-\d{3,6})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterFromButton(ctx, "plan-break-glass", ctx.match[1] as string);
  });

  return {
    composer,
    flows: [
      { id: "plan-lookup", run: lookupFlow },
      { id: "plan-break-glass", run: breakGlassFlow },
      { id: "plan-edit", run: editPlanFlow },
    ],
  };
}
