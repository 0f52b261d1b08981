// Outbox worker: alerts, digests and reminders are queued in the database first (services/deliveries.ts), then
// delivered here, one API call per delivery, paced like Telegram wants (jobs/pacing.ts): about 28 calls per second
// overall, one message per second per chat, a 429 holding its chat (or everything, for a flood wait of the whole bot)
// for Telegram's retry_after. 5xx and network errors are retried with backoff; 403 (bot blocked) is a failure, and
// marks the recipient unreachable.
// A chat's deliveries go out in the order they were queued, and one queued "after" another waits until that one is
// settled (a digest's text after its chart). A chart already uploaded goes to its other recipients by the file_id
// Telegram gave for it (photo-sender.ts).
//
// Delivery is at least once: a dedupe key per logical message means a restart or a second instance never queues or
// sends one twice on purpose, but Telegram can deliver a message and still time out, and that message is sent again.
import { Api, GrammyError, HttpError, InputFile } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { runAlone, runIfAbandoned } from "../db/locks.ts";
import { describeError } from "../logger.ts";
import { createMetrics, type Metrics } from "../metrics.ts";
import type { OutgoingMessage } from "../services/deliveries.ts";
import type { ServiceDeps } from "../services/deps.ts";
import { setUnreachable } from "../services/staff.ts";
import { type PacingLimits, SendPacer, TELEGRAM_LIMITS } from "./pacing.ts";
import { createPhotoSender } from "./photo-sender.ts";

/**
 * The outbox's own Bot API client: no auto-retry (the worker handles 429 and retries itself, without blocking)
 * and a short timeout, so a hung request becomes a retry instead of stalling every delivery.
 */
export function createOutboxApi(token: string, apiRoot: string, timeoutSeconds = 20): Api {
  return new Api(token, { apiRoot, timeoutSeconds });
}

const MAX_ATTEMPTS = 12;
const STALE_SENDING_MS = 2 * 60_000;
/** The runAlone work an instance holds while it claims and sends a delivery. */
const claimName = (id: number) => `delivery:${id}`;
/** A drain waits this long at most for a chat's gap or hold to pass; longer waits are left to the next drain. */
const MAX_INLINE_WAIT_MS = 2_000;

export interface OutboxWorkerOptions {
  /** Telegram's limits (default: 28 calls per second, one message per second per chat). */
  limits?: PacingLimits;
  batchSize?: number;
  /** Waits between calls; pacing reads deps.clock, so a test's sleep can simply move its clock on. */
  sleep?: (ms: number) => Promise<void>;
  /** Counts deliveries sent, failed, retried and rate-limited (default: a registry of its own). */
  metrics?: Metrics;
}

