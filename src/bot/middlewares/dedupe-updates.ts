// Telegram may deliver an update twice (after a restart or a timeout): handle each update_id once.
// The id is recorded after handling (and the update leaves the inbox), so an update cut short by a crash is
// handled again when it comes back.
import type { MiddlewareFn } from "grammy";
import type { Update } from "grammy/types";
import type { ServiceDeps } from "../../services/deps.ts";
import type { BotContext } from "../context.ts";

/** Updates already recorded as handled with their chat's conversation state (chat-state-storage.ts). */
const markedWithState = new WeakSet<Update>();

export function dedupeUpdates(deps: Pick<ServiceDeps, "db" | "logger">): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const updateId = BigInt(ctx.update.update_id);
    const seen = await deps.db.processedUpdate.findUnique({ where: { updateId } });
    if (seen) {
      await deps.db.inboxUpdate.deleteMany({ where: { updateId } });
      deps.logger.debug({ updateId: ctx.update.update_id }, "update already handled: passed over");
      return;
    }
    await next();
    if (!markedWithState.has(ctx.update)) await deps.db.$transaction(handledMark(deps, ctx.update.update_id));
    // With several instances, says which one handled an update.
    deps.logger.debug({ updateId: ctx.update.update_id }, "update handled");
  };
}

/** The writes that record an update as handled; conversation state is saved in the same transaction as them. */
export function handledMark(deps: Pick<ServiceDeps, "db">, updateId: number) {
  const id = BigInt(updateId);
  return [
    deps.db.processedUpdate.upsert({ where: { updateId: id }, create: { updateId: id }, update: {} }),
    deps.db.inboxUpdate.deleteMany({ where: { updateId: id } }),
  ];
}

/** Notes that the update's handled mark is written (with the state): the middleware need not write it again. */
export function markedHandled(update: Update): void {
  markedWithState.add(update);
}
