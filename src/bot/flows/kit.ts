// Building blocks for multi-step flows: every prompt has Back and Cancel, bad input is explained and loses nothing,
// each step is saved as a draft, and buttons from old messages or other users are refused.
import type { Conversation } from "@grammyjs/conversations";
import { InlineKeyboard } from "grammy";
import type { ServiceDeps } from "../../services/deps.ts";
import { ServiceError } from "../../services/errors.ts";
import { findStaffByTelegramId, type StaffMember } from "../../services/staff.ts";
import type { KeyValueStorage } from "../chat-state-storage.ts";
import { journalKey, journaledDeps, readJournal, writeJournal } from "./call-journal.ts";
import type { BotContext, FlowContext } from "../context.ts";

export type FlowConversation = Conversation<BotContext, FlowContext>;

export const BACK = Symbol("back");
export type Back = typeof BACK;

export interface Choice<T> {
  label: string;
  value: T;
}

/** A typed answer: the value, or a localised explanation of what is wrong. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const invalid = <T>(error: string): Parsed<T> => ({ ok: false, error });

export interface AskOptions<T> {
  text: string;
  choices?: Choice<T>[];
  columns?: number;
  /** Accept a typed answer as well as (or instead of) buttons. */
  parseText?: (text: string) => Parsed<T> | Promise<Parsed<T>>;
  /** Show the Back button (default true). */
  back?: boolean;
  pageSize?: number;
}

export interface DraftRecord<D> {
  step: number;
  data: D;
  savedAt: number;
  /** The run that saved it, so a stale button of that run can bring the draft back. */
  runId?: string;
}

export type StepResult = "next" | "skip" | Back;
export type Step<D> = (kit: FlowKit, draft: D) => Promise<StepResult>;

export const CANCEL_COMMANDS = ["/annulla", "/cancel"];
const CALLBACK_PREFIX = "f";

export interface FlowKitOptions {
  flowId: string;
  deps: ServiceDeps;
  drafts: KeyValueStorage<DraftRecord<unknown>>;
  timeoutMs: number;
  /** Texts of main-menu buttons: pressing one mid-flow switches task (the draft is kept). */
  isMenuText: (text: string) => boolean;
}

export class FlowKit {
  ctx: FlowContext;
  private runId = "";
  private promptSeq = 0;
  private promptMessageId: number | null = null;
  private callSeq = 0;

  constructor(
    readonly conversation: FlowConversation,
    ctx: FlowContext,
    readonly options: FlowKitOptions,
  ) {
    this.ctx = ctx;
  }

  get deps(): ServiceDeps {
    return this.options.deps;
  }

  get userId(): number {
    const id = this.ctx.from?.id;
    if (id === undefined) throw new Error("flow without a user");
    return id;
  }

  t(key: string, params?: Record<string, string | number>): string {
    return this.ctx.t(key, params);
  }

  /** Call once at the start: the id of the update that opened this run marks its buttons (stale ones are refused). */
  async begin(): Promise<void> {
    this.runId = this.ctx.update.update_id.toString(36);
  }

  /** The user as a staff member, loaded fresh (a deactivation stops the flow at its next step); null if inactive. */
  async staff(): Promise<StaffMember | null> {
    const staff = await this.conversation.external(() => findStaffByTelegramId(this.deps, this.userId));
    return staff?.active ? staff : null;
  }

  /** The injected clock, recorded so that replays see the same instant. */
  async now(): Promise<Date> {
    return new Date(await this.conversation.external(() => this.deps.clock().getTime()));
  }

  /**
   * Runs a service call exactly once, also across crashes: pass the given deps to the service so its transaction
   * records the call (see call-journal.ts). A ServiceError is returned as `{ failed: localised text }`.
   */
  async call<R>(task: (deps: ServiceDeps) => Promise<R>): Promise<R | { failed: string }> {
    const key = journalKey([this.userId, this.options.flowId, this.runId, this.promptSeq, this.callSeq++]);
    const result = await this.conversation.external({
      task: async () => {
        const recorded = await readJournal(this.deps, key);
        if (recorded?.value !== undefined) return { value: recorded.value };
        // Committed, but the process died before the result was noted: say so rather than write twice, and drop the
        // draft of the entry just saved, or reopening the flow would offer it and save it a second time.
        if (recorded) {
          await this.options.drafts.delete(this.draftKey());
          return { failed: this.ctx.t("flow-already-saved") };
        }
        try {
          const value = await task(journaledDeps(this.deps, key));
          await writeJournal(this.deps, key, { committed: true, value: value ?? null });
          return { value };
        } catch (error) {
          if (error instanceof ServiceError) return { failed: this.ctx.t(error.messageKey, error.params) };
          throw error;
        }
      },
    });
    return "failed" in result ? { failed: result.failed as string } : (result.value as R);
  }

