// A durable inbox for updates. With long polling the runner confirms an update to Telegram (by asking for the next
// ones) before handling has finished; with a webhook Telegram takes the HTTP 200 as delivery. Either way a crash
// could lose the update, so it is stored first: each fetched batch before the next poll, each webhook update before
// the 200. After a restart, whatever was stored but not handled is handled before new updates are taken; with a
// webhook shared by several instances, by whichever handles that chat next (chat-turns.ts).
// Handled updates leave the inbox (dedupe-updates).
import type { Bot, Transformer } from "grammy";
import type { Update } from "grammy/types";
import { isUniqueViolation } from "../db/errors.ts";
import type { ServiceDeps } from "../services/deps.ts";
import type { BotContext } from "./context.ts";

type InboxDeps = Pick<ServiceDeps, "db" | "cipher">;

/** Stores updates in the inbox, encrypted (they hold what people typed); an update stored twice is stored once. */
export async function storeUpdates(deps: InboxDeps, updates: readonly Update[]): Promise<void> {
  if (updates.length === 0) return;
  const store = () =>
    deps.db.$transaction(
      updates.map((update) =>
        deps.db.inboxUpdate.upsert({
          where: { updateId: BigInt(update.update_id) },
          create: {
            updateId: BigInt(update.update_id),
            payloadEnc: deps.cipher.encrypt(JSON.stringify(update), "InboxUpdate.payloadEnc", update.update_id),
            chatKey: chatOf(update),
          },
          update: {},
        }),
      ),
    );
  try {
    await store();
  } catch (error) {
    // Two instances storing the same update at once (a redelivery): one insert wins, the other finds its row now.
    if (!isUniqueViolation(error)) throw error;
    await store();
  }
}

/** The chat whose updates must be handled in order: the chat's id, else the sender's (as the bot's sequentialize). */
export function chatOf(update: Update): string {
  const message = update.message ?? update.edited_message ?? update.callback_query?.message ?? update.my_chat_member;
  const sender = update.message ?? update.edited_message ?? update.callback_query ?? update.my_chat_member;
  return String(message?.chat.id ?? sender?.from?.id ?? `update:${update.update_id}`);
}

function opened(deps: InboxDeps, row: { updateId: bigint; payloadEnc: string }): Update {
  return JSON.parse(deps.cipher.decrypt(row.payloadEnc, "InboxUpdate.payloadEnc", row.updateId)) as Update;
}

/** The chats with updates in the inbox; rows stored before chats were recorded get theirs now. */
export async function pendingChats(deps: InboxDeps): Promise<string[]> {
  const rows = await deps.db.inboxUpdate.findMany({ select: { updateId: true, chatKey: true } });
  const chats = new Set<string>();
  for (const row of rows) {
    let chat = row.chatKey;
    if (chat === null) {
      const stored = await deps.db.inboxUpdate.findUnique({ where: { updateId: row.updateId } });
      if (!stored) continue;
      chat = chatOf(opened(deps, stored));
      await deps.db.inboxUpdate.updateMany({ where: { updateId: row.updateId }, data: { chatKey: chat } });
    }
    chats.add(chat);
  }
  return [...chats];
}

/** One chat's updates in the inbox, oldest first. */
export async function storedUpdatesOf(deps: InboxDeps, chat: string): Promise<Update[]> {
  const rows = await deps.db.inboxUpdate.findMany({ where: { chatKey: chat }, orderBy: { updateId: "asc" } });
  return rows.map((row) => opened(deps, row));
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
  for (const row of leftovers) await bot.handleUpdate(opened(deps, row));
  return leftovers.length;
}
