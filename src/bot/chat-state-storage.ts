// Conversation state in the database, encrypted (it holds what users typed), so a restart loses nothing.
import type { ConversationData, VersionedState, VersionedStateStorage } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { ServiceDeps } from "../services/deps.ts";
import { handledMark, markedHandled } from "./middlewares/dedupe-updates.ts";

export interface KeyValueStorage<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every key that starts with `start`; returns how many there were. */
  deleteStartingWith(start: string): Promise<number>;
}

export function createChatStateStorage<T>(
  deps: Pick<ServiceDeps, "db" | "cipher">,
  prefix: string,
): KeyValueStorage<T> {
  const fullKey = (key: string) => `${prefix}:${key}`;
  return {
    async read(key) {
      const row = await deps.db.chatState.findUnique({ where: { key: fullKey(key) } });
      return row ? (JSON.parse(deps.cipher.decrypt(row.valueEnc, "ChatState.valueEnc", row.key)) as T) : undefined;
    },
    async write(key, value) {
      const valueEnc = deps.cipher.encrypt(JSON.stringify(value), "ChatState.valueEnc", fullKey(key));
      await deps.db.chatState.upsert({
        where: { key: fullKey(key) },
        create: { key: fullKey(key), valueEnc },
        update: { valueEnc },
      });
    },
    async delete(key) {
      await deps.db.chatState.deleteMany({ where: { key: fullKey(key) } });
    },
    async deleteStartingWith(start) {
      const { count } = await deps.db.chatState.deleteMany({ where: { key: { startsWith: fullKey(start) } } });
      return count;
    },
  };
}

export type ConversationStateStorage = VersionedStateStorage<Context, ConversationData>;

/**
 * Conversation state per chat (key "conversation:<chat id>"), saved in one transaction with the mark that the update
 * was handled. Saved apart, a crash between the two would hand the update to the flow again after the restart, where
 * it would answer the next question: a first name taken as the family name, a roster tap counted twice.
 */
export function createConversationStorage(deps: Pick<ServiceDeps, "db" | "cipher">): ConversationStateStorage {
  const keyOf = (ctx: Context) => (ctx.chatId === undefined ? undefined : `conversation:${ctx.chatId}`);
  return {
    async read(ctx) {
      const key = keyOf(ctx);
      const row = key === undefined ? null : await deps.db.chatState.findUnique({ where: { key } });
      if (!row) return undefined;
      return JSON.parse(
        deps.cipher.decrypt(row.valueEnc, "ChatState.valueEnc", row.key),
      ) as VersionedState<ConversationData>;
    },
    async write(ctx, value) {
      const key = keyOf(ctx);
      if (key === undefined) return;
      const valueEnc = deps.cipher.encrypt(JSON.stringify(value), "ChatState.valueEnc", key);
      await deps.db.$transaction([
        deps.db.chatState.upsert({ where: { key }, create: { key, valueEnc }, update: { valueEnc } }),
        ...handledMark(deps, ctx.update.update_id),
      ]);
      markedHandled(ctx.update);
    },
    async delete(ctx) {
      const key = keyOf(ctx);
      if (key === undefined) return;
      await deps.db.$transaction([
        deps.db.chatState.deleteMany({ where: { key } }),
        ...handledMark(deps, ctx.update.update_id),
      ]);
      markedHandled(ctx.update);
    },
  };
}
