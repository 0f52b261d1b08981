// Lists of any size within Telegram's limits: a 250-person roster logged page by page (◀️ ▶️, search by typing),
// long pickers paged and searchable, and every callback query answered exactly once, also when a handler fails.
import { Composer } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot/context.ts";
import type { ApiCall } from "../../src/local/bot-api-emulator.ts";
import type { BotMessage } from "../../src/local/chat-user.ts";
import { addActivity, addBollatePeople, type SeededActivity } from "../helpers/activity-fixtures.ts";
import { addStaff, seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, type HarnessOptions, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;

async function setUp(options: HarnessOptions = {}) {
  harness = await startHarness(options);
  harness.clock.set("2026-11-18T11:00:00+01:00"); // a Wednesday
  world = await seedWorld(harness.deps);
}

afterEach(async () => {
  await harness.stop();
});

const personButtons = (message: BotMessage) => message.buttons.flat().filter((b) => /BOL-\d{4}/.test(b.text));
const buttonCount = (message: BotMessage) => message.buttons.flat().length;

/** Every callback query the users sent, with how many times the bot answered it. */
function answersPerQuery(calls: ApiCall[], sent: number): number[] {
  const answers = new Map<string, number>();
  for (const call of calls.filter((c) => c.method === "answerCallbackQuery")) {
    const id = String(call.body.callback_query_id);
    answers.set(id, (answers.get(id) ?? 0) + 1);
  }
  return Array.from({ length: sent }, (_, index) => answers.get(String(index + 1)) ?? 0);
}

describe("a 250-person roster", () => {
  let woodwork: SeededActivity;

  async function withBigRoster() {
    await setUp();
    const roster = await addBollatePeople(harness.deps, world, 250);
    woodwork = await addActivity(harness.deps, world, {
      name: "Falegnameria",
      roster,
      schedules: [{ weekday: 3, startTime: "09:00", durationMinutes: 180 }],
      facilitatorIds: [world.staff.operator.id],
    });
  }

  it("is logged page by page in 6 taps and one search for 3 absent, every message under 100 buttons", async () => {
    await withBigRoster();
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-attendance");
    const first = operator.lastMessage();
    expect(first.text).toContain("Falegnameria — mer 18/11");
    expect(first.text).toContain("Pagina 1 di 13");
    expect(first.text).toContain("Presenti 250 · assenti 0 · giustificati 0");
    expect(personButtons(first)).toHaveLength(20);
    expect(buttonCount(first)).toBeLessThanOrEqual(100);

    const [third, last, middle] = [woodwork.roster[2]!, woodwork.roster[249]!, woodwork.roster[130]!];
    await operator.tap(third.code);
    await operator.tap("◀️"); // wraps round to the last page
    expect(operator.lastMessage().text).toContain("Pagina 13 di 13");
    expect(personButtons(operator.lastMessage()).map((b) => b.text)).toContain(`✅ ${last.label}`);
    await operator.tap(last.code);
    await operator.send(middle.code); // a search by typing
    expect(personButtons(operator.lastMessage()).map((b) => b.text)).toEqual([`✅ ${middle.label}`]);
    await operator.tap(middle.code);
    expect(operator.lastMessage().text).toContain("Presenti 247 · assenti 3 · giustificati 0");
    await operator.tapKey("flow-confirm");

    expect(operator.taps).toBe(6);
    expect(operator.typed).toBe(1);
    expect(operator.lastMessage().text).toContain("Presenti 247 · assenti 3 · giustificati 0");
    const session = await harness.deps.db.session.findFirstOrThrow({ include: { attendance: true } });
    expect(session.attendance).toHaveLength(250);
    expect(
      session.attendance
        .filter((a) => a.status === "absent")
        .map((a) => a.personId)
        .sort((a, b) => a - b),
    ).toEqual([third.id, middle.id, last.id].sort((a, b) => a - b));
    expect(answersPerQuery(harness.emulator.calls, operator.taps - 1).every((count) => count === 1)).toBe(true);
  });

  it("turns pages forward and back and shows everyone again after a search", async () => {
    await withBigRoster();
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    const seen = new Set(personButtons(operator.lastMessage()).map((b) => b.text));
    for (let page = 2; page <= 13; page++) {
      await operator.tap("▶️");
      expect(operator.lastMessage().text).toContain(`Pagina ${page} di 13`);
      for (const button of personButtons(operator.lastMessage())) seen.add(button.text);
    }
    expect(seen.size).toBe(250);
    await operator.tap("▶️");
    expect(operator.lastMessage().text).toContain("Pagina 1 di 13");

    await operator.send("paolo"); // 21 of the 250 are called Paolo: two pages of results
    expect(operator.lastMessage().text).toContain("Risultati per «paolo»");
    expect(operator.lastMessage().text).toContain("Pagina 1 di 2");
    expect(personButtons(operator.lastMessage()).every((b) => b.text.includes("Paolo"))).toBe(true);
    await operator.send("zzzz");
    expect(operator.lastMessage().text).toBe("Nessun risultato per «zzzz».");
    await operator.tapKey("flow-search-clear"); // under the results, above the notice: edited in place
    expect(operator.messages().at(-2)?.text).toContain("Pagina 1 di 13");
  });
});

describe("long pickers", () => {
  it("page the staff to deactivate and find one by typing", async () => {
    await setUp();
    for (let index = 0; index < 130; index++) {
      await addStaff(harness.deps, { id: 50_000 + index, firstName: `Persona${index}`, lastName: "Staff" }, [
        { role: "operator", siteId: world.bollate.id },
      ]);
    }
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/disattiva");
    expect(coordinator.lastMessage().text).toContain("Pagina 1 di 7");
    expect(buttonCount(coordinator.lastMessage())).toBeLessThanOrEqual(100);
    await coordinator.send("persona129");
    expect(
      coordinator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toContain("Persona129 Staff");
    await coordinator.tap("Persona129 Staff");
    await coordinator.tapKey("deactivate-yes");
    const staff = await harness.deps.db.staff.findUniqueOrThrow({ where: { telegramId: 50_129n } });
    expect(staff.active).toBe(false);
  });
});

describe("callback queries", () => {
  const failing = () => {
    const composer = new Composer<BotContext>();
    composer.callbackQuery("test:answer-then-fail", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "fatto" });
      throw new Error("broken after answering");
    });
    composer.callbackQuery("test:fail", () => {
      throw new Error("broken before answering");
    });
    composer.callbackQuery("test:forget", () => undefined);
    return [{ composer }];
  };

  it("are answered exactly once when a handler fails before or after answering, or forgets to", async () => {
    await setUp({ extraFeatures: failing });
    const operator = harness.user(USERS.operator);
    await operator.send("/aiuto");
    const messageId = operator.lastMessage().messageId;
    for (const data of ["test:answer-then-fail", "test:fail", "test:forget"])
      await operator.sendCallback(data, messageId);
    const answers = harness.emulator.calls.filter((c) => c.method === "answerCallbackQuery");
    expect(answers.map((c) => [c.body.callback_query_id, c.body.text])).toEqual([
      ["1", "fatto"],
      ["2", undefined],
      ["3", undefined],
    ]);
    expect(operator.messages().filter((m) => m.text.startsWith("Si è verificato un problema"))).toHaveLength(2);
  });
});
