// Inline keyboards built from rows of buttons: rows left empty (Telegram refuses them) are dropped.
import { InlineKeyboard } from "grammy";

export interface Button {
  text: string;
  /** Callback data: at most 64 bytes. */
  data: string;
}

export function inlineKeyboard(rows: readonly (readonly Button[])[]): InlineKeyboard {
  return InlineKeyboard.from(
    rows
      .filter((row) => row.length > 0)
      .map((row) => row.map((button) => InlineKeyboard.text(button.text, button.data))),
  );
}

/** Items laid out `columns` to a row. */
export function inRows<T>(items: readonly T[], columns: number): T[][] {
  const rows: T[][] = [];
  for (let start = 0; start < items.length; start += columns) rows.push(items.slice(start, start + columns));
  return rows;
}
