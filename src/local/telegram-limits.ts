// What real Telegram refuses in an outgoing Bot API call: lengths, keyboard sizes and shapes, command lists.
// The emulator refuses the same calls (with Telegram's own error texts) and records them, so that a test fails
// wherever the bot would fail in production.

export const TELEGRAM_LIMITS = {
  text: 4096,
  caption: 1024,
  callbackData: 64,
  inlineButtons: 100,
  inlineRowButtons: 8,
  replyRowButtons: 12,
  replyButtons: 300,
  callbackAnswerText: 200,
  commands: 100,
  commandName: 32,
  commandDescription: 256,
} as const;

export interface LimitViolation {
  /** Telegram's answer to such a call. */
  description: string;
  /** What exactly is wrong, for the test report. */
  detail: string;
}

type Body = Record<string, unknown>;

/** A call real Telegram would refuse, or a callback query left unanswered. */
export interface Violation {
  method: string;
  detail: string;
}

// The logs of every emulator of this process, so that a test run reports violations wherever they happened.
const logs = new Set<Violation[]>();

/** A new log, read by takeViolations. */
export function violationLog(): Violation[] {
  const log: Violation[] = [];
  logs.add(log);
  return log;
}

/** The violations recorded since the last call, by every emulator of this process. */
export function takeViolations(): Violation[] {
  return [...logs].flatMap((log) => log.splice(0));
}

const TEXT_METHODS = new Set(["sendMessage", "editMessageText"]);
const CAPTION_METHODS = new Set(["sendPhoto", "sendDocument", "sendVideo", "sendAudio", "editMessageCaption"]);
const COMMAND_NAME = /^[a-z0-9_]+$/;
/** A two-letter ISO 639-1 code, as setMyCommands wants. */
const LANGUAGE_CODE = /^[a-z]{2}$/;

function violation(description: string, detail: string): LimitViolation {
  return { description: `Bad Request: ${description}`, detail };
}

function textViolations(method: string, body: Body): LimitViolation[] {
  const found: LimitViolation[] = [];
  if (TEXT_METHODS.has(method)) {
    const text = typeof body.text === "string" ? body.text : "";
    if (text.trim() === "") found.push(violation("message text is empty", `${method} without text`));
    if (text.length > TELEGRAM_LIMITS.text)
      found.push(violation("message is too long", `${method} text of ${text.length} characters`));
  }
  if (CAPTION_METHODS.has(method) && typeof body.caption === "string" && body.caption.length > TELEGRAM_LIMITS.caption)
    found.push(violation("message caption is too long", `${method} caption of ${body.caption.length} characters`));
  if (method === "sendMediaGroup" && Array.isArray(body.media)) {
    (body.media as Body[]).forEach((item, index) => {
      if (typeof item.caption === "string" && item.caption.length > TELEGRAM_LIMITS.caption)
        found.push(
          violation("message caption is too long", `media ${index} caption of ${item.caption.length} characters`),
        );
    });
  }
  if (method === "answerCallbackQuery" && typeof body.text === "string") {
    if (body.text.length > TELEGRAM_LIMITS.callbackAnswerText)
      found.push(violation("MESSAGE_TOO_LONG", `callback answer of ${body.text.length} characters`));
  }
  return found;
}

function inlineKeyboardViolations(rows: unknown): LimitViolation[] {
  if (!Array.isArray(rows)) return [violation("can't parse inline keyboard", "inline_keyboard is not an array")];
  const found: LimitViolation[] = [];
  let count = 0;
  rows.forEach((row, rowIndex) => {
    if (!Array.isArray(row) || row.length === 0) {
      found.push(violation("inline keyboard row is empty", `row ${rowIndex} is empty`));
      return;
    }
    if (row.length > TELEGRAM_LIMITS.inlineRowButtons)
      found.push(violation("reply markup is too long", `row ${rowIndex} has ${row.length} buttons`));
    for (const button of row as Body[]) {
      count++;
      const text = typeof button.text === "string" ? button.text : "";
      if (text.trim() === "")
        found.push(violation("text buttons are unallowed", `row ${rowIndex}: a button without text`));
      if (typeof button.callback_data === "string") {
        const bytes = Buffer.byteLength(button.callback_data, "utf8");
        if (bytes === 0 || bytes > TELEGRAM_LIMITS.callbackData)
          found.push(violation("BUTTON_DATA_INVALID", `callback data "${button.callback_data}" is ${bytes} bytes`));
      } else if (typeof button.url !== "string") {
        found.push(violation("BUTTON_TYPE_INVALID", `button "${text}" has neither callback data nor a URL`));
      }
    }
  });
  if (count > TELEGRAM_LIMITS.inlineButtons)
    found.push(
      violation("reply markup is too long", `${count} inline buttons (at most ${TELEGRAM_LIMITS.inlineButtons})`),
    );
  return found;
}

