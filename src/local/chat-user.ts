// A Telegram user driven by code: sends messages and commands, taps inline buttons, reads the bot's replies.
// Used by the terminal chat of `npm run local` and by the end-to-end tests (which also count taps and typing).
import { LOCALES, translate } from "../i18n.ts";
import type { BotApiEmulator } from "./bot-api-emulator.ts";

export interface UserProfile {
  id: number;
  firstName: string;
  lastName?: string;
  languageCode?: string;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export interface BotMessage {
  messageId: number;
  text: string;
  buttons: InlineButton[][];
  replyKeyboard: string[][] | null;
}

interface StoredBotMessage {
  messageId: number;
  message: { chat_id: number | string; text?: string; reply_markup?: unknown };
}

type LabelParams = Record<string, string | number>;

export type WaitForHandled = (updateId: number) => Promise<void>;

export class ChatUser {
  taps = 0;
  typed = 0;
  readonly chatId: number;

  constructor(
    private readonly emulator: BotApiEmulator,
    private readonly token: string,
    readonly profile: UserProfile,
    private readonly waitForHandled: WaitForHandled,
    private readonly chat: { id: number; type: "private" | "group"; title?: string } = {
      id: profile.id,
      type: "private",
    },
  ) {
    this.chatId = chat.id;
  }

  private from() {
    return {
      id: this.profile.id,
      is_bot: false,
      first_name: this.profile.firstName,
      ...(this.profile.lastName ? { last_name: this.profile.lastName } : {}),
      language_code: this.profile.languageCode ?? "it",
    };
  }

  private chatObject() {
    return this.chat.type === "private"
      ? { id: this.chat.id, type: "private" as const, first_name: this.profile.firstName }
      : { id: this.chat.id, type: "group" as const, title: this.chat.title ?? "Gruppo" };
  }

  private nextUpdateId(): number {
    return (this.emulator.server as unknown as { updateId: number }).updateId;
  }

  /** Sends a text or a /command and waits until the bot has handled it; returns the message's id. */
  async send(text: string): Promise<number> {
    this.typed++;
    return this.deliver(text);
  }

