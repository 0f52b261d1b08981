// Buttons that open or reopen flows from outside them (alerts, reminders, stale prompts of an interrupted run).
import { Composer } from "grammy";
import type { ServiceDeps } from "../../services/deps.ts";
import { createChatStateStorage } from "../chat-state-storage.ts";
import type { BotContext } from "../context.ts";
import { DRAFTS, type DraftRecord } from "./kit.ts";

/**
 * Enters a flow from a button. Buttons outside flows reach handlers even while another flow waits for an answer;
 * that flow is closed first (its draft is kept and offered again next time).
 */
export async function enterFromButton(ctx: BotContext, flowId: string, ...args: string[]): Promise<void> {
  await ctx.conversation.exitAll();
  await ctx.conversation.enter(flowId, ...args);
}

/**
 * A button of a flow run that timed out (or was cut by a restart) reaches the handlers after the flows: if a draft
 * saved by that run is still kept, the user is told the button expired and the flow is opened to offer the draft.
 */
export function resumeDraftOnStaleTap(deps: ServiceDeps, flowIds: readonly string[]): Composer<BotContext> {
  const drafts = createChatStateStorage<DraftRecord<unknown>>(deps, DRAFTS);
  const composer = new Composer<BotContext>();
  composer.callbackQuery(/^f:([a-z0-9]+):/, async (ctx, next) => {
    for (const flowId of flowIds) {
      const draft = await drafts.read(`${ctx.from.id}:${flowId}`);
      if (draft && draft.step > 0 && draft.runId === ctx.match[1]) {
        await ctx.answerCallbackQuery({ text: ctx.t("flow-button-expired") });
        await enterFromButton(ctx, flowId);
        return;
      }
    }
    await next();
  });
  return composer;
}
