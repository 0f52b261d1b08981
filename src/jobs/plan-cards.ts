// Plan cards do not linger in chats: each card or page sent is remembered, and after PLAN_CARD_TTL_HOURS (0 = off)
// this job deletes it from the chat. Independent of the outbox; the records live in ChatState, keyed per message.
import { GrammyError, type Api } from "grammy";
import type { ServiceDeps } from "../services/deps.ts";
import type { Job, JobEnv } from "./scheduler.ts";

const KEY_PREFIX = "plan-card:";
// Telegram refuses to delete messages older than 48 hours: records past that age are only forgotten.
const FORGET_AFTER_MS = 48 * 3600_000;

interface CardRecord {
  chatId: number;
  messageId: number;
  sentAt: number;
}

export async function rememberPlanCard(
  deps: Pick<ServiceDeps, "db" | "cipher">,
  chatId: number,
  messageId: number,
  sentAt: Date,
): Promise<void> {
  const key = `${KEY_PREFIX}${chatId}:${messageId}`;
  const record: CardRecord = { chatId, messageId, sentAt: sentAt.getTime() };
  const valueEnc = deps.cipher.encrypt(JSON.stringify(record), "ChatState.valueEnc", key);
  await deps.db.chatState.upsert({ where: { key }, create: { key, valueEnc }, update: { valueEnc } });
}

/** Deletes the cards older than the TTL; returns how many messages were deleted. */
export async function deleteExpiredPlanCards(deps: ServiceDeps, api: Api, ttlHours: number): Promise<number> {
  const now = deps.clock().getTime();
  const rows = await deps.db.chatState.findMany({ where: { key: { startsWith: KEY_PREFIX } } });
  let deleted = 0;
  for (const row of rows) {
    const card = JSON.parse(deps.cipher.decrypt(row.valueEnc, "ChatState.valueEnc", row.key)) as CardRecord;
    const age = now - card.sentAt;
    const expired = ttlHours > 0 && age >= ttlHours * 3600_000;
    if (!expired && age < FORGET_AFTER_MS) continue;
    if (expired && age < FORGET_AFTER_MS) {
      try {
        await api.deleteMessage(card.chatId, card.messageId);
        deleted++;
      } catch (error) {
        // 400: already deleted by the user. Anything else (network, 429): keep the record and try at the next run.
        if (!(error instanceof GrammyError && error.error_code === 400)) {
          deps.logger.warn({ error: String(error) }, "could not delete a plan card");
          continue;
        }
      }
    }
    await deps.db.chatState.deleteMany({ where: { key: row.key } });
  }
  return deleted;
}

export function planCardsJob(env: JobEnv): Job {
  return {
    name: "plan-cards",
    everyMs: 5 * 60_000,
    run: () => deleteExpiredPlanCards(env.deps, env.api, env.config.PLAN_CARD_TTL_HOURS),
  };
}
