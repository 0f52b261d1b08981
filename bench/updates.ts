// In-process update handling under load: 50 operators log a session and a workshop's attendance at the same time,
// through the real bot (createBot) with a Bot API answered instantly from memory, each pausing 0.2–1 s between taps
// as people do. Measures, per update, the time from handleUpdate to the bot's reply call.
import type { Update } from "grammy/types";
import { createBot } from "../src/bot/create-bot.ts";
import type { ServiceDeps } from "../src/services/deps.ts";
import { seededRandom } from "./generate.ts";

interface StubMessage {
  id: number;
  text: string;
  buttons: { text: string; callback_data?: string }[][];
}

export interface UpdateLoadResult {
  operators: number;
  updates: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  failures: number;
}

const BOT_INFO = {
  id: 42,
  is_bot: true as const,
  first_name: "Ponte",
  username: "ponte_bench_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export async function measureUpdates(deps: ServiceDeps, operatorCount = 50): Promise<UpdateLoadResult> {
  const chats = new Map<number, StubMessage[]>();
  const waitingSince = new Map<number, number>();
  const latencies: number[] = [];
  const byStep = new Map<string, number[]>();
  const currentStep = new Map<number, string>();
  let nextMessageId = 1;

  const reply = (result: unknown) =>
    new Response(JSON.stringify({ ok: true, result }), { headers: { "content-type": "application/json" } });
  const stubFetch = (async (url: string | URL, init?: { body?: unknown }) => {
    const method = String(url).split("/").pop() ?? "";
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const chatId = Number(body.chat_id);
    const since = waitingSince.get(chatId);
    if (since !== undefined && method !== "answerCallbackQuery") {
      latencies.push(performance.now() - since);
      const step = currentStep.get(chatId) ?? "?";
      byStep.set(step, [...(byStep.get(step) ?? []), performance.now() - since]);
      waitingSince.delete(chatId);
    }
    const markup = body.reply_markup as { inline_keyboard?: StubMessage["buttons"] } | undefined;
    if (method === "sendMessage") {
      const message = { id: nextMessageId++, text: String(body.text), buttons: markup?.inline_keyboard ?? [] };
      chats.set(chatId, [...(chats.get(chatId) ?? []), message]);
      return reply({ message_id: message.id, date: 0, chat: { id: chatId, type: "private" }, text: message.text });
    }
    if (method === "editMessageText") {
      const message = chats.get(chatId)?.find((m) => m.id === Number(body.message_id));
      if (message) Object.assign(message, { text: String(body.text), buttons: markup?.inline_keyboard ?? [] });
      return reply({
        message_id: Number(body.message_id),
        date: 0,
        chat: { id: chatId, type: "private" },
        text: body.text,
      });
    }
    return reply(true);
  }) as unknown as typeof fetch;

  const bot = createBot({ token: "1:bench", services: deps, defaultLocale: "it", botInfo: BOT_INFO, fetch: stubFetch });
  await bot.init();

  const operators = await deps.db.staff.findMany({
    where: { active: true, memberships: { some: { role: "operator" } } },
    select: { telegramId: true },
    orderBy: { id: "asc" },
    take: operatorCount,
  });
  let updateId = 1_000_000;
  let failures = 0;

  const random = seededRandom(7);
  const deliver = async (userId: number, update: Omit<Update, "update_id">, step = "") => {
    // People read and tap: 0.2–1 s between two updates of one operator (seeded, so runs compare).
    await new Promise((resolve) => setTimeout(resolve, 200 + random() * 800));
    currentStep.set(userId, step);
    waitingSince.set(userId, performance.now());
    try {
      await bot.handleUpdate({ update_id: updateId++, ...update } as Update);
    } catch {
      failures++;
    }
  };
  const from = (id: number) => ({ id, is_bot: false, first_name: "Operatore", language_code: "it" });
  const send = (id: number, text: string) =>
    deliver(
      id,
      {
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id, type: "private", first_name: "Operatore" },
          from: from(id),
          text,
          ...(text.startsWith("/")
            ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }] }
            : {}),
        },
      },
      text,
    );
  /** Taps the first button matching, on the newest message that has one; false when none does. */
  const tap = async (id: number, match: RegExp): Promise<boolean> => {
    for (const message of [...(chats.get(id) ?? [])].reverse()) {
      const button = message.buttons.flat().find((b) => match.test(b.text) && b.callback_data);
      if (!button?.callback_data) continue;
      await deliver(
        id,
        {
          callback_query: {
            id: String(updateId),
            from: from(id),
            chat_instance: "bench",
            data: button.callback_data,
            message: {
              message_id: message.id,
              date: 0,
              chat: { id, type: "private", first_name: "Operatore" },
              text: message.text,
            },
          },
        },
        String(match),
      );
      return true;
    }
    return false;
  };

  const morning = async (id: number) => {
    await send(id, "/sessione");
    await tap(id, /·/); // the first recent person
    await tap(id, /^Colloquio educativo$/);
    await tap(id, /^Oggi$/);
    await tap(id, /^60′$/);
    await tap(id, /^➖ Nessun obiettivo$/);
    await tap(id, /^Salta$/);
    await send(id, "/presenze");
    await tap(id, /./); // the first activity
    await tap(id, /^Oggi$/);
    await tap(id, /Conferma/);
  };
  await Promise.all(operators.map((operator) => morning(Number(operator.telegramId))));
  if (process.env.BENCH_DEBUG) {
    for (const [step, values] of byStep)
      console.log(
        step,
        values.length,
        (values.reduce((a, b) => a + b, 0) / values.length).toFixed(1),
        Math.max(...values).toFixed(0),
      );
    const first = Number(operators[0]?.telegramId);
    for (const m of chats.get(first) ?? [])
      console.log(
        m.id,
        JSON.stringify(m.text).slice(0, 120),
        m.buttons
          .flat()
          .map((b) => b.text)
          .join(" | ")
          .slice(0, 200),
      );
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    operators: operators.length,
    updates: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted.at(-1) ?? 0,
    failures,
  };
}
