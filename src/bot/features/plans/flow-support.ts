// Small helpers shared by the plan flows.
import type { Actor } from "../../../domain/permissions.ts";
import { rememberPlanCard } from "../../../jobs/plan-cards.ts";
import type { FlowKit } from "../../flows/kit.ts";
import type { PlanReply } from "./render.ts";

/** The user as a permission actor, read once per run (deactivation is re-checked by every service call). */
export async function currentActor(kit: FlowKit): Promise<Actor | null> {
  const staff = await kit.staff();
  return staff?.active ? staff.actor : null;
}

/** Sends the closing message of a flow; plan content is remembered for deletion after the configured hours. */
export async function sendPlanReply(kit: FlowKit, reply: PlanReply): Promise<void> {
  const sent = await kit.ctx.reply(reply.text, { reply_markup: reply.keyboard });
  if (reply.holdsPlan) {
    await kit.conversation.external(() => rememberPlanCard(kit.deps, sent.chat.id, sent.message_id, kit.deps.clock()));
  }
}
