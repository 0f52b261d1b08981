// Protected discharges (dimissione protetta): /dimissioni lists the releases the user prepares; the button of a notice
// or a reminder opens one checklist; "Accept" on a handover card accepts the case for the receiving site; the button of
// the 7-day alert records a first contact made outside Ponte.
import { Composer } from "grammy";
import { RECORD_FIRST_CONTACT } from "../../../services/first-contact.ts";
import { ACCEPT_HANDOVER } from "../../../services/handover.ts";
import { OPEN_RELEASE } from "../../../services/release.ts";
import type { BotContext } from "../../context.ts";
import { enterFromButton } from "../../flows/buttons.ts";
import type { Feature } from "../types.ts";
import { RELEASE_FLOW, releaseFlow } from "./checklist-flow.ts";
import { FIRST_CONTACT_FLOW, firstContactFlow } from "./first-contact-flow.ts";
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
  composer.callbackQuery(RECORD_FIRST_CONTACT, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterFromButton(ctx, FIRST_CONTACT_FLOW, ctx.match[1] as string);
  });
  return {
    composer,
    flows: [
      { id: RELEASE_FLOW, run: releaseFlow },
      { id: HANDOVER_FLOW, run: handoverFlow },
      { id: FIRST_CONTACT_FLOW, run: firstContactFlow },
    ],
  };
}
