// Building blocks for multi-step flows: every prompt has Back and Cancel, bad input is explained and loses nothing,
// each step is saved as a draft, and buttons from old messages or other users are refused. Lists of any length come
// 20 to a page with ◀️ ▶️ and can be searched by typing (paged-list.ts), within Telegram's limits.
import type { Conversation } from "@grammyjs/conversations";
import type { Api, Context, InlineKeyboard } from "grammy";
import { clip, TELEGRAM_TEXT_LIMIT } from "../../domain/plan-card.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import { ServiceError } from "../../services/errors.ts";
import { findStaffByTelegramId, type StaffMember } from "../../services/staff.ts";
import type { KeyValueStorage } from "../chat-state-storage.ts";
import { journalKey, journaledDeps, readJournal, writeJournal } from "./call-journal.ts";
import type { BotContext, FlowContext } from "../context.ts";
import { type Button, inlineKeyboard, inRows } from "../keyboard.ts";
import { editIdempotently } from "../not-modified.ts";
import { PagedList } from "./paged-list.ts";

export type FlowConversation = Conversation<BotContext, FlowContext>;

/** A prompt cut to what one message holds, should a caller ever build a longer one. */
function fitMessage(text: string): string {
  return text.length <= TELEGRAM_TEXT_LIMIT ? text : `${text.slice(0, TELEGRAM_TEXT_LIMIT - 1)}…`;
}

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
  /** Choices per page (default 20). */
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
/** Drafts are kept in ChatState under "draft:<telegram id>:<flow id>". */
export const DRAFTS = "draft";
/** What is typed comes back in a reply shortened: a pasted page would make the reply longer than Telegram allows. */
export const ECHO_MAX = 60;
/** A flow left untouched this long (on the injected clock) is closed; its draft is kept. */
export const FLOW_TIMEOUT_MS = 30 * 60_000;
const CALLBACK_PREFIX = "f";

/** True for the update that cancels a flow: its Cancel button or /annulla. */
export function isCancelRequest(ctx: Context): boolean {
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) return data.startsWith(`${CALLBACK_PREFIX}:`) && data.endsWith(":cancel");
  const command = ctx.message?.text?.split(/[\s@]/)[0]?.toLowerCase() ?? "";
  return CANCEL_COMMANDS.includes(command);
}

export interface FlowKitOptions {
  flowId: string;
  deps: ServiceDeps;
  drafts: KeyValueStorage<DraftRecord<unknown>>;
  /** Texts of main-menu buttons: pressing one mid-flow switches task (the draft is kept). */
  isMenuText: (text: string) => boolean;
  /** Answers a callback query once and never throws (see callback-answers.ts). */
  answerCallback: (queryId: string, text?: string) => Promise<void>;
  /** The Bot API outside the conversation's replay log, for calls made once inside `call` (e.g. to another chat). */
  api: Api;
}

