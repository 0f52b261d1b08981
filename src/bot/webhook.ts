// Webhook mode: Telegram POSTs each update to WEBHOOK_URL with the secret in X-Telegram-Bot-Api-Secret-Token.
// An update is stored in the inbox before the 200 (Telegram forgets it then), and its chat's stored updates are
// handled after it, oldest first, by one instance at a time (chat-turns.ts); a retried update is handled once (dedupe).
import { timingSafeEqual } from "node:crypto";
import type { Update } from "grammy/types";
import { BodyTooLarge, type Handler, readBody, reply } from "../http/server.ts";

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

export interface WebhookOptions {
  secret: string;
  /** Stores the update durably (the inbox); the 200 waits for it. */
  store: (update: Update) => Promise<void>;
  /** Has the stored update handled (not awaited by the request). */
  handle: (update: Update) => void;
  /** False while stopping: Telegram gets a 503 and sends the update again later (to the next process). */
  accepting: () => boolean;
}

export function webhookHandler(options: WebhookOptions): Handler {
  const expected = Buffer.from(options.secret);
  const authorised = (header: string | string[] | undefined) => {
    const given = Buffer.from(typeof header === "string" ? header : "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return async (request, response) => {
    if (!authorised(request.headers[SECRET_HEADER])) return reply(response, 401);
    if (!options.accepting()) return reply(response, 503);
    let update: Update;
    try {
      update = parseUpdate(await readBody(request));
    } catch (error) {
      return reply(response, error instanceof BodyTooLarge ? 413 : 400);
    }
    await options.store(update);
    reply(response, 200);
    options.handle(update);
  };
}

function parseUpdate(body: Buffer): Update {
  const update = JSON.parse(body.toString("utf8")) as Partial<Update> | null;
  if (typeof update !== "object" || update === null || !Number.isSafeInteger(update.update_id)) {
    throw new Error("not a Telegram update");
  }
  return update as Update;
}
