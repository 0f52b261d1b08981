// Protected discharges (dimissione protetta): /dimissioni lists the releases the user prepares; the button of a notice
// or a reminder opens one checklist; "Accept" on a handover card accepts the case for the receiving site.
import { Composer } from "grammy";
import { ACCEPT_HANDOVER } from "../../../services/handover.ts";
import { OPEN_RELEASE } from "../../../services/release.ts";
import type { BotContext } from "../../context.ts";
import { enterFromButton } from "../../flows/buttons.ts";
import type { Feature } from "../types.ts";
import { RELEASE_FLOW, releaseFlow } from "./checklist-flow.ts";
import { HANDOVER_FLOW, handoverFlow } from "./handover-flow.ts";

export function releaseFeature(): Feature {
  const composer = new Composer<BotContext>();
  composer.command(["dimissioni", "releases"], (ctx) => ctx.conversation.enter(RELEASE_FLOW));
  composer.callbackQuery(OPEN_RELEASE, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterFromButton(ctx, RELEASE_FLOW, ctx.match[1] as string);
  });
  composer.callbackQuery(ACCEPT_HANDOVER, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterFromButton(ctx, HANDOVER_FLOW, ctx.match[1] as string);
  });
  return {
    composer,
    flows: [
      { id: RELEASE_FLOW, run: releaseFlow },
      { id: HANDOVER_FLOW, run: handoverFlow },
    ],
  };
}