export interface OutboxWorker {
  /** Sends every due message; resolves when none is left due. Returns how many were sent. */
  drain(): Promise<number>;
  /** Asks for a drain soon (e.g. right after an alert is queued). */
  kick(): void;
  /** Resolves when the worker is idle (no drain running or scheduled). */
  idle(): Promise<void>;
  stop(): void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Outcome = "sent" | "retry" | "failed" | "skipped";

export function createOutboxWorker(deps: ServiceDeps, api: Api, options: OutboxWorkerOptions = {}): OutboxWorker {
  const { db, cipher, clock, logger } = deps;
  const pacer = new SendPacer(options.limits ?? TELEGRAM_LIMITS);
  const batchSize = options.batchSize ?? 200;
  const sleep = options.sleep ?? realSleep;
  const now = () => clock().getTime();
  const metrics = options.metrics ?? createMetrics();
  const sendPhoto = createPhotoSender(api);
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  const send = async (chatId: number, message: OutgoingMessage): Promise<number> => {
    if (message.photo) return sendPhoto(chatId, message.photo);
    if (message.document) {
      const file = new InputFile(Buffer.from(message.document.base64, "base64"), message.document.filename);
      return (await api.sendDocument(chatId, file)).message_id;
    }
    const reply_markup = message.buttons
      ? {
          inline_keyboard: message.buttons.map((row) =>
            row.map((b): InlineKeyboardButton => ({ text: b.text, callback_data: b.data })),
          ),
        }
      : undefined;
    return (await api.sendMessage(chatId, message.text, { reply_markup })).message_id;
  };

  const deliverOne = async (id: number, chat: string): Promise<Outcome> => {
    // The claim lives as long as this instance does: if it dies mid-send, another takes the message back at once.
    let outcome: Outcome = "skipped";
    await runAlone(db, claimName(id), async () => {
      outcome = await claimAndSend(id, chat);
    });
    return outcome;
  };

  const claimAndSend = async (id: number, chat: string): Promise<Outcome> => {
    // nextAttemptAt doubles as the claim time, so a claim left by a crashed process can be recognised as stale. Each
    // outcome below is written only while the claim holds: a message taken back meanwhile belongs to its new sender.
    const claimed = await db.delivery.updateMany({
      where: { id, status: "pending" },
      data: { status: "sending", nextAttemptAt: clock() },
    });
    if (claimed.count !== 1) return "skipped";
    const row = await db.delivery.findUniqueOrThrow({ where: { id }, include: { recipient: true } });
    if (!row.recipient.active) {
      await db.delivery.updateMany({
        where: { id, status: "sending" },
        data: { status: "failed", lastError: "recipient deactivated", payloadEnc: "" },
      });
      return "failed";
    }
    const message = JSON.parse(cipher.decrypt(row.payloadEnc, "Delivery.payloadEnc", id)) as OutgoingMessage;
    try {
      pacer.called(chat, now());
      const messageId = await send(Number(row.recipient.telegramId), message);
      await db.delivery.updateMany({
        where: { id, status: "sending" },
        // The text is not needed once delivered: keeping it would only keep personal data longer.
        data: {
          status: "sent",
          sentAt: clock(),
          messageId,
          attempts: row.attempts + 1,
          lastError: null,
          payloadEnc: "",
        },
      });
      metrics.deliveries.inc({ kind: row.kind, outcome: "sent" });
      return "sent";
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 429) {
        // Not a failure: the message waits for what Telegram said, without using up an attempt.
        const retryAfterMs = (error.parameters.retry_after ?? 1) * 1000;
        const scope = pacer.rateLimited(chat, retryAfterMs, now());
        await db.delivery.updateMany({
          where: { id, status: "sending" },
          data: { status: "pending", lastError: "429", nextAttemptAt: new Date(clock().getTime() + retryAfterMs) },
        });
        metrics.deliveries.inc({ kind: row.kind, outcome: "rate_limited" });
        if (scope === "global") logger.warn({ retryAfterMs }, "Telegram flood wait: the outbox pauses");
        return "retry";
      }
      const attempts = row.attempts + 1;
      const permanent = error instanceof GrammyError && error.error_code >= 400 && error.error_code < 500;
      if (permanent || attempts >= MAX_ATTEMPTS) {
        const reason =
          error instanceof GrammyError ? `${error.error_code} ${error.description}` : "gave up after retries";
        await db.delivery.updateMany({
          where: { id, status: "sending" },
          data: { status: "failed", attempts, lastError: reason.slice(0, 200), payloadEnc: "" },
        });
        logger.warn({ deliveryId: id, kind: row.kind, reason }, "delivery failed");
        // Telegram says they blocked the bot (the my_chat_member update may predate this version): alerts go to others.
        if (error instanceof GrammyError && error.error_code === 403 && /blocked/i.test(error.description))
          await setUnreachable(deps, row.recipientId, true);
        metrics.deliveries.inc({ kind: row.kind, outcome: "failed" });
        return "failed";
      }
      const backoffMs = Math.min(2 ** attempts * 1000, 10 * 60_000);
      const kind =
        error instanceof HttpError ? "network" : error instanceof GrammyError ? String(error.error_code) : "error";
      await db.delivery.updateMany({
        where: { id, status: "sending" },
        data: {
          status: "pending",
          attempts,
          lastError: kind,
          nextAttemptAt: new Date(clock().getTime() + backoffMs),
        },
      });
      metrics.deliveries.inc({ kind: row.kind, outcome: "retried" });
      return "retry";
    }
  };