export class FlowKit {
  ctx: FlowContext;
  private runId = "";
  private promptSeq = 0;
  private promptMessageId: number | null = null;
  /** The user's last typed answer to the prompt on screen: editing it answers that prompt again. */
  private lastAnswerId: number | null = null;
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
    const fitted = fitMessage(text);
    if (this.promptMessageId !== null && this.ctx.callbackQuery?.message?.message_id === this.promptMessageId) {
      // Thrown inside a flow, the refusal would end it: the draft kept, the next tap told it had expired.
      await editIdempotently(() => this.ctx.editMessageText(fitted, { reply_markup: keyboard }));
      return;
    }
    const sent = await this.ctx.reply(fitted, { reply_markup: keyboard });
    this.promptMessageId = sent.message_id;
  }

  /** Sends a closing message without buttons (e.g. "saved"). */
  async finish(text: string, keyboard?: InlineKeyboard): Promise<void> {
    await this.present(text, keyboard);
    this.promptMessageId = null;
  }

  /** Shows a prompt again after a tap that changed it (a page turned, a toggle): the tapped message is edited. */
  private async redraw(text: string, keyboard: InlineKeyboard): Promise<void> {
    await editIdempotently(() => this.ctx.editMessageText(fitMessage(text), { reply_markup: keyboard }));
  }

  private data(action: string): string {
    return `${CALLBACK_PREFIX}:${this.runId}:${this.promptSeq}:${action}`;
  }

  private navigationRow(back: boolean): Button[] {
    return [
      ...(back ? [{ text: this.t("flow-back"), data: this.data("back") }] : []),
      { text: this.t("flow-cancel"), data: this.data("cancel") },
    ];
  }

  /** ◀️ ▶️ for a list longer than a page, and a way back to the whole list after a search. */
  private listRows(list: PagedList<{ label: string }>): Button[][] {
    return [
      list.paged
        ? [
            { text: "◀️", data: this.data("prev") },
            { text: "▶️", data: this.data("next") },
          ]
        : [],
      list.query !== null ? [{ text: this.t("flow-search-clear"), data: this.data("all") }] : [],
    ];
  }

  /** The prompt with where the user is in a long list: the search typed, the page, how to search. */
  private listText(text: string, list: PagedList<{ label: string }>): string {
    const lines = [text];
    if (list.query !== null) lines.push(this.t("flow-search-results", { query: clip(list.query, ECHO_MAX) }));
    if (list.paged) lines.push(this.t("flow-page", { page: list.pageNumber, pages: list.pages }));
    if (list.searchable && list.query === null) lines.push(this.t("flow-search-hint"));
    return lines.join("\n");
  }

  /** A tap on ◀️ ▶️ or "all": the list moves; false for any other action. */
  private moveList(list: PagedList<{ label: string }>, action: string): boolean {
    if (action === "prev" || action === "next") list.turn(action === "next" ? 1 : -1);
    else if (action === "all") list.clearSearch();
    else return false;
    return true;
  }

  /** A typed search in a long list; true when it found something to show (otherwise the user was told why not). */
  private async searchList(list: PagedList<{ label: string }>, query: string): Promise<boolean> {
    if (!list.searchable) await this.ctx.reply(this.t("flow-use-buttons"));
    else if (list.search(query) > 0) return true;
    else await this.ctx.reply(this.t("flow-search-none", { query: clip(query, ECHO_MAX) }));
    return false;
  }

  /**
   * Asks one question and waits until the user answers validly, goes back or cancels. Choices come 20 to a page;
   * without `parseText`, typing searches a long list.
   */
  async ask<T>(options: AskOptions<T>): Promise<T | Back> {
    this.promptSeq++;
    this.lastAnswerId = null;
    const choices = options.choices ?? [];
    const list = new PagedList(choices, options.pageSize);
    const columns = options.columns ?? 1;
    const render = (): [string, InlineKeyboard] => {
      const buttons = list.visible().map(({ index, item }) => ({ text: item.label, data: this.data(`c${index}`) }));
      const rows = [...inRows(buttons, columns), ...this.listRows(list), this.navigationRow(options.back ?? true)];
      return [this.listText(options.text, list), inlineKeyboard(rows)];
    };
    await this.present(...render());
    for (;;) {
      const answer = await this.nextAnswer();
      if (answer.kind === "button") {
        if (answer.action === "back") return BACK;
        if (this.moveList(list, answer.action)) {
          await this.redraw(...render());
          continue;
        }
        const choice = answer.action.startsWith("c") ? choices[Number(answer.action.slice(1))] : undefined;
        if (choice) return choice.value;
        continue;
      }
      if (!options.parseText) {
        if (await this.searchList(list, answer.text)) await this.present(...render());
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
   * A list whose items cycle through states on tap (e.g. present → absent → excused), edited in place, 20 to a page
   * and searchable by typing when longer. Returns the final states when the user confirms.
   */
  async toggles<S extends string>(options: {
    text: string;
    items: { key: string; label: string }[];
    states: Record<string, S>;
    cycle: readonly S[];
    icon: Record<S, string>;
    confirmLabel: string;
    columns?: number;
    pageSize?: number;
    /** A line about the states as they stand (e.g. how many are absent), under the prompt. */
    summary?: (states: Record<string, S>) => string;
  }): Promise<Record<string, S> | Back> {
    this.promptSeq++;
    this.lastAnswerId = null;
    const states = { ...options.states };
    const list = new PagedList(options.items, options.pageSize);
    const columns = options.columns ?? 1;
    const render = (): [string, InlineKeyboard] => {
      const buttons = list.visible().map(({ index, item }) => ({
        text: `${options.icon[states[item.key] as S]} ${item.label}`,
        data: this.data(`t${index}`),
      }));
      const rows = [
        ...inRows(buttons, columns),
        ...this.listRows(list),
        [{ text: options.confirmLabel, data: this.data("ok") }],
        this.navigationRow(true),
      ];
      const text = options.summary ? `${options.text}\n${options.summary(states)}` : options.text;
      return [this.listText(text, list), inlineKeyboard(rows)];
    };
    await this.present(...render());
    for (;;) {
      const answer = await this.nextAnswer();
      if (answer.kind === "text") {
        if (await this.searchList(list, answer.text)) await this.present(...render());
        continue;
      }
      if (answer.action === "back") return BACK;
      if (answer.action === "ok") return states;
      if (this.moveList(list, answer.action)) {
        await this.redraw(...render());
        continue;
      }
      const item = answer.action.startsWith("t") ? options.items[Number(answer.action.slice(1))] : undefined;
      if (!item) continue;
      const current = options.cycle.indexOf(states[item.key] as S);
      states[item.key] = options.cycle[(current + 1) % options.cycle.length] as S;
      await this.redraw(...render());
    }
  }

  /** Answers the callback query just received; recorded, so a replay of the flow does not answer it again. */
  private async answer(text?: string): Promise<void> {
    const queryId = this.ctx.callbackQuery?.id;
    if (queryId === undefined) return;
    await this.conversation.external(() => this.options.answerCallback(queryId, text));
  }

  private async nextAnswer(): Promise<{ kind: "button"; action: string } | { kind: "text"; text: string }> {
    for (;;) {
      // Timed on the injected clock (the plugin's own maxMilliseconds reads Date.now()): the flow is left, its draft
      // kept, and the late update goes on to the other handlers (a stale button then offers the draft again).
      const askedAt = await this.now();
      const next = await this.conversation.wait();
      if ((await this.now()).getTime() - askedAt.getTime() >= FLOW_TIMEOUT_MS) {
        await this.conversation.halt({ next: true });
      }
      this.ctx = next;
      const data = next.callbackQuery?.data;
      if (data !== undefined) {
        const [prefix, runId, seq, ...rest] = data.split(":");
        // Buttons that belong to no flow (an alert's "Presa visione", say) go to their own handlers meanwhile.
        if (prefix !== CALLBACK_PREFIX) await this.conversation.skip({ next: true });
        if (runId !== this.runId || Number(seq) !== this.promptSeq) {
          await this.answer(this.t("flow-button-expired"));
          continue;
        }
        await this.answer();
        const action = rest.join(":");
        if (action === "cancel") await this.cancel();
        return { kind: "button", action };
      }
      const edited = next.editedMessage;
      if (edited) {
        // A corrected answer to the question still on screen counts; an edit of anything older is not read.
        if (edited.text !== undefined && edited.message_id === this.lastAnswerId)
          return { kind: "text", text: edited.text };
        await next.reply(this.t("flow-edit-not-read"));
        continue;
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
      this.lastAnswerId = next.message?.message_id ?? null;
      return { kind: "text", text };
    }
  }

  /** Cancel means "forget it": the draft goes too, so reopening the flow starts afresh. */
  private async cancel(): Promise<never> {
    await this.discardDraft();
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

/** Asks among options unless there is only one; BACK when the user backs out of the question. */
export async function pickOne<T>(
  kit: FlowKit,
  text: string,
  options: T[],
  label: (option: T) => string,
): Promise<T | typeof BACK> {
  if (options.length === 1) return options[0] as T;
  return kit.ask<T>({ text, choices: options.map((option) => ({ label: label(option), value: option })), back: false });
}
