// Conversation state in the database, encrypted (it holds what users typed), so a restart loses nothing.
import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import type { ServiceDeps } from "../services/deps.ts";

export interface KeyValueStorage<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createChatStateStorage<T>(deps: Pick<ServiceDeps, "db" | "cipher">, prefix: string): KeyValueStorage<T> {
  const fullKey = (key: string) => `${prefix}:${key}`;
  return {
    async read(key) {
      const row = await deps.db.chatState.findUnique({ where: { key: fullKey(key) } });
      return row ? (JSON.parse(deps.cipher.decrypt(row.valueEnc)) as T) : undefined;
    },
    async write(key, value) {
      const valueEnc = deps.cipher.encrypt(JSON.stringify(value));
      await deps.db.chatState.upsert({ where: { key: fullKey(key) }, create: { key: fullKey(key), valueEnc }, update: { valueEnc } });
    },
    async delete(key) {
      await deps.db.chatState.deleteMany({ where: { key: fullKey(key) } });
    },
  };
}

export type ConversationStateStorage = KeyValueStorage<VersionedState<ConversationData>>;
