// Exactly-once service calls from flows. A conversation's progress is saved after each update, so a crash just
// after a service committed would replay the call. The journal is written in the same transaction as the
// service's own writes, and a replayed call finds it and returns the recorded result instead of writing again.
import type { Db } from "../../db/client.ts";
import type { ServiceDeps } from "../../services/deps.ts";

const PREFIX = "call";

export function journalKey(parts: (string | number)[]): string {
  return [PREFIX, ...parts].join(":");
}

/** `committed` is written with the service's writes; `value` (the service's result) right after it returns. */
export type JournalEntry = { committed: true; value?: unknown };

export async function readJournal(deps: ServiceDeps, key: string): Promise<JournalEntry | null> {
  const row = await deps.db.chatState.findUnique({ where: { key } });
  return row ? (JSON.parse(deps.cipher.decrypt(row.valueEnc, "ChatState.valueEnc", key)) as JournalEntry) : null;
}

export async function writeJournal(deps: ServiceDeps, key: string, entry: JournalEntry): Promise<void> {
  const valueEnc = deps.cipher.encrypt(JSON.stringify(entry), "ChatState.valueEnc", key);
  await deps.db.chatState.upsert({ where: { key }, create: { key, valueEnc }, update: { valueEnc } });
}

/** Deps whose interactive transactions also record that `key` committed (one transaction per use case). */
export function journaledDeps(deps: ServiceDeps, key: string): ServiceDeps {
  const db = new Proxy(deps.db, {
    get(target, property, receiver) {
      if (property !== "$transaction") return Reflect.get(target, property, receiver);
      return (work: unknown, options?: unknown) => {
        if (typeof work !== "function") return target.$transaction(work as never, options as never);
        return target.$transaction(async (tx) => {
          const result = await (work as (tx: unknown) => Promise<unknown>)(tx);
          const committed = JSON.stringify({ committed: true } satisfies JournalEntry);
          const valueEnc = deps.cipher.encrypt(committed, "ChatState.valueEnc", key);
          await tx.chatState.upsert({ where: { key }, create: { key, valueEnc }, update: { valueEnc } });
          return result;
        }, options as never);
      };
    },
  }) as Db;
  return { ...deps, db };
}

/** Journal entries are only needed while a crash could replay them: a week is plenty. */
export async function pruneJournal(deps: ServiceDeps, olderThan: Date): Promise<number> {
  const { count } = await deps.db.chatState.deleteMany({
    where: { key: { startsWith: `${PREFIX}:` }, updatedAt: { lt: olderThan } },
  });
  return count;
}
