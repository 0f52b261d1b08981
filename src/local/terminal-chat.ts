// The chat of `npm run local`: the newcomer is one demo user at a time, types text, picks buttons by number,
// and reads the bot's messages (new ones and edits) as they arrive. Files the bot sends are saved to disk.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ApiCall, BotApiEmulator } from "./bot-api-emulator.ts";
import { type BotMessage, ChatUser, type UserProfile, type WaitForHandled } from "./chat-user.ts";
import { messageSignature, renderMenu, renderMessage } from "./render.ts";

export interface DemoIdentity {
  label: string;
  profile: UserProfile;
}

export interface TerminalChatOptions {
  emulator: BotApiEmulator;
  token: string;
  identities: readonly DemoIdentity[];
  /** Where documents and photos sent by the bot are saved. */
  filesDir: string;
  /** Prints a block of text (the caller keeps the input line tidy). */
  write: (text: string) => void;
  /** Resolves once the bot has finished with an update and sent what it queued meanwhile (alerts). */
  waitForHandled: WaitForHandled;
}

const nameOf = (identity: DemoIdentity) =>
  [identity.profile.firstName, identity.profile.lastName].filter(Boolean).join(" ");

const LOCAL_COMMANDS = {
  quit: ["/quit", "/esci"],
  switch: ["/switch", "/cambia"],
} as const;

