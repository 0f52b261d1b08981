// Outbox worker: alerts, digests and reminders are queued in the database first (services/deliveries.ts), then
// delivered here, honouring 429 retry_after, retrying 5xx and network errors with backoff, and recording 403 (bot
// blocked) as a failure.
// A dedupe key per logical message means a restart or a second instance neither loses nor repeats one.
import { Api, GrammyError, HttpError, InputFile } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { OutgoingMessage } from "../services/deliveries.ts";
import type { ServiceDeps } from "../services/deps.ts";
import { describeError } from "../logger.ts";
import { createMetrics, type Metrics } from "../metrics.ts";

/**
 * The outbox's own Bot API client: no auto-retry (the worker handles 429 and retries itself, without blocking)
 * and a short timeout, so a hung request becomes a retry instead of stalling every delivery.
 */
export function createOutboxApi(token: string, apiRoot: string, timeoutSeconds = 20): Api {
  return new Api(token, { apiRoot, timeoutSeconds });
}

const MAX_ATTEMPTS = 12;
const STALE_SENDING_MS = 2 * 60_000;

export interface OutboxWorkerOptions {
  /** Upper bound on messages per second (Telegram allows about 30 overall). */
  ratePerSecond?: number;
  batchSize?: number;
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

export function createOutboxWorker(deps: ServiceDeps, api: Api, options: OutboxWorkerOptions = {}): OutboxWorker {
  const { db, cipher, clock, logger } = deps;
  const minGapMs = 1000 / (options.ratePerSecond ?? 28);
  const batchSize = options.batchSize ?? 50;
  const sleep = options.sleep ?? realSleep;
  const metrics = options.metrics ?? createMetrics();
  let lastSendAt = 0;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  const send = async (chatId: number, message: OutgoingMessage): Promise<number> => {
    const reply_markup = message.buttons
      ? {
          inline_keyboard: message.buttons.map((row) =>
            row.map((b): InlineKeyboardButton => ({ text: b.text, callback_data: b.data })),
          ),
        }
      : undefined;
    if (message.photoPngBase64) {
      await api.sendPhoto(chatId, new InputFile(Buffer.from(message.photoPngBase64, "base64"), "chart.png"));
    }
    if (message.document) {
      await api.sendDocument(
        chatId,
        new InputFile(Buffer.from(message.document.base64, "base64"), message.document.filename),
      );
    }
    const sent = await api.sendMessage(chatId, message.text, { reply_markup });
    return sent.message_id;
  };

  const pace = async () => {
    const wait = lastSendAt + minGapMs - Date.now();
    if (wait > 0) await sleep(wait);
    lastSendAt = Date.now();
  };

  const deliverOne = async (id: number): Promise<"sent" | "retry" | "failed" | "skipped" | { pauseMs: number }> => {
    // nextAttemptAt doubles as the claim time, so a claim left by a crashed process can be recognised as stale.
    const claimed = await db.delivery.updateMany({
      where: { id, status: "pending" },
      data: { status: "sending", nextAttemptAt: clock() },
    });
    if (claimed.count !== 1) return "skipped";
    const row = await db.delivery.findUniqueOrThrow({ where: { id }, include: { recipient: true } });
    const now = clock();
    if (!row.recipient.active) {
      await db.delivery.update({
        where: { id },
        data: { status: "failed", lastError: "recipient deactivated", payloadEnc: "" },
      });
      return "failed";
    }
    const message = JSON.parse(cipher.decrypt(row.payloadEnc)) as OutgoingMessage;
    try {
      await pace();
      const messageId = await send(Number(row.recipient.telegramId), message);
      await db.delivery.update({
        where: { id },
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
      const attempts = row.attempts + 1;
      if (error instanceof GrammyError && error.error_code === 429) {
        const retryAfterMs = (error.parameters.retry_after ?? 1) * 1000;
        await db.delivery.update({
          where: { id },
          data: {
            status: "pending",
            attempts,
            lastError: "429",
            nextAttemptAt: new Date(now.getTime() + retryAfterMs),
          },
        });
        metrics.deliveries.inc({ kind: row.kind, outcome: "rate_limited" });
        return { pauseMs: retryAfterMs };
      }
      const permanent = error instanceof GrammyError && error.error_code >= 400 && error.error_code < 500;
      if (permanent || attempts >= MAX_ATTEMPTS) {
        const reason =
          error instanceof GrammyError ? `${error.error_code} ${error.description}` : "gave up after retries";
        await db.delivery.update({
          where: { id },
          data: { status: "failed", attempts, lastError: reason.slice(0, 200), payloadEnc: "" },
        });
        logger.warn({ deliveryId: id, kind: row.kind, reason }, "delivery failed");
        metrics.deliveries.inc({ kind: row.kind, outcome: "failed" });
        return "failed";
      }
      const backoffMs = Math.min(2 ** attempts * 1000, 10 * 60_000);
      const kind =
        error instanceof HttpError ? "network" : error instanceof GrammyError ? String(error.error_code) : "error";
      await db.delivery.update({
        where: { id },
        data: { status: "pending", attempts, lastError: kind, nextAttemptAt: new Date(now.getTime() + backoffMs) },
      });
      metrics.deliveries.inc({ kind: row.kind, outcome: "retried" });
      return "retry";
    }
  };

  const drainOnce = async (): Promise<number> => {
    let sent = 0;
    // Messages left "sending" by a crashed process go back to the queue.
    await db.delivery.updateMany({
      where: { status: "sending", nextAttemptAt: { lt: new Date(clock().getTime() - STALE_SENDING_MS) } },
      data: { status: "pending" },
    });
    for (;;) {
      if (stopped) return sent;
      const due = await db.delivery.findMany({
        where: { status: "pending", nextAttemptAt: { lte: clock() } },
        orderBy: { id: "asc" },
        select: { id: true },
        take: batchSize,
      });
      if (due.length === 0) return sent;
      for (const { id } of due) {
        if (stopped) return sent;
        const outcome = await deliverOne(id);
        if (outcome === "sent") sent++;
        if (typeof outcome === "object") await sleep(outcome.pauseMs);
      }
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
