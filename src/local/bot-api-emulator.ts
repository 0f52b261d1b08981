// A Bot API emulator on loopback for the local try-it mode and the end-to-end tests.
// telegram-test-api stores chats and messages; this front adds what it lacks: real long polling with offsets
// (so an update is redelivered after a crash), webhooks as Telegram does them (setWebhook with a secret token; one
// update of a chat at a time, other chats in parallel; resent until a 2xx; getUpdates refused with 409 meanwhile),
// the methods it does not know (setMyCommands, sendPhoto, sendDocument, …), updates it cannot make (edited
// messages, the user blocking the bot), a record of every call, injectable faults (429, 5xx, 403, timeouts), and
// real Telegram's refusals: limits (telegram-limits.ts), a callback query answered twice, an edit that changes
// nothing. Refusals are also kept as violations for the tests to report.
import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { telegramLimitViolations, type Violation, violationLog } from "./telegram-limits.ts";

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

export type Fault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 403 | 400; description?: string }
  | { hang: true };

export interface SentFile {
  method: string;
  chatId: number;
  caption: string;
  filename: string;
  bytes: Buffer;
  /** Sent again by the file_id of an earlier upload, not uploaded. */
  byFileId?: boolean;
}

export interface BotApiEmulator {
  apiRoot: string;
  server: TelegramServer;
  calls: ApiCall[];
  files: SentFile[];
  /** Decide a fault for a call, or null to answer normally. */
  faults: ((call: ApiCall) => Fault | null) | null;
  events: EventEmitter;
  /** How many getUpdates requests arrived: a bot is polling once this grows. */
  polls: number;
  /** Private chats whose user blocked the bot: Telegram refuses whatever the bot sends there (403). */
  blockedChats: Set<number>;
  /** Calls refused as real Telegram would refuse them, and callback queries the bot never answered. */
  violations: Violation[];
  /** Queues an update the client side of telegram-test-api cannot make (edited_message, my_chat_member…). */
  pushUpdate(update: Omit<Update, "update_id">): number;
  /** The id the next callback query will get. */
  nextCallbackId(): string;
  /** Records a violation unless the bot answered this callback query (call once the update was handled). */
  checkAnswered(callbackId: string): void;
  /** The command menu a user sees in a private chat, resolved through the scopes as Telegram does. */
  commandsShownTo(chatId: number, languageCode: string): { command: string; description: string }[];
  /** The webhook set by the bot, if any. */
  webhook: WebhookTarget | null;
  /** Every webhook POST and the status it got (0: no answer), in the order the answers came. */
  webhookPosts: { updateId: number; status: number }[];
  /** Resolves once no update waits for the webhook or is on its way to it (redeliveries included). */
  webhookSettled(): Promise<void>;
  stop(): Promise<void>;
}

export interface WebhookTarget {
  url: string;
  secretToken: string | null;
  maxConnections: number;
}

/** Telegram's pause before sending an update again after the webhook failed (much shorter here). */
const WEBHOOK_RETRY_MS = 200;

type Markup = { inline_keyboard?: unknown[] } | undefined;

/** Telegram refuses an edit that leaves the text and the inline keyboard as they are. */
function unchangedByEdit(stored: { text?: string; reply_markup?: Markup } | undefined, body: Record<string, unknown>) {
  if (!stored) return false;
  const keyboard = (markup: Markup) => JSON.stringify(markup?.inline_keyboard ?? []);
  const sameKeyboard = keyboard(stored.reply_markup) === keyboard(body.reply_markup as Markup);
  if (!("text" in body)) return sameKeyboard;
  return stored.text === body.text && sameKeyboard;
}