export class TerminalChat {
  private current: { identity: DemoIdentity; user: ChatUser } | null = null;
  private readonly users = new Map<number, ChatUser>();
  /** Per chat: the signature of each message as last shown, and the menu last shown. */
  private readonly shown = new Map<number, { messages: Map<number, string>; menu: string }>();
  private readonly announced = new Map<number, number>();
  private readonly pendingFiles = new Map<number, string[]>();
  private savedFiles = 0;
  private toasts: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  /** While the bot answers a line, its messages wait for the answer to be complete (then they are printed at once). */
  private answering = false;
  private readonly onBotCall = (call: ApiCall) => {
    if (call.method === "answerCallbackQuery" && typeof call.body.text === "string") this.toasts.push(call.body.text);
    if (this.answering) return;
    // Messages that arrive on their own (alerts, reminders) are shown shortly after the bot stops writing.
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), 400);
  };

  constructor(private readonly options: TerminalChatOptions) {
    for (const identity of options.identities) {
      this.users.set(
        identity.profile.id,
        new ChatUser(options.emulator, options.token, identity.profile, options.waitForHandled),
      );
    }
    options.emulator.events.on("bot-call", this.onBotCall);
  }

  /** The name of the demo user being played, for the input prompt. */
  get currentName(): string | null {
    return this.current ? nameOf(this.current.identity) : null;
  }

  /** The list of demo users to choose from. */
  picker(): string {
    const lines = this.options.identities.map((identity, index) => `  ${index + 1}  ${identity.label}`);
    return ["Chi vuoi essere? / Who do you want to be?", ...lines, "Scrivi il numero / type the number:"].join("\n");
  }

  /** Handles one line typed by the newcomer; returns "quit" when they want to leave. */
  async handleLine(raw: string): Promise<"continue" | "quit"> {
    const line = raw.trim();
    if ((LOCAL_COMMANDS.quit as readonly string[]).includes(line.toLowerCase())) return "quit";
    if (!this.current) {
      this.choose(line);
      return "continue";
    }
    if ((LOCAL_COMMANDS.switch as readonly string[]).includes(line.toLowerCase())) {
      this.current = null;
      this.options.write(this.picker());
      return "continue";
    }
    this.answering = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    try {
      await this.act(this.current.user, line);
    } finally {
      this.answering = false;
    }
    this.flush();
    return "continue";
  }

  private choose(line: string): void {
    const identity = this.options.identities[Number(line) - 1];
    if (!/^\d+$/.test(line) || !identity) {
      this.options.write(this.picker());
      return;
    }
    this.current = { identity, user: this.users.get(identity.profile.id) as ChatUser };
    const hint =
      this.current.user.messages().length === 0 ? " Scrivi /start per cominciare / type /start to begin." : "";
    this.options.write(`— Ora sei / you are now: ${identity.label}.${hint}`);
    this.flush();
  }

  private async act(user: ChatUser, line: string): Promise<void> {
    if (line === "") {
      this.reprintPrompt(user);
      return;
    }
    if (/^\d+$/.test(line)) {
      const prompt = this.latestPrompt(user);
      const button = prompt?.buttons.flat()[Number(line) - 1];
      if (prompt && button?.callback_data) return user.sendCallback(button.callback_data, prompt.messageId);
      if (prompt && button?.url) return this.options.write(`🔗 ${button.url}`);
    }
    const menuPick = line.match(/^m(\d+)$/i);
    if (menuPick) {
      const label = this.latestMenu(user)?.flat()[Number(menuPick[1]) - 1];
      if (label) return user.press(label);
    }
    // A leading backslash sends the rest as typed, e.g. "\2" sends the text "2" instead of tapping button 2.
    await user.send(line.startsWith("\\") ? line.slice(1) : line);
  }

  private latestPrompt(user: ChatUser): BotMessage | undefined {
    return user
      .messages()
      .reverse()
      .find((message) => message.buttons.flat().length > 0);
  }

  private latestMenu(user: ChatUser): string[][] | null {
    return (
      user
        .messages()
        .reverse()
        .find((message) => message.replyKeyboard)?.replyKeyboard ?? null
    );
  }

  private reprintPrompt(user: ChatUser): void {
    const prompt = this.latestPrompt(user);
    const menu = this.latestMenu(user);
    const blocks = [prompt ? renderMessage(prompt, false) : null, menu ? renderMenu(menu) : null].filter(Boolean);
    this.options.write(blocks.length > 0 ? blocks.join("\n") : "(nessun pulsante / no buttons)");
  }

  /** Prints what changed in the current chat since last time, and says who else has unread messages. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.saveFiles();
    const blocks: string[] = [];
    if (this.current) {
      const { user } = this.current;
      const seen = this.shownFor(user.chatId);
      for (const message of user.messages()) {
        const signature = messageSignature(message);
        const before = seen.messages.get(message.messageId);
        if (before === signature) continue;
        seen.messages.set(message.messageId, signature);
        blocks.push(renderMessage(message, before !== undefined));
        if (message.replyKeyboard) {
          const menu = renderMenu(message.replyKeyboard);
          if (menu !== seen.menu) blocks.push(`   ${menu}`);
          seen.menu = menu;
        }
      }
      blocks.push(...this.toasts.map((toast) => `   💬 ${toast}`));
      blocks.push(...(this.pendingFiles.get(user.chatId) ?? []).map((file) => `   📎 ${file}`));
      this.pendingFiles.delete(user.chatId);
      this.announced.set(user.chatId, user.messages().length);
    }
    this.toasts = [];
    blocks.push(...this.unreadElsewhere());
    if (blocks.length > 0) this.options.write(blocks.join("\n"));
  }

  private shownFor(chatId: number) {
    let seen = this.shown.get(chatId);
    if (!seen) {
      seen = { messages: new Map(), menu: "" };
      this.shown.set(chatId, seen);
    }
    return seen;
  }

  /** Alerts and digests reach other demo users: say so once per new message, so the newcomer can /switch. */
  private unreadElsewhere(): string[] {
    const notes: string[] = [];
    this.options.identities.forEach((identity, index) => {
      const chatId = identity.profile.id;
      if (chatId === this.current?.user.chatId) return;
      const total = this.users.get(chatId)?.messages().length ?? 0;
      const seen = this.shown.get(chatId)?.messages.size ?? 0;
      if (total > (this.announced.get(chatId) ?? 0) && total > seen) {
        notes.push(
          `📨 ${nameOf(identity)}: ${total - seen} ${total - seen === 1 ? "messaggio nuovo / new message" : "messaggi nuovi / new messages"} — /switch, ${index + 1}`,
        );
      }
      this.announced.set(chatId, total);
    });
    return notes;
  }

  private saveFiles(): void {
    const files = this.options.emulator.files;
    for (; this.savedFiles < files.length; this.savedFiles++) {
      const file = files[this.savedFiles];
      if (!file) continue;
      mkdirSync(this.options.filesDir, { recursive: true });
      const safeName = file.filename.replace(/[^\p{L}\p{N}._-]+/gu, "_") || "file";
      const target = path.join(this.options.filesDir, `${this.savedFiles + 1}-${safeName}`);
      writeFileSync(target, file.bytes);
      this.pendingFiles.set(file.chatId, [...(this.pendingFiles.get(file.chatId) ?? []), target]);
    }
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.options.emulator.events.off("bot-call", this.onBotCall);
  }
}
