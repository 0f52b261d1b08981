// The date step of the path flows: "Oggi" as a button, any date typed, checked against intake and how far ahead.
import { dayMonthYear } from "../../../domain/schedule.ts";
import { parseItalianDate } from "../../../domain/parse.ts";
import { addDaysIso, addMonthsIso, localDate } from "../../../domain/weeks.ts";
import { BACK, type FlowKit, invalid, ok, type StepResult } from "../../flows/kit.ts";
import type { PathDraft } from "./draft.ts";

export interface DateRules {
  text: string;
  /** Days after today a date may be (0: not in the future). */
  daysAhead: number;
  /** The earliest date accepted, with the message when earlier (dateStep: the intake). */
  notBefore?: { date: string; message: string };
}

export async function askDate(kit: FlowKit, rules: DateRules): Promise<string | typeof BACK> {
  const today = localDate(await kit.now(), kit.deps.timeZone);
  const floor = rules.notBefore ?? { date: "0000-00-00", message: "" };
  return kit.ask<string>({
    text: rules.text,
    choices: floor.date <= today ? [{ label: kit.t("date-today"), value: today }] : [],
    parseText: (typed) => {
      const date = parseItalianDate(typed, today);
      if (!date) return invalid(kit.t("error-date-format"));
      if (date > addDaysIso(today, rules.daysAhead))
        return invalid(kit.t(rules.daysAhead > 0 ? "error-date-too-far" : "error-date-future"));
      if (date < floor.date) return invalid(floor.message);
      return ok(date);
    },
  });
}

/** A step that asks the date of the action into draft.on. */
export function dateStep(rules: (kit: FlowKit, draft: PathDraft) => DateRules) {
  return async (kit: FlowKit, draft: PathDraft): Promise<StepResult> => {
    const intakeOn = draft.intakeOn ?? "0000-00-00";
    const value = await askDate(kit, {
      notBefore: { date: intakeOn, message: kit.t("path-date-before-intake", { date: dayMonthYear(intakeOn) }) },
      ...rules(kit, draft),
    });
    if (value === BACK) return BACK;
    draft.on = value;
    return "next";
  };
}

/** A later date as "+N months" buttons from `from`, or typed; it must come after `after`. */
export async function askLaterDate(
  kit: FlowKit,
  text: string,
  from: string,
  months: number[],
  after: string,
  tooEarly: string,
): Promise<string | typeof BACK> {
  return kit.ask<string>({
    text,
    choices: months.map((n) => ({ label: kit.t("path-months-later", { months: n }), value: addMonthsIso(from, n) })),
    columns: months.length,
    parseText: (typed) => {
      const date = parseItalianDate(typed, from, "ahead");
      if (!date) return invalid(kit.t("error-date-format"));
      return date > after ? ok(date) : invalid(tooEarly);
    },
  });
}