function replyKeyboardViolations(rows: unknown): LimitViolation[] {
  if (!Array.isArray(rows)) return [violation("can't parse keyboard", "keyboard is not an array")];
  const found: LimitViolation[] = [];
  let count = 0;
  rows.forEach((row, rowIndex) => {
    if (!Array.isArray(row) || row.length === 0) {
      found.push(violation("keyboard row is empty", `reply keyboard row ${rowIndex} is empty`));
      return;
    }
    if (row.length > TELEGRAM_LIMITS.replyRowButtons)
      found.push(violation("reply markup is too long", `reply keyboard row ${rowIndex} has ${row.length} buttons`));
    for (const button of row as unknown[]) {
      count++;
      const text = typeof button === "string" ? button : String((button as Body)?.text ?? "");
      if (text.trim() === "") found.push(violation("keyboard button text is empty", `reply keyboard row ${rowIndex}`));
    }
  });
  if (count > TELEGRAM_LIMITS.replyButtons)
    found.push(violation("reply markup is too long", `${count} reply keyboard buttons`));
  return found;
}

function markupViolations(body: Body): LimitViolation[] {
  const markup = body.reply_markup;
  if (markup === undefined || markup === null) return [];
  if (typeof markup !== "object") return [violation("can't parse reply keyboard markup JSON object", "reply_markup")];
  const fields = markup as Body;
  if ("inline_keyboard" in fields) return inlineKeyboardViolations(fields.inline_keyboard);
  if ("keyboard" in fields) return replyKeyboardViolations(fields.keyboard);
  return [];
}

/** The scope and language of setMyCommands and deleteMyCommands. */
function commandScopeViolations(method: string, body: Body): LimitViolation[] {
  const found: LimitViolation[] = [];
  const scope = body.scope as Body | undefined;
  if (scope && (scope.type === "chat" || scope.type === "chat_member") && scope.chat_id === undefined)
    found.push(violation("chat not found", `${method} scope ${scope.type} without chat_id`));
  const language = body.language_code;
  if (language !== undefined && language !== "" && !(typeof language === "string" && LANGUAGE_CODE.test(language)))
    found.push(violation("invalid language code specified", `${method} language_code "${String(language)}"`));
  return found;
}

function commandViolations(method: string, body: Body): LimitViolation[] {
  if (method === "deleteMyCommands") return commandScopeViolations(method, body);
  if (method !== "setMyCommands") return [];
  const commands = body.commands;
  if (!Array.isArray(commands)) return [violation("commands must be an array", "setMyCommands")];
  const found: LimitViolation[] = [];
  if (commands.length > TELEGRAM_LIMITS.commands)
    found.push(violation("too many commands", `${commands.length} commands`));
  const seen = new Set<string>();
  for (const entry of commands as Body[]) {
    const name = typeof entry.command === "string" ? entry.command : "";
    const description = typeof entry.description === "string" ? entry.description : "";
    if (name.length === 0 || name.length > TELEGRAM_LIMITS.commandName || !COMMAND_NAME.test(name))
      found.push(violation("BOT_COMMAND_INVALID", `command name "${name}"`));
    if (seen.has(name)) found.push(violation("BOT_COMMAND_INVALID", `command "${name}" listed twice`));
    seen.add(name);
    if (description.trim().length === 0 || description.length > TELEGRAM_LIMITS.commandDescription)
      found.push(
        violation("BOT_COMMAND_DESCRIPTION_INVALID", `description of /${name}: ${description.length} characters`),
      );
  }
  return [...found, ...commandScopeViolations(method, body)];
}

/** Everything Telegram would refuse in this call; empty when the call is fine. */
export function telegramLimitViolations(method: string, body: Body): LimitViolation[] {
  return [...textViolations(method, body), ...markupViolations(body), ...commandViolations(method, body)];
}
