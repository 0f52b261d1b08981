// Pieces shared by the logging flows (attendance, sessions, corrections): who is asking, dates, durations, notes,
// and a per-run reference that makes saving idempotent.
import { randomUUID } from "node:crypto";
import { formatDuration } from "../../../domain/durations.ts";
import { parseItalianDate, parseMinutes } from "../../../domain/parse.ts";
import { dayMonth, isoWeekday } from "../../../domain/schedule.ts";
import { addDaysIso, type IsoDate } from "../../../domain/weeks.ts";
import type { Actor } from "../../../domain/permissions.ts";
import { DURATION_LIMITS, NOTE_MAX_LENGTH } from "../../../services/sessions.ts";
import { type Back, type Choice, type FlowKit, invalid, ok } from "../../flows/kit.ts";

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The staff member running the flow, loaded fresh (a deactivation stops the flow at its next step). */
export async function currentActor(kit: FlowKit): Promise<Actor | null> {
  return (await kit.staff())?.actor ?? null;
}

/** A reference for one entry, kept in its draft: saving twice with it (a replay, a resumed draft) saves once. */
export async function newClientRef(kit: FlowKit): Promise<string> {
  return kit.conversation.external(() => randomUUID());
}

/** "mer 18/11" */
export function formatDay(t: Translate, date: IsoDate): string {
  return `${t(`attendance-weekday-${isoWeekday(date)}`)} ${dayMonth(date)}`;
}

/** Oggi / Ieri as buttons, or a typed date; never in the future, never before `earliest` (e.g. an intake). */
export async function askDate(
  kit: FlowKit,
  options: { text: string; today: IsoDate; earliest?: IsoDate; back?: boolean },
): Promise<IsoDate | Back> {
  const { today, earliest } = options;
  const yesterday = addDaysIso(today, -1);
  const quick: Choice<IsoDate>[] = [
    { label: kit.t("date-today"), value: today },
    { label: kit.t("date-yesterday"), value: yesterday },
  ].filter((choice) => !earliest || choice.value >= earliest);
  return kit.ask<IsoDate>({
    text: options.text,
    choices: quick,
    columns: 2,
    back: options.back,
    parseText: (text) => {
      const date = parseItalianDate(text, today);
      if (!date) return invalid(kit.t("error-date-format"));
      if (date > today) return invalid(kit.t("error-date-future"));
      if (earliest && date < earliest)
        return invalid(kit.t("session-date-before-intake", { date: dayMonth(earliest) }));
      return ok(date);
    },
  });
}

export async function askDuration(
  kit: FlowKit,
  options: { text: string; quick: number[]; min?: number; back?: boolean },
): Promise<number | Back> {
  const min = options.min ?? DURATION_LIMITS.min;
  const max = DURATION_LIMITS.max;
  return kit.ask<number>({
    text: options.text,
    choices: options.quick.map((minutes) => ({ label: formatDuration(minutes), value: minutes })),
    columns: 4,
    back: options.back,
    parseText: (text) => {
      const minutes = parseMinutes(text);
      return minutes !== null && minutes >= min && minutes <= max
        ? ok(minutes)
        : invalid(kit.t("session-duration-invalid", { min: formatDuration(min), max: formatDuration(max) }));
    },
  });
}

/** A typed note of up to 1000 characters; `choices` offer the ways to do without one (skip, clear). */
export async function askNote(
  kit: FlowKit,
  options: { text: string; choices: Choice<null>[]; back?: boolean },
): Promise<string | null | Back> {
  return kit.ask<string | null>({
    text: options.text,
    choices: options.choices,
    columns: 2,
    back: options.back,
    parseText: (text) => {
      const note = text.trim();
      return note.length > 0 && note.length <= NOTE_MAX_LENGTH
        ? ok(note)
        : invalid(kit.t("session-note-too-long", { max: NOTE_MAX_LENGTH, length: note.length }));
    },
  });
}