  /** Sends a new message, or edits the prompt the user just tapped so the chat stays short. */
  async present(text: string, keyboard?: InlineKeyboard): Promise<void> {
    if (this.promptMessageId !== null && this.ctx.callbackQuery?.message?.message_id === this.promptMessageId) {
      await this.ctx.editMessageText(text, { reply_markup: keyboard });
      return;
    }
    const sent = await this.ctx.reply(text, { reply_markup: keyboard });
    this.promptMessageId = sent.message_id;
  }

  /** Sends a closing message without buttons (e.g. "saved"). */
  async finish(text: string, keyboard?: InlineKeyboard): Promise<void> {
    await this.present(text, keyboard);
    this.promptMessageId = null;
  }

  private data(action: string): string {
    return `${CALLBACK_PREFIX}:${this.runId}:${this.promptSeq}:${action}`;
  }

  private navigationRow(keyboard: InlineKeyboard, back: boolean): void {
    keyboard.row();
    if (back) keyboard.text(this.t("flow-back"), this.data("back"));
    keyboard.text(this.t("flow-cancel"), this.data("cancel"));
  }

  /** Asks one question and waits until the user answers validly, goes back or cancels. */
  async ask<T>(options: AskOptions<T>): Promise<T | Back> {
    this.promptSeq++;
    const choices = options.choices ?? [];
    const pageSize = options.pageSize ?? 8;
    const columns = options.columns ?? 1;
    let page = 0;
    const render = () => {
      const keyboard = new InlineKeyboard();
      const pageChoices = choices.slice(page * pageSize, (page + 1) * pageSize);
      pageChoices.forEach((choice, offset) => {
        keyboard.text(choice.label, this.data(`c${page * pageSize + offset}`));
        if ((offset + 1) % columns === 0) keyboard.row();
      });
      if (choices.length > pageSize) {
        keyboard.row();
        if (page > 0) keyboard.text("◀️", this.data("prev"));
        if ((page + 1) * pageSize < choices.length) keyboard.text("▶️", this.data("next"));
      }
      this.navigationRow(keyboard, options.back ?? true);
      return keyboard;
    };
    await this.present(options.text, render());
    for (;;) {
      const answer = await this.nextAnswer();
      if (answer.kind === "button") {
        if (answer.action === "back") return BACK;
        if (answer.action === "prev" || answer.action === "next") {
          page += answer.action === "next" ? 1 : -1;
          await this.ctx.editMessageText(options.text, { reply_markup: render() });
          continue;
        }
        const choice = answer.action.startsWith("c") ? choices[Number(answer.action.slice(1))] : undefined;
        if (choice) return choice.value;
        continue;
      }
      if (!options.parseText) {
        await this.ctx.reply(this.t("flow-use-buttons"));
        continue;
      }
      const parsed = await options.parseText(answer.text);
      if (parsed.ok) {
        this.promptMessageId = null;
        return parsed.value;
      }
      await this.ctx.reply(parsed.error);
    }
  }

  /**
   * A list whose items cycle through states on tap (e.g. present → absent → excused), edited in place.
   * Returns the final states when the user confirms.
   */
  async toggles<S extends string>(options: {
    text: string;
    items: { key: string; label: string }[];
    states: Record<string, S>;
    cycle: readonly S[];
    icon: Record<S, string>;
    confirmLabel: string;
    columns?: number;
  }): Promise<Record<string, S> | Back> {
    this.promptSeq++;
    const states = { ...options.states };
    const columns = options.columns ?? 1;
    const render = () => {
      const keyboard = new InlineKeyboard();
      options.items.forEach((item, index) => {
        keyboard.text(`${options.icon[states[item.key] as S]} ${item.label}`, this.data(`t${index}`));
        if ((index + 1) % columns === 0) keyboard.row();
      });
      keyboard.row().text(options.confirmLabel, this.data("ok"));
      this.navigationRow(keyboard, true);
      return keyboard;
    };
    await this.present(options.text, render());
    for (;;) {
      const answer = await this.nextAnswer();
      if (answer.kind === "text") {
        await this.ctx.reply(this.t("flow-use-buttons"));
        continue;
      }
      if (answer.action === "back") return BACK;
      if (answer.action === "ok") return states;
      const item = answer.action.startsWith("t") ? options.items[Number(answer.action.slice(1))] : undefined;
      if (!item) continue;
      const current = options.cycle.indexOf(states[item.key] as S);
      states[item.key] = options.cycle[(current + 1) % options.cycle.length] as S;
      await this.ctx.editMessageText(options.text, { reply_markup: render() });
    }
  }