const OK_METHODS = new Set(["setChatMenuButton", "sendChatAction", "setMyDescription", "setMyShortDescription"]);

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Minimal multipart/form-data reader: enough for the fields and one file grammY sends. */
function parseMultipart(body: Buffer, contentType: string): { fields: Record<string, string>; file: SentFile | null } {
  const boundary = contentType.match(/boundary=(?:"([^"]+)"|([^;]+))/i);
  const fields: Record<string, string> = {};
  let file: SentFile | null = null;
  if (!boundary) return { fields, file };
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = headers.match(/name="([^"]+)"/)?.[1];
      // grammY writes filename=export.csv without quotes; browsers quote it.
      const filenameMatch = headers.match(/filename=(?:"([^"]*)"|([^;\r\n]+))/);
      const filename = filenameMatch ? (filenameMatch[1] ?? filenameMatch[2]) : undefined;
      if (filename !== undefined) {
        file = { method: "", chatId: 0, caption: "", filename, bytes: Buffer.from(content) };
      } else if (name) {
        fields[name] = content.toString("utf8");
      }
    }
    start = next;
  }
  return { fields, file };
}

function parseBody(raw: Buffer, contentType: string): { body: Record<string, unknown>; file: SentFile | null } {
  if (contentType.includes("multipart/form-data")) {
    const { fields, file } = parseMultipart(raw, contentType);
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      try {
        body[key] = JSON.parse(value);
      } catch {
        body[key] = value;
      }
    }
    return { body, file };
  }
  if (raw.length === 0) return { body: {}, file: null };
  if (contentType.includes("application/x-www-form-urlencoded")) {
    return { body: Object.fromEntries(new URLSearchParams(raw.toString("utf8"))), file: null };
  }
  return { body: JSON.parse(raw.toString("utf8")) as Record<string, unknown>, file: null };
}

function send(response: http.ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(payload));
}

export interface EmulatorOptions {
  port?: number;
  /**
   * The test handles updates more than once on purpose (crashes, redelivery): the bot then answers a callback query
   * again, which is refused as Telegram would, but not reported as a violation.
   */
  replays?: boolean;
}

