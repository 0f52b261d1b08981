// Group attendance (/presenze, the 📋 menu button, reminder buttons) and activity management for coordinators (/laboratori).
import { Composer } from "grammy";
import type { BotContext } from "../../context.ts";
import { enterFromButton } from "../../flows/buttons.ts";
import { menuLabels } from "../../menu.ts";
import type { Feature, FeatureEnv } from "../types.ts";
import { ACTIVITIES_FLOW, activitiesFlow } from "./activities-flow.ts";
import { ATTENDANCE_FLOW, attendanceFlow } from "./attendance-flow.ts";
import { OPEN_ROSTER } from "./callbacks.ts";

export function attendanceFeature({ i18n }: FeatureEnv): Feature {
  const composer = new Composer<BotContext>();
  const start = (ctx: BotContext) => ctx.conversation.enter(ATTENDANCE_FLOW);
  composer.command(["presenze", "attendance"], start);
  composer.hears(menuLabels(i18n, "menu-attendance"), start);
  composer.command(["laboratori", "activities"], (ctx) => ctx.conversation.enter(ACTIVITIES_FLOW));
  composer.callbackQuery(OPEN_ROSTER, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterFromButton(ctx, ATTENDANCE_FLOW, ctx.match[1] as string, ctx.match[2] as string);
  });
  return {
    composer,
    flows: [
      { id: ATTENDANCE_FLOW, run: attendanceFlow },
      { id: ACTIVITIES_FLOW, run: activitiesFlow },
    ],
  };
}
