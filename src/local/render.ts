// How the terminal chat draws Telegram messages: text, inline buttons numbered [1] [2] …, menu buttons [m1] [m2] ….
import type { BotMessage, InlineButton } from "./chat-user.ts";

const INDENT = "   ";

/** Inline buttons numbered from 1 across rows, one line per row, as the user will pick them. */
function renderInlineButtons(rows: readonly (readonly InlineButton[])[]): string[] {
  let number = 0;
  return rows
    .filter((row) => row.length > 0)
    .map((row) =>
      row.map((button) => `[${++number}] ${button.text}${button.url ? ` → ${button.url}` : ""}`).join("  "),
    );
}

export function renderMenu(keyboard: readonly (readonly string[])[]): string {
  let number = 0;
  return `Menu: ${keyboard.flatMap((row) => row.map((label) => `[m${++number}] ${label}`)).join("  ")}`;
}

/** A bot message as a block of lines; an edit of a message already shown is marked ✏️. */
export function renderMessage(message: BotMessage, edited: boolean): string {
  const [first = "", ...rest] = message.text.split("\n");
  const lines = [`🤖 ${edited ? "✏️ " : ""}${first}`, ...rest.map((line) => `${INDENT}${line}`)];
  for (const row of renderInlineButtons(message.buttons)) lines.push(`${INDENT}${row}`);
  return lines.join("\n");
}

/** What makes two versions of a message look different on screen. */
export function messageSignature(message: BotMessage): string {
  return JSON.stringify([message.text, message.buttons.map((row) => row.map((b) => b.text))]);
}