  /** Edits a message sent earlier (Telegram sends the bot an edited_message) and waits until it was handled. */
  async edit(messageId: number, text: string): Promise<void> {
    this.typed++;
    const updateId = this.emulator.pushUpdate({
      edited_message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000) - 60,
        edit_date: Math.floor(Date.now() / 1000),
        text,
        from: this.from(),
        chat: this.chatObject(),
      },
    } as never);
    await this.waitForHandled(updateId);
  }

  /** Presses a main-menu (reply keyboard) button: a tap, though Telegram delivers it as text. */
  async press(label: string): Promise<void> {
    this.taps++;
    await this.deliver(label);
  }

  /** Presses the main-menu button of that translation key, in the language of the keyboard on screen. */
  async pressKey(key: string, params?: LabelParams): Promise<void> {
    const labels = labelsOf(key, params);
    const shown = this.messages()
      .reverse()
      .find((message) => message.replyKeyboard)
      ?.replyKeyboard?.flat();
    await this.press(labels.find((label) => shown?.includes(label)) ?? (labels[0] as string));
  }

  private async deliver(text: string): Promise<number> {
    const updateId = this.nextUpdateId();
    const messageId = (this.emulator.server as unknown as { messageId: number }).messageId;
    const base = {
      botToken: this.token,
      date: Math.floor(Date.now() / 1000),
      text,
      from: this.from(),
      chat: this.chatObject(),
    };
    const command = text.match(/^\/\w+/);
    if (command) {
      await this.emulator.server.addUserCommand({
        ...base,
        entities: [{ offset: 0, length: command[0].length, type: "bot_command" }],
      } as never);
    } else {
      await this.emulator.server.addUserMessage(base as never);
    }
    await this.waitForHandled(updateId);
    return messageId;
  }

  /** Blocks the bot (Telegram tells it with my_chat_member "kicked" and refuses whatever it sends here from now). */
  async blockBot(): Promise<void> {
    this.emulator.blockedChats.add(this.chatId);
    await this.memberUpdate("member", "kicked");
  }

  /** Unblocks the bot (Telegram tells it with my_chat_member "member"); messages arrive again. */
  async unblockBot(): Promise<void> {
    this.emulator.blockedChats.delete(this.chatId);
    await this.memberUpdate("kicked", "member");
  }

  private async memberUpdate(before: "member" | "kicked", after: "member" | "kicked"): Promise<void> {
    const bot = { id: Number(this.token.split(":")[0]), is_bot: true, first_name: "Ponte" };
    const member = (status: "member" | "kicked") =>
      status === "kicked" ? { user: bot, status, until_date: 0 } : { user: bot, status };
    const updateId = this.emulator.pushUpdate({
      my_chat_member: {
        chat: this.chatObject(),
        from: this.from(),
        date: Math.floor(Date.now() / 1000),
        old_chat_member: member(before),
        new_chat_member: member(after),
      },
    } as never);
    await this.waitForHandled(updateId);
  }

  /** Sends raw callback data as if a button were tapped (used to test forged and stale buttons). */
  async sendCallback(data: string, messageId: number): Promise<void> {
    const updateId = this.nextUpdateId();
    const callbackId = this.emulator.nextCallbackId();
    await this.emulator.server.addUserCallback({
      botToken: this.token,
      date: Math.floor(Date.now() / 1000),
      from: this.from(),
      data,
      message: { message_id: messageId, chat: this.chatObject(), text: "" },
    } as never);
    await this.waitForHandled(updateId);
    this.emulator.checkAnswered(callbackId);
  }

  /** Taps the button whose label matches, on the most recent bot message that has it. */
  async tap(label: string | RegExp): Promise<void> {
    await this.tapFirst(
      typeof label === "string" ? [(text) => text === label || text.includes(label)] : [(text) => label.test(text)],
      String(label),
    );
  }

  /**
   * Taps the inline button of that translation key, whichever language the bot speaks to this user: the button
   * that reads exactly so, or else one that shows it with a mark around it (a toggle's ⬜, a count).
   */
  async tapKey(key: string, params?: LabelParams): Promise<void> {
    const labels = labelsOf(key, params);
    await this.tapFirst(
      [(text) => labels.includes(text), (text) => labels.some((label) => text.includes(label))],
      `${key} (${labels.join(" / ")})`,
    );
  }

  /** Taps, on the newest message that has one, the first button that the first matcher able to match accepts. */
  private async tapFirst(matchers: ((text: string) => boolean)[], wanted: string): Promise<void> {
    const messages = this.messages().reverse();
    for (const message of messages) {
      const buttons = message.buttons.flat().filter((button) => button.callback_data);
      for (const matches of matchers) {
        const button = buttons.find((candidate) => matches(candidate.text));
        if (button?.callback_data) {
          this.taps++;
          await this.sendCallback(button.callback_data, message.messageId);
          return;
        }
      }
    }
    const visible = messages[0]?.buttons.flat().map((b) => b.text) ?? [];
    throw new Error(`No button matching ${wanted}; last buttons: ${visible.join(" | ")}`);
  }

  /** The bot's messages in this chat, oldest first, as they look now (after edits). */
  messages(): BotMessage[] {
    const stored = this.emulator.server.storage.botMessages as unknown as StoredBotMessage[];
    return stored
      .filter((entry) => String(entry.message.chat_id) === String(this.chatId))
      .map((entry) => {
        const markup = entry.message.reply_markup as
          | { inline_keyboard?: InlineButton[][]; keyboard?: ({ text: string } | string)[][] }
          | undefined;
        return {
          messageId: entry.messageId,
          text: entry.message.text ?? "",
          buttons: markup?.inline_keyboard ?? [],
          replyKeyboard: markup?.keyboard?.map((row) => row.map((b) => (typeof b === "string" ? b : b.text))) ?? null,
        };
      });
  }

  lastMessage(): BotMessage {
    const last = this.messages().at(-1);
    if (!last) throw new Error("the bot has not written in this chat");
    return last;
  }

  /** Everything the bot has shown this user: texts and button labels, for leak checks. */
  transcript(): string {
    return this.messages()
      .map((m) => [m.text, ...m.buttons.flat().map((b) => b.text)].join("\n"))
      .join("\n---\n");
  }
}

/** A translation key's label in every language, so tests name buttons by meaning rather than by Italian copy. */
function labelsOf(key: string, params?: LabelParams): string[] {
  const labels = LOCALES.map((locale) => translate(locale, key, params));
  if (labels.includes(key)) throw new Error(`No translation for the button key ${key}`);
  return labels;
}
