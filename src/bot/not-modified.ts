// Telegram refuses to edit a message into what it already shows: a double tap, or a step handled again after a
// restart, whose first run had already made the edit.
import { GrammyError } from "grammy";

export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.description.includes("message is not modified");
}

/** Runs an edit; one the message already shows counts as done. */
export async function editIdempotently(edit: () => Promise<unknown>): Promise<void> {
  try {
    await edit();
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}
