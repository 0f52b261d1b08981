// Loads the sender's staff record for every update, so a deactivation takes effect on the very next tap.
import type { MiddlewareFn } from "grammy";
import type { ServiceDeps } from "../../services/deps.ts";
import { findStaffByTelegramId } from "../../services/staff.ts";
import { withdrawStaffCommands } from "../command-menu.ts";
import type { BotContext } from "../context.ts";

export function identify(deps: ServiceDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const staff = ctx.from ? await findStaffByTelegramId(deps, ctx.from.id) : null;
    ctx.staff = staff?.active ? staff : null;
    // Deactivated elsewhere (the CLI): their chat's command menu goes back to the newcomers' one now.
    if (staff && !staff.active && staff.commandMenu !== null) await withdrawStaffCommands(ctx.api, deps, staff);
    await next();
  };
}
