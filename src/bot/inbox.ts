// A durable inbox for updates. The runner confirms an update to Telegram (by asking for the next ones) before
// handling has finished, so a crash could lose it. Each fetched batch is stored first; after a restart, whatever
// was stored but not handled is handled before polling resumes. Handled updates leave the inbox (dedupe-updates).
import type { Bot, Transformer } from "grammy";
import type { Update } from "grammy/types";
import type { ServiceDeps } from "../services/deps.ts";
import type { BotContext } from "./context.ts";

export function storeFetchedUpdates(deps: Pick<ServiceDeps, "db" | "cipher">): Transformer {
  return async (previous, method, payload, signal) => {
    const response = await previous(method, payload, signal);
    if (method === "getUpdates" && response.ok) {
      const updates = response.result as Update[];
      if (updates.length > 0) {
        await deps.db.$transaction(
          updates.map((update) =>
            deps.db.inboxUpdate.upsert({
              where: { updateId: BigInt(update.update_id) },
              create: { updateId: BigInt(update.update_id), payloadEnc: deps.cipher.encrypt(JSON.stringify(update)) },
              update: {},
            }),
          ),
        );
      }
    }
    return response;
  };
}

/** Handles, in order, the updates a previous process stored but did not finish. Returns how many. */
export async function handleLeftoverUpdates(
  bot: Bot<BotContext>,
  deps: Pick<ServiceDeps, "db" | "cipher">,
): Promise<number> {
  const leftovers = await deps.db.inboxUpdate.findMany({ orderBy: { updateId: "asc" } });
  for (const row of leftovers) {
    const update = JSON.parse(deps.cipher.decrypt(row.payloadEnc)) as Update;
    await bot.handleUpdate(update);
  }
  return leftovers.length;
}
