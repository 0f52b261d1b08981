// Staff who block the bot (my_chat_member "kicked") are marked unreachable: /staff and the digest show it and alerts
// for their sites go to others. Starting it again, or simply writing to it, makes them reachable again.
import type { MiddlewareFn } from "grammy";
import type { ServiceDeps } from "../../services/deps.ts";
import { setUnreachable } from "../../services/staff.ts";
import type { BotContext } from "../context.ts";

export function trackReachability(deps: ServiceDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const staff = ctx.staff;
    const change = ctx.myChatMember;
    if (staff && change) {
      // Handled here, before any flow: a flow waiting for an answer must not swallow it.
      if (change.chat.type !== "private") return;
      const status = change.new_chat_member.status;
      if (status === "kicked" || status === "member") {
        const changed = await setUnreachable(deps, staff.id, status === "kicked");
        if (changed)
          deps.logger.info({ staffId: staff.id, blocked: status === "kicked" }, "staff reachability changed");
      }
      return;
    }
    if (staff?.unreachableSince && (ctx.message || ctx.callbackQuery)) {
      await setUnreachable(deps, staff.id, false);
      staff.unreachableSince = null;
    }
    await next();
  };
}
