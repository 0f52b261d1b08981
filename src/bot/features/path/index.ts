// A person's path from the chat: 👤 Persone (/persone) for the steps of a person in charge, /segnalazione for referrals.
import { Composer } from "grammy";
import { normalisePersonCode } from "../../../domain/people.ts";
import { personPath } from "../../../services/person-path.ts";
import type { ServiceDeps } from "../../../services/deps.ts";
import { ServiceError } from "../../../services/errors.ts";
import { listSites } from "../../../services/staff.ts";
import type { BotContext } from "../../context.ts";
import { menuLabels } from "../../menu.ts";
import type { Feature, FeatureEnv } from "../types.ts";
import { PERSON_PATH_FLOW, personPathFlow } from "./person-flow.ts";
import { REFERRAL_FLOW, referralFlow } from "./referral-flow.ts";
import { renderPath } from "./view.ts";

async function showPath(ctx: BotContext, deps: ServiceDeps, who: { code: string } | { id: number }, page: number) {
  if (!ctx.staff) return;
  try {
    const view = await personPath(deps, ctx.staff.actor, who, page);
    const sites = await listSites(deps);
    const siteName = (id: number) => sites.find((site) => site.id === id)?.name ?? "—";
    const { text, keyboard } = renderPath((key, params) => ctx.t(key, params), view, page, siteName);
    if (ctx.callbackQuery) await ctx.editMessageText(text, { reply_markup: keyboard });
    else await ctx.reply(text, { reply_markup: keyboard });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    await ctx.reply(ctx.t(error.messageKey, error.params));
  }
}

export function pathFeature({ deps, i18n }: FeatureEnv): Feature {
  const composer = new Composer<BotContext>();
  composer.command(["persona", "person"], (ctx) => showPath(ctx, deps, { code: ctx.match.trim() }, 1));
  // Ids and pages are positive and small: other data is a forged button, answered as expired by the fallback.
  composer.callbackQuery(/^pth:([1-9]\d{0,8}):([1-9]\d{0,3})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showPath(ctx, deps, { id: Number(ctx.match[1]) }, Number(ctx.match[2]));
  });
  const start = (ctx: BotContext) => {
    const code = typeof ctx.match === "string" ? normalisePersonCode(ctx.match) : null;
    return code ? ctx.conversation.enter(PERSON_PATH_FLOW, code) : ctx.conversation.enter(PERSON_PATH_FLOW);
  };
  composer.command(["persone", "people"], start);
  composer.hears(menuLabels(i18n, "menu-people"), start);
  composer.command(["segnalazione", "referral"], (ctx) => ctx.conversation.enter(REFERRAL_FLOW));
  return {
    composer,
    flows: [
      { id: PERSON_PATH_FLOW, run: personPathFlow },
      { id: REFERRAL_FLOW, run: referralFlow },
    ],
  };
}
