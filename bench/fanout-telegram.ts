// The fan-out's Telegram, in a process of its own: the emulator keeps every call and file it receives (500 charts),
// which is not Ponte's memory. It answers like Telegram: a 429 (retry_after 1) to any sending call above 30 in the
// last second, and to a chat sent two messages within a second. Sends `{ apiRoot }` when listening and, when asked,
// what each chat received.
import { startBotApiEmulator } from "../src/local/bot-api-emulator.ts";
import { TELEGRAM_LIMIT_PER_SECOND } from "./telegram-limits.ts";

const SENDING_METHODS = new Set(["sendMessage", "sendPhoto", "sendDocument"]);

export interface FanoutTelegramReport {
  calls: number;
  rateLimited: number;
  /** The sending methods each chat received, in order. */
  received: Record<string, string[]>;
}

const emulator = await startBotApiEmulator();
const window: number[] = [];
const lastToChat = new Map<string, number>();
const received: Record<string, string[]> = {};
let calls = 0;
let rateLimited = 0;
emulator.faults = (call) => {
  if (!SENDING_METHODS.has(call.method)) return null;
  while (window.length > 0 && (window[0] as number) <= call.at - 1000) window.shift();
  const chat = String(call.body.chat_id);
  if (
    window.length >= TELEGRAM_LIMIT_PER_SECOND ||
    call.at - (lastToChat.get(chat) ?? Number.NEGATIVE_INFINITY) < 1000
  ) {
    rateLimited++;
    return { status: 429, retryAfter: 1 };
  }
  window.push(call.at);
  lastToChat.set(chat, call.at);
  received[chat] = [...(received[chat] ?? []), call.method];
  calls++;
  return null;
};
process.send?.({ apiRoot: emulator.apiRoot });
process.once("message", async () => {
  await emulator.stop();
  const report: FanoutTelegramReport = { calls, rateLimited, received };
  process.send?.(report, () => process.disconnect());
});