  /** Due deliveries in queue order, with their chat, minus those still waiting for the one they follow. */
  const dueDeliveries = async () => {
    const due = await db.delivery.findMany({
      where: { status: "pending", nextAttemptAt: { lte: clock() } },
      orderBy: { id: "asc" },
      select: { id: true, afterKey: true, recipient: { select: { telegramId: true } } },
      take: batchSize,
    });
    const afterKeys = [...new Set(due.flatMap((row) => (row.afterKey ? [row.afterKey] : [])))];
    const unsettled = new Set(
      (
        await db.delivery.findMany({
          where: { dedupeKey: { in: afterKeys }, status: { in: ["pending", "sending"] } },
          select: { dedupeKey: true },
        })
      ).map((row) => row.dedupeKey),
    );
    return due.map((row) => ({
      id: row.id,
      chat: String(row.recipient.telegramId),
      waiting: row.afterKey !== null && unsettled.has(row.afterKey),
    }));
  };

  const drainOnce = async (): Promise<number> => {
    let sent = 0;
    // Messages claimed by an instance that died go back to the queue: at once where the database can tell (its claim
    // went with it, on PostgreSQL), otherwise once the claim is STALE_SENDING_MS old (a crashed process on SQLite).
    for (const { id } of await db.delivery.findMany({ where: { status: "sending" }, select: { id: true } })) {
      await runIfAbandoned(db, claimName(id), () =>
        db.delivery.updateMany({ where: { id, status: "sending" }, data: { status: "pending" } }),
      );
    }
    await db.delivery.updateMany({
      where: { status: "sending", nextAttemptAt: { lt: new Date(clock().getTime() - STALE_SENDING_MS) } },
      data: { status: "pending" },
    });
    let waited = false;
    for (;;) {
      if (stopped) return sent;
      const due = await dueDeliveries();
      if (due.length === 0) return sent;
      let progressed = false;
      let soonestMs = Number.POSITIVE_INFINITY;
      // A chat whose earlier delivery cannot go yet gets none of its later ones in this round: queue order holds.
      const heldBack = new Set<string>();
      for (const { id, chat, waiting } of due) {
        if (stopped) return sent;
        if (heldBack.has(chat)) continue;
        const chatWait = waiting ? Number.POSITIVE_INFINITY : pacer.chatWait(chat, now());
        if (chatWait > 0) {
          heldBack.add(chat);
          soonestMs = Math.min(soonestMs, chatWait);
          continue;
        }
        const globalWait = pacer.globalWait(now());
        if (globalWait > 0) await sleep(globalWait);
        const outcome = await deliverOne(id, chat);
        if (outcome === "sent") sent++;
        if (outcome !== "skipped") progressed = true;
        // After a send (or a 429) this chat waits for its gap: its next delivery is for a later round.
        heldBack.add(chat);
      }
      pacer.prune(now());
      if (progressed) {
        waited = false;
        continue;
      }
      // Nothing could go: wait once for the soonest chat if that is short, else leave it to the next drain.
      if (waited || soonestMs > MAX_INLINE_WAIT_MS) return sent;
      await sleep(soonestMs);
      waited = true;
    }
  };

  const drain = async (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await drainOnce();
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    drain,
    kick() {
      void drain().catch((error: unknown) => logger.error({ error: describeError(error) }, "outbox drain failed"));
    },
    async idle() {
      while (running) await running.catch(() => undefined);
    },
    stop() {
      stopped = true;
    },
  };
}
