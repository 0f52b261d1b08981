// Buttons under a saved entry: batch logging, note, co-authors, undo and edit. They are plain callbacks handled by
// the sessions feature (not flow prompts), so they keep working after the flow has ended or the bot restarted.
import { InlineKeyboard } from "grammy";
import type { Translate } from "./logging-helpers.ts";

export const BATCH_MODES = ["person", "date", "repeat"] as const;
export type BatchMode = (typeof BATCH_MODES)[number];

export function sessionSavedKeyboard(t: Translate, sessionId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("session-again-person"), `ses:again:person:${sessionId}`)
    .row()
    .text(t("session-again-date"), `ses:again:date:${sessionId}`)
    .row()
    .text(t("session-again-repeat"), `ses:again:repeat:${sessionId}`)
    .row()
    .text(t("session-add-coauthors"), `ses:coauth:${sessionId}`)
    .row()
    .text(t("session-undo"), `ses:undo:${sessionId}`)
    .text(t("session-edit"), `ses:edit:${sessionId}`);
}

export function attendanceSavedKeyboard(t: Translate, sessionId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("attendance-add-note"), `ses:note:${sessionId}`)
    .row()
    .text(t("session-undo"), `ses:undo:${sessionId}`)
    .text(t("session-edit"), `ses:edit:${sessionId}`);
}