export async function startBotApiEmulator(options: EmulatorOptions = {}): Promise<BotApiEmulator> {
  const innerPort = await freePort();
  const server = new TelegramServer({ port: innerPort, host: "127.0.0.1", storeTimeout: 24 * 3600 });
  await server.start();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  for (const name of ["AddedUserMessage", "AddedUserCommand", "AddedUserCallbackQuery"]) {
    server.on(name, () => events.emit("user-update"));
  }
  const pendingPolls = new Set<() => void>();
  // Callback query id → how many times it reached the bot, and how many times the bot answered it.
  const callbackDeliveries = new Map<string, number>();
  const callbackAnswers = new Map<string, number>();
  const inner = server as unknown as { updateId: number; callbackId: number };
  // Command lists by scope and language ("<scope JSON>|<language>").
  const commandLists = new Map<string, { command: string; description: string }[]>();
  const commandsKey = (scope: unknown, language: unknown) =>
    `${JSON.stringify(scope ?? { type: "default" })}|${typeof language === "string" ? language : ""}`;

  /** Files uploaded so far, by the file_id the bot was given for each. */
  const uploads = new Map<string, SentFile>();
  const emulator: BotApiEmulator = {
    apiRoot: "",
    server,
    calls: [],
    files: [],
    faults: null,
    events,
    polls: 0,
    blockedChats: new Set(),
    violations: violationLog(),
    pushUpdate(update) {
      const updateId = inner.updateId++;
      server.storage.userMessages.push({ botToken: "", raw: update, updateId, time: Date.now() } as never);
      events.emit("user-update");
      return updateId;
    },
    nextCallbackId: () => String(inner.callbackId),
    commandsShownTo(chatId, languageCode) {
      const chat = { type: "chat", chat_id: chatId };
      const scopes = [chat, { type: "all_private_chats" }, { type: "default" }];
      for (const scope of scopes) {
        for (const language of [languageCode, ""]) {
          const found = commandLists.get(commandsKey(scope, language));
          if (found) return found;
        }
      }
      return [];
    },
    checkAnswered(callbackId) {
      if (!options.replays && !callbackAnswers.get(callbackId))
        emulator.violations.push({
          method: "answerCallbackQuery",
          detail: `callback query ${callbackId} never answered`,
        });
    },
    webhook: null,
    webhookPosts: [],
    webhookSettled: () =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (postingIds.size > 0 || server.storage.userMessages.length > 0) return;
          events.off("webhook-answered", check);
          resolve();
        };
        events.on("webhook-answered", check);
        check();
      }),
    async stop() {
      emulator.webhook = null;
      for (const release of pendingPolls) release();
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      // Hung requests' sockets too: close() alone waits for every open connection to end.
      front.closeAllConnections();
      await closed;
      await server.stop();
    },
  };

  /** Telegram accepts one answer per callback query: a second one (within one delivery) is refused. */
  const answerRefused = (body: Record<string, unknown>): string | null => {
    const id = String(body.callback_query_id ?? "");
    const answers = (callbackAnswers.get(id) ?? 0) + 1;
    callbackAnswers.set(id, answers);
    const deliveries = callbackDeliveries.get(id) ?? 0;
    if (deliveries === 0 && !options.replays) return `callback query ${id} was never sent to the bot`;
    // An update handled again after a crash may answer again; within one delivery it is a bug.
    return answers > deliveries ? `callback query ${id} answered ${answers} times` : null;
  };

  const pendingUpdates = (token: string, offset: number) => {
    // Updates below the offset are confirmed by the bot: forget them, as Telegram does.
    server.storage.userMessages = server.storage.userMessages.filter(
      (update) => (update.botToken !== token && update.botToken !== "") || update.updateId >= offset,
    );
    return server.storage.userMessages;
  };

  const getUpdates = async (token: string, body: Record<string, unknown>) => {
    const offset = Number(body.offset ?? 0);
    const limit = Number(body.limit ?? 100);
    const timeoutMs = Math.min(Number(body.timeout ?? 0), 50) * 1000;
    const own = (update: { botToken: string }) => update.botToken === token || update.botToken === "";
    let updates = pendingUpdates(token, offset).filter(own);
    if (updates.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const release = () => {
          clearTimeout(timer);
          events.off("user-update", release);
          pendingPolls.delete(release);
          resolve();
        };
        const timer = setTimeout(release, timeoutMs);
        events.on("user-update", release);
        pendingPolls.add(release);
      });
      updates = pendingUpdates(token, offset).filter(own);
    }
    return updates.slice(0, limit).map((update) => formatStored(update));
  };

  // formatUpdate is private in the typings but is the emulator's own update serialiser.
  const formatUpdate = (TelegramServer as unknown as { formatUpdate(update: unknown): Update }).formatUpdate;
  /** An update as Telegram sends it (those queued by pushUpdate as they are); counts callback deliveries. */
  const formatStored = (update: { updateId: number }): Update => {
    const raw = (update as { raw?: Omit<Update, "update_id"> }).raw;
    const formatted = raw ? { ...raw, update_id: update.updateId } : formatUpdate(update);
    const callbackId = formatted.callback_query?.id;
    if (callbackId) callbackDeliveries.set(callbackId, (callbackDeliveries.get(callbackId) ?? 0) + 1);
    return formatted;
  };
  const postingIds = new Set<number>();
  const postingChats = new Set<string>();
  const chatOf = (update: Update) =>
    String((update.message ?? update.edited_message ?? update.callback_query?.message)?.chat.id ?? "");
  const postUpdate = async (target: WebhookTarget, update: Update): Promise<number> => {
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(target.secretToken ? { "x-telegram-bot-api-secret-token": target.secretToken } : {}),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  };
  /** Sends what is waiting: the oldest update of each chat not already on its way, up to max_connections. */
  const pushUpdates = (token: string) => {
    const target = emulator.webhook;
    if (!target) return;
    const waiting = server.storage.userMessages
      .filter((update) => (update.botToken === token || update.botToken === "") && !postingIds.has(update.updateId))
      .sort((a, b) => a.updateId - b.updateId);
    for (const stored of waiting) {
      if (postingIds.size >= target.maxConnections) return;
      const update = formatStored(stored);
      const chat = chatOf(update);
      if (postingChats.has(chat)) continue;
      postingChats.add(chat);
      postingIds.add(stored.updateId);
      void postUpdate(target, update).then((status) => {
        emulator.webhookPosts.push({ updateId: stored.updateId, status });
        const delivered = status >= 200 && status < 300;
        if (delivered) server.storage.userMessages = server.storage.userMessages.filter((u) => u !== stored);
        postingChats.delete(chat);
        postingIds.delete(stored.updateId);
        events.emit("webhook-answered");
        setTimeout(() => pushUpdates(token), delivered ? 0 : WEBHOOK_RETRY_MS);
      });
    }
  };
  let webhookToken: string | null = null;
  events.on("user-update", () => {
    if (webhookToken) pushUpdates(webhookToken);
  });

  const forward = (
    request: http.IncomingMessage,
    body: Record<string, unknown>,
  ): Promise<{ status: number; payload: unknown }> =>
    new Promise((resolve, reject) => {
      const data = Buffer.from(JSON.stringify(body));
      const inner = http.request(
        {
          host: "127.0.0.1",
          port: innerPort,
          path: request.url,
          method: "POST",
          headers: { "content-type": "application/json", "content-length": data.length },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            try {
              resolve({ status: response.statusCode ?? 500, payload: JSON.parse(text) });
            } catch {
              resolve({ status: 500, payload: { ok: false, error_code: 500, description: text } });
            }
          });
        },
      );
      inner.on("error", reject);
      inner.end(data);
    });

  const front = http.createServer(async (request, response) => {
    try {
      const match = request.url?.match(/^\/bot([^/]+)\/([A-Za-z]+)/);
      if (!match) return send(response, 404, { ok: false, error_code: 404, description: "Not Found" });
      const token = match[1] as string;
      const method = match[2] as string;
      const { body, file } = parseBody(await readBody(request), request.headers["content-type"] ?? "");
      const call: ApiCall = { method, body, at: Date.now() };
      if (method !== "getUpdates") {
        emulator.calls.push(call);
        events.emit("bot-call", call);
      }
      const fault = method === "getUpdates" ? null : (emulator.faults?.(call) ?? null);
      if (fault) {
        if ("hang" in fault) return; // the client's own timeout fires; the socket is closed on stop
        if (fault.status === 429) {
          return send(response, 429, {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${fault.retryAfter}`,
            parameters: { retry_after: fault.retryAfter },
          });
        }
        const description =
          fault.description ??
          (fault.status === 403 ? "Forbidden: bot was blocked by the user" : "Internal Server Error");
        return send(response, fault.status, { ok: false, error_code: fault.status, description });
      }
      if (method === "getUpdates") {
        emulator.polls++;
        if (emulator.webhook) {
          return send(response, 409, {
            ok: false,
            error_code: 409,
            description:
              "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          });
        }
        return send(response, 200, { ok: true, result: await getUpdates(token, body) });
      }
      if (method === "setWebhook") {
        emulator.webhook = {
          url: String(body.url),
          secretToken: typeof body.secret_token === "string" ? body.secret_token : null,
          maxConnections: Number(body.max_connections ?? 40),
        };
        webhookToken = token;
        pushUpdates(token);
        return send(response, 200, { ok: true, result: true, description: "Webhook was set" });
      }
      if (method === "deleteWebhook") {
        emulator.webhook = null;
        webhookToken = null;
        return send(response, 200, { ok: true, result: true, description: "Webhook was deleted" });
      }
      if (body.chat_id !== undefined && emulator.blockedChats.has(Number(body.chat_id)) && method !== "setMyCommands") {
        return send(response, 403, {
          ok: false,
          error_code: 403,
          description: "Forbidden: bot was blocked by the user",
        });
      }
      const refused = telegramLimitViolations(method, body);
      if (refused.length > 0) {
        for (const { detail } of refused) emulator.violations.push({ method, detail });
        return send(response, 400, { ok: false, error_code: 400, description: refused[0]?.description });
      }
      if (method === "answerCallbackQuery") {
        const twice = answerRefused(body);
        if (twice) {
          if (!options.replays) emulator.violations.push({ method, detail: twice });
          return send(response, 400, {
            ok: false,
            error_code: 400,
            description: "Bad Request: query is too old and response timeout expired or query ID is invalid",
          });
        }
      }
      if (method === "editMessageText" || method === "editMessageReplyMarkup") {
        const stored = server.storage.botMessages.find(
          (entry) =>
            String(entry.messageId) === String(body.message_id) &&
            String(entry.message.chat_id) === String(body.chat_id),
        );
        if (unchangedByEdit(stored?.message as never, body)) {
          return send(response, 400, {
            ok: false,
            error_code: 400,
            description:
              "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
          });
        }
      }
      if (method === "setMyCommands" || method === "deleteMyCommands") {
        const scope = body.scope as { type?: string; chat_id?: unknown } | undefined;
        const key = commandsKey(
          scope && { type: scope.type, ...(scope.chat_id !== undefined ? { chat_id: Number(scope.chat_id) } : {}) },
          body.language_code,
        );
        if (method === "setMyCommands")
          commandLists.set(key, body.commands as { command: string; description: string }[]);
        else commandLists.delete(key);
        return send(response, 200, { ok: true, result: true });
      }
      if (OK_METHODS.has(method)) return send(response, 200, { ok: true, result: true });
      if (method === "sendPhoto" || method === "sendDocument") {
        const chatId = Number(body.chat_id);
        const caption = typeof body.caption === "string" ? body.caption : "";
        const kind = method === "sendPhoto" ? "photo" : "document";
        // As Telegram: an upload (an attach:// part) gets a file_id of its own, and a known file_id sends that file again.
        const byId = file ? undefined : (body[kind] as string | undefined);
        const reused = byId === undefined ? undefined : uploads.get(byId);
        if (byId !== undefined && !reused)
          return send(response, 400, { ok: false, error_code: 400, description: "Bad Request: wrong file identifier" });
        const fileId = byId ?? `file-${uploads.size + 1}`;
        const sent = reused ?? file;
        if (file) uploads.set(fileId, file);
        if (sent) emulator.files.push({ ...sent, method, chatId, caption, ...(reused ? { byFileId: true } : {}) });
        const message = server.addBotMessage(
          { chat_id: chatId, text: caption || `[${kind}: ${file?.filename ?? ""}]` } as never,
          token,
        );
        return send(response, 200, {
          ok: true,
          result: {
            ...message,
            [kind]:
              kind === "photo"
                ? [{ file_id: fileId, file_unique_id: fileId, width: 1, height: 1 }]
                : { file_id: fileId, file_unique_id: fileId },
          },
        });
      }
      // Telegram drops the inline keyboard of a message edited without one; telegram-test-api would keep it.
      const dropsKeyboard =
        (method === "editMessageText" || method === "editMessageReplyMarkup") && body.reply_markup === undefined;
      const forwarded = dropsKeyboard ? { ...body, reply_markup: { inline_keyboard: [] } } : body;
      const { status, payload } = await forward(request, forwarded);
      return send(response, status, payload);
    } catch (error) {
      send(response, 500, { ok: false, error_code: 500, description: String(error) });
    }
  });
  await new Promise<void>((resolve) => front.listen(options.port ?? 0, "127.0.0.1", resolve));
  emulator.apiRoot = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  return emulator;
}
