// Protected discharges (dimissione protetta): /dimissioni lists the releases the user prepares; the button of a notice
// or a reminder opens one checklist.
import { Composer } from "grammy";
import { OPEN_RELEASE } from "../../../services/release.ts";
import type { BotContext } from "../../context.ts";
import { enterFromButton } from "../../flows/buttons.ts";
import type { Feature } from "../types.ts";
import { RELEASE_FLOW, releaseFlow } from "./checklist-flow.ts";

export function releaseFeature(): Feature {
  const composer = new Composer<BotContext>();
  composer.command(["dimissioni", "releases"], (ctx) => ctx.conversation.enter(RELEASE_FLOW));
  composer.callbackQuery(OPEN_RELEASE, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterFromButton(ctx, RELEASE_FLOW, ctx.match[1] as string);
  });
  return { composer, flows: [{ id: RELEASE_FLOW, run: releaseFlow }] };
}
