// The validator every end-to-end test runs each outgoing Bot API call through, and the emulator refusing what real
// Telegram refuses (with its error texts) while recording it for the test run to report.
import { Api, GrammyError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { takeViolations, telegramLimitViolations } from "../../src/local/telegram-limits.ts";

const button = (text: string, data = "x") => ({ text, callback_data: data });
const keyboard = (rows: unknown[][]) => ({ reply_markup: { inline_keyboard: rows } });
const details = (method: string, body: Record<string, unknown>) =>
  telegramLimitViolations(method, body).map((v) => v.detail);

describe("Telegram's limits", () => {
  it("accepts an ordinary message with buttons", () => {
    expect(details("sendMessage", { chat_id: 1, text: "Ciao", ...keyboard([[button("Sì"), button("No")]]) })).toEqual(
      [],
    );
  });

  it("refuses texts over 4096 characters, empty texts and captions over 1024 characters", () => {
    expect(details("sendMessage", { text: "a".repeat(4096) })).toEqual([]);
    expect(details("sendMessage", { text: "a".repeat(4097) })).toEqual(["sendMessage text of 4097 characters"]);
    expect(details("editMessageText", { text: "   " })).toEqual(["editMessageText without text"]);
    expect(details("sendPhoto", { caption: "c".repeat(1025) })).toEqual(["sendPhoto caption of 1025 characters"]);
    expect(details("sendDocument", { caption: "c".repeat(1024) })).toEqual([]);
    expect(details("sendMediaGroup", { media: [{ caption: "ok" }, { caption: "c".repeat(1025) }] })).toEqual([
      "media 1 caption of 1025 characters",
    ]);
    expect(details("answerCallbackQuery", { text: "p".repeat(201) })).toEqual(["callback answer of 201 characters"]);
  });

  it("counts callback data in bytes, up to 64", () => {
    expect(details("sendMessage", { text: "t", ...keyboard([[button("ok", "é".repeat(32))]]) })).toEqual([]);
    expect(details("sendMessage", { text: "t", ...keyboard([[button("ok", "é".repeat(33))]]) })).toEqual([
      `callback data "${"é".repeat(33)}" is 66 bytes`,
    ]);
  });

  it("refuses more than 100 buttons, more than 8 in a row, empty rows and buttons without text", () => {
    const rows = Array.from({ length: 101 }, (_, index) => [button(`p${index}`)]);
    expect(details("sendMessage", { text: "t", ...keyboard(rows) })).toEqual(["101 inline buttons (at most 100)"]);
    const wide = Array.from({ length: 9 }, (_, index) => button(String(index)));
    expect(details("sendMessage", { text: "t", ...keyboard([wide]) })).toEqual(["row 0 has 9 buttons"]);
    expect(details("editMessageText", { text: "t", ...keyboard([[button("a")], []]) })).toEqual(["row 1 is empty"]);
    expect(details("sendMessage", { text: "t", ...keyboard([[button(" ")]]) })).toEqual([
      "row 0: a button without text",
    ]);
    expect(details("sendMessage", { text: "t", reply_markup: { keyboard: [[{ text: "📋 Presenze" }], []] } })).toEqual([
      "reply keyboard row 1 is empty",
    ]);
  });

  it("checks command names and descriptions", () => {
    const command = (name: string, description = "Fa qualcosa") => ({ command: name, description });
    expect(details("setMyCommands", { commands: [command("presenze"), command("start")] })).toEqual([]);
    expect(details("setMyCommands", { commands: [command("Presenze"), command("a".repeat(33))] })).toEqual([
      'command name "Presenze"',
      `command name "${"a".repeat(33)}"`,
    ]);
    expect(details("setMyCommands", { commands: [command("aiuto", ""), command("lingua", "d".repeat(257))] })).toEqual([
      "description of /aiuto: 0 characters",
      "description of /lingua: 257 characters",
    ]);
    expect(details("setMyCommands", { commands: [command("aiuto"), command("aiuto")] })).toEqual([
      'command "aiuto" listed twice',
    ]);
    expect(details("setMyCommands", { commands: [command("aiuto")], scope: { type: "chat" } })).toEqual([
      "setMyCommands scope chat without chat_id",
    ]);
    expect(details("deleteMyCommands", { scope: { type: "chat" } })).toEqual([
      "deleteMyCommands scope chat without chat_id",
    ]);
    expect(details("setMyCommands", { commands: [command("aiuto")], language_code: "it" })).toEqual([]);
    expect(details("setMyCommands", { commands: [command("aiuto")], language_code: "ita" })).toEqual([
      'setMyCommands language_code "ita"',
    ]);
    const many = Array.from({ length: 101 }, (_, index) => command(`c${index}`));
    expect(details("setMyCommands", { commands: many })).toEqual(["101 commands"]);
    expect(details("setMyCommands", { commands: many.slice(0, 100) })).toEqual([]);
  });
});

describe("the emulator", () => {
  let emulator: BotApiEmulator;
  afterEach(() => emulator.stop());

  it("refuses a call real Telegram would refuse, with Telegram's words, and records it for the test run", async () => {
    emulator = await startBotApiEmulator();
    const api = new Api("1:T", { apiRoot: emulator.apiRoot });
    const rows = Array.from({ length: 120 }, (_, index) => [{ text: `BOL-${index}`, callback_data: `p:${index}` }]);
    const refused = await api.sendMessage(7, "Roster", { reply_markup: { inline_keyboard: rows } }).catch((e) => e);
    expect(refused).toBeInstanceOf(GrammyError);
    expect((refused as GrammyError).description).toBe("Bad Request: reply markup is too long");
    await api.sendMessage(7, "Va bene");
    expect(takeViolations()).toEqual([{ method: "sendMessage", detail: "120 inline buttons (at most 100)" }]);
  });

  it("refuses an edit that changes nothing, as Telegram does", async () => {
    emulator = await startBotApiEmulator();
    const api = new Api("1:T", { apiRoot: emulator.apiRoot });
    const sent = await api.sendMessage(7, "Uno", {
      reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "a" }]] },
    });
    const same = await api
      .editMessageText(7, sent.message_id, "Uno", {
        reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "a" }]] },
      })
      .catch((e) => e);
    expect((same as GrammyError).description).toMatch(/^Bad Request: message is not modified/);
    await api.editMessageText(7, sent.message_id, "Due");
    expect(takeViolations()).toEqual([]);
  });
});