  private async nextAnswer(): Promise<{ kind: "button"; action: string } | { kind: "text"; text: string }> {
    for (;;) {
      const next = await this.conversation.wait({ maxMilliseconds: this.options.timeoutMs });
      this.ctx = next;
      const data = next.callbackQuery?.data;
      if (data !== undefined) {
        const [prefix, runId, seq, ...rest] = data.split(":");
        // Buttons that belong to no flow (an alert's "Presa visione", say) go to their own handlers meanwhile.
        if (prefix !== CALLBACK_PREFIX) await this.conversation.skip({ next: true });
        if (runId !== this.runId || Number(seq) !== this.promptSeq) {
          await next.answerCallbackQuery({ text: this.t("flow-button-expired") });
          continue;
        }
        await next.answerCallbackQuery();
        const action = rest.join(":");
        if (action === "cancel") await this.cancel();
        return { kind: "button", action };
      }
      const text = next.message?.text;
      if (text === undefined) {
        if (next.message) await next.reply(this.t("flow-use-buttons"));
        continue;
      }
      const command = text.split(/[\s@]/)[0]?.toLowerCase() ?? "";
      if (CANCEL_COMMANDS.includes(command)) await this.cancel();
      // Another command or a main-menu button: leave this flow (the draft is kept) and let it run.
      if (text.startsWith("/") || this.options.isMenuText(text)) await this.conversation.halt({ next: true });
      return { kind: "text", text };
    }
  }

  private async cancel(): Promise<never> {
    await this.ctx.reply(this.t("flow-cancelled"));
    return this.conversation.halt();
  }

  // ---- drafts -------------------------------------------------------------------------------------------------

  private draftKey(): string {
    return `${this.userId}:${this.options.flowId}`;
  }

  async loadDraft<D>(): Promise<DraftRecord<D> | null> {
    const key = this.draftKey();
    const stored = await this.conversation.external(() => this.options.drafts.read(key));
    return (stored as DraftRecord<D> | undefined) ?? null;
  }

  async saveDraft<D>(step: number, data: D): Promise<void> {
    const key = this.draftKey();
    const savedAt = (await this.now()).getTime();
    const runId = this.runId;
    await this.conversation.external(() => this.options.drafts.write(key, { step, data, savedAt, runId }));
  }

  async discardDraft(): Promise<void> {
    const key = this.draftKey();
    await this.conversation.external(() => this.options.drafts.delete(key));
  }

  /**
   * Runs steps in order, saving the draft after each; Back returns to the previous step that applies.
   * Returns false if the user went back from the first step.
   */
  async runSteps<D>(steps: Step<D>[], draft: D, startAt = 0): Promise<boolean> {
    let index = startAt;
    let direction: 1 | -1 = 1;
    while (index < steps.length) {
      if (index < 0) return false;
      const step = steps[index] as Step<D>;
      const result = await step(this, draft);
      if (result === "skip") {
        index += direction;
        continue;
      }
      direction = result === BACK ? -1 : 1;
      index += direction;
      if (direction === 1) await this.saveDraft(index, draft);
    }
    return true;
  }

  /** Offers to resume an unfinished entry of this flow; returns it when the user wants to continue. */
  async offerDraft<D>(summary: (data: D) => string): Promise<DraftRecord<D> | null> {
    const draft = await this.loadDraft<D>();
    if (!draft || draft.step === 0) return null;
    const resume = await this.ask<boolean>({
      text: this.t("flow-draft-found", { summary: summary(draft.data) }),
      choices: [
        { label: this.t("flow-draft-resume"), value: true },
        { label: this.t("flow-draft-restart"), value: false },
      ],
      back: false,
    });
    if (resume === true) return draft;
    await this.discardDraft();
    return null;
  }
}
