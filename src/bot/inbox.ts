// A durable inbox for updates. With long polling the runner confirms an update to Telegram (by asking for the next
// ones) before handling has finished; with a webhook Telegram takes the HTTP 200 as delivery. Either way a crash
// could lose the update, so it is stored first: each fetched batch before the next poll, each webhook update before
// the 200. After a restart, whatever was stored but not handled is handled before new updates are taken.
// Handled updates leave the inbox (dedupe-updates).
import type { Bot, Transformer } from "grammy";
import type { Update } from "grammy/types";
import type { ServiceDeps } from "../services/deps.ts";
import type { BotContext } from "./context.ts";

type InboxDeps = Pick<ServiceDeps, "db" | "cipher">;

/** Stores updates in the inbox, encrypted (they hold what people typed); an update stored twice is stored once. */
export async function storeUpdates(deps: InboxDeps, updates: readonly Update[]): Promise<void> {
  if (updates.length === 0) return;
  await deps.db.$transaction(
    updates.map((update) =>
      deps.db.inboxUpdate.upsert({
        where: { updateId: BigInt(update.update_id) },
        create: {
          updateId: BigInt(update.update_id),
          payloadEnc: deps.cipher.encrypt(JSON.stringify(update), "InboxUpdate.payloadEnc", update.update_id),
        },
        update: {},
      }),
    ),
  );
}

/** Long polling: every fetched batch goes to the inbox before the runner sees it. */
export function storeFetchedUpdates(deps: InboxDeps): Transformer {
  return async (previous, method, payload, signal) => {
    const response = await previous(method, payload, signal);
    if (method === "getUpdates" && response.ok) await storeUpdates(deps, response.result as Update[]);
    return response;
  };
}

/** Handles, in order, the updates a previous process stored but did not finish. Returns how many. */
export async function handleLeftoverUpdates(bot: Bot<BotContext>, deps: InboxDeps): Promise<number> {
  const leftovers = await deps.db.inboxUpdate.findMany({ orderBy: { updateId: "asc" } });
  for (const row of leftovers) {
    const update = JSON.parse(deps.cipher.decrypt(row.payloadEnc, "InboxUpdate.payloadEnc", row.updateId)) as Update;
    await bot.handleUpdate(update);
  }
  return leftovers.length;
}
