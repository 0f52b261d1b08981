// Digest fan-out through the outbox against an emulator that enforces Telegram's 30 messages/s with 429s.
import type { ServiceDeps } from "../src/services/deps.ts";
import { createOutboxApi, createOutboxWorker } from "../src/jobs/outbox.ts";
import { enqueueDelivery } from "../src/services/deliveries.ts";
import { startBotApiEmulator } from "../src/local/bot-api-emulator.ts";

export const TELEGRAM_LIMIT_PER_SECOND = 30;

export interface FanoutResult {
  recipients: number;
  seconds: number;
  messagesPerSecond: number;
  rateRatio: number;
  lost: number;
  duplicated: number;
  rateLimited: number;
}

export async function measureFanout(deps: ServiceDeps, recipients = 500): Promise<FanoutResult> {
  const emulator = await startBotApiEmulator();
  const sentAt: number[] = [];
  let rateLimited = 0;
  // Like Telegram: more than 30 messages in the last second gets a 429 with retry_after.
  emulator.faults = (call) => {
    if (call.method !== "sendMessage") return null;
    const windowStart = call.at - 1000;
    while (sentAt.length > 0 && (sentAt[0] as number) < windowStart) sentAt.shift();
    if (sentAt.length >= TELEGRAM_LIMIT_PER_SECOND) {
      rateLimited++;
      return { status: 429, retryAfter: 1 };
    }
    sentAt.push(call.at);
    return null;
  };
  const staffIds: number[] = [];
  await deps.db.$transaction(async (tx) => {
    for (let i = 0; i < recipients; i++) {
      const staff = await tx.staff.create({
        data: { telegramId: BigInt(900_000_000 + i), displayName: `Destinatario ${i}` },
      });
      staffIds.push(staff.id);
    }
  });
  const now = new Date();
  for (const id of staffIds) {
    await enqueueDelivery(
      deps.db,
      deps.cipher,
      {
        dedupeKey: `bench-digest:${id}`,
        kind: "digest",
        recipientId: id,
        message: { text: "Riepilogo settimanale: 12 sessioni, 34 ore di attività, 2 eventi critici." },
      },
      now,
    );
  }
  const worker = createOutboxWorker({ ...deps, clock: () => new Date() }, createOutboxApi("1:bench", emulator.apiRoot));
  const started = performance.now();
  await worker.drain();
  while ((await deps.db.delivery.count({ where: { status: "pending" } })) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await worker.drain();
  }
  const seconds = (performance.now() - started) / 1000;
  // Count what the emulator accepted (rejected 429s are not stored), before stopping it clears its storage.
  const accepted = emulator.server.storage.botMessages.length;
  const perChat = new Map<string, number>();
  for (const message of emulator.server.storage.botMessages) {
    const chat = String((message.message as { chat_id: unknown }).chat_id);
    perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
  }
  await emulator.stop();
  const lost = staffIds.length - perChat.size;
  const duplicated = [...perChat.values()].reduce((sum, count) => sum + (count - 1), 0);
  const messagesPerSecond = accepted / seconds;
  return {
    recipients,
    seconds,
    messagesPerSecond,
    rateRatio: messagesPerSecond / TELEGRAM_LIMIT_PER_SECOND,
    lost,
    duplicated,
    rateLimited,
  };
}
