// /start for newcomers: invite codes (typed or by deep link), bootstrap admins, and the refusal for strangers; staff
// following a link to a plan card (/start p_<code>) go on to the plans feature.
import { Composer } from "grammy";
import { normaliseInviteCode } from "../../../domain/invites.ts";
import { planLinkCode } from "../../../domain/people.ts";
import {
  ensureBootstrapAdmin,
  inviteAttemptAllowed,
  type NewcomerProfile,
  redeemInvite,
} from "../../../services/access.ts";
import { ServiceError } from "../../../services/errors.ts";
import type { BotContext } from "../../context.ts";
import { publishStaffCommands } from "../../command-menu.ts";
import { mainMenuKeyboard, rolesOf } from "../../menu.ts";
import type { Feature, FeatureEnv } from "../types.ts";

function profileOf(ctx: BotContext): NewcomerProfile | null {
  if (!ctx.from) return null;
  const name = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" ");
  return { telegramId: ctx.from.id, displayName: name || String(ctx.from.id), languageCode: ctx.from.language_code };
}

export function accessFeature({ deps, defaultLocale }: FeatureEnv): Feature {
  const composer = new Composer<BotContext>();

  const welcome = async (ctx: BotContext, key: string) => {
    await ctx.i18n.renegotiateLocale();
    if (ctx.staff) await publishStaffCommands(ctx.api, deps, ctx.staff);
    await ctx.reply(ctx.t(key, { name: ctx.staff?.displayName ?? "" }), {
      reply_markup: mainMenuKeyboard((k) => ctx.t(k), rolesOf(ctx.staff)),
    });
  };

  const tryInvite = async (ctx: BotContext, code: string, welcomeKey = "access-welcome-new") => {
    const profile = profileOf(ctx);
    if (!profile) return;
    if (!(await inviteAttemptAllowed(deps, profile.telegramId))) {
      await ctx.reply(ctx.t("access-too-many-attempts"));
      return;
    }
    try {
      ctx.staff = await redeemInvite(deps, profile, code, defaultLocale);
      await welcome(ctx, welcomeKey);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      await ctx.reply(ctx.t("access-invite-invalid"), { reply_markup: { remove_keyboard: true } });
    }
  };

  const privateChat = composer.chatType("private");

  privateChat.command("start", async (ctx, next) => {
    const linkedCode = planLinkCode(ctx.match);
    if (ctx.staff) {
      if (linkedCode !== null) return next();
      // Staff given a further role (another site, coordination) join it with the invite link like a newcomer.
      if (normaliseInviteCode(ctx.match)) return tryInvite(ctx, ctx.match.trim(), "access-role-added");
      return welcome(ctx, "access-welcome-back");
    }
    const profile = profileOf(ctx);
    if (!profile) return;
    const admin = await ensureBootstrapAdmin(deps, profile, defaultLocale);
    if (admin?.active) {
      ctx.staff = admin;
      return welcome(ctx, "access-welcome-admin");
    }
    if (ctx.match.trim() && linkedCode === null) return tryInvite(ctx, ctx.match.trim());
    await ctx.reply(ctx.t("access-stranger"), { reply_markup: { remove_keyboard: true } });
  });

  // A stranger who types something shaped like an invite code gets it checked.
  privateChat.on("message:text", async (ctx, next) => {
    if (ctx.staff || !normaliseInviteCode(ctx.message.text)) return next();
    await tryInvite(ctx, ctx.message.text);
  });

  return { composer };
}
