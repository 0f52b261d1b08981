// /orari: a coordinator or admin keeps a day centre's opening calendar, from which the funder's sheet counts opening
// days and hours (indicators 2 and 3): the weekly hours from a date (typed as "lun-ven 9-12:30 14-17; sab 9-12") or
// closure days (holidays, strikes, works). The calendar in force is shown first, so the change is made knowingly.
import { parseWeeklyHours, type WeeklyHours } from "../../../domain/opening-calendar.ts";
import { parseItalianDate } from "../../../domain/parse.ts";
import { dayMonthYear } from "../../../domain/schedule.ts";
import { addDaysIso, daysBetween, localDate } from "../../../domain/weeks.ts";
import {
  addClosure,
  calendarSitesFor,
  type SiteCalendar,
  setTimetable,
  siteCalendar,
} from "../../../services/opening-calendar.ts";
import { BACK, type Back, type FlowKit, invalid, ok, type Step } from "../../flows/kit.ts";

const REASON_MAX = 120;

interface HoursDraft {
  site?: { id: number; name: string };
  action?: "hours" | "closure";
  fromOn?: string;
  hours?: WeeklyHours;
  toOn?: string;
  reason?: string | null;
}

/** A typed day and month in whichever year puts it nearest to today; with the year, that day. */
function parseNearDate(text: string, today: string): string | null {
  const before = parseItalianDate(text, today, "back");
  const after = parseItalianDate(text, today, "ahead");
  if (!before || !after) return before ?? after;
  return daysBetween(before, today) <= daysBetween(today, after) ? before : after;
}

/** Oggi / Ieri, or a date typed; past or future (a timetable or a closure may be set ahead). */
function askDay(kit: FlowKit, text: string, today: string): Promise<string | Back> {
  return kit.ask<string>({
    text,
    choices: [
      { label: kit.t("date-today"), value: today },
      { label: kit.t("date-yesterday"), value: addDaysIso(today, -1) },
    ],
    columns: 2,
    parseText: (typed) => {
      const date = parseNearDate(typed, today);
      return date ? ok(date) : invalid(kit.t("error-date-format"));
    },
  });
}

/** "lun 09:00–12:30, 14:00–17:00" one line per open weekday; a closed week says so. */
function weekText(kit: FlowKit, hours: WeeklyHours): string {
  if (hours.length === 0) return kit.t("opening-week-closed");
  const byDay = new Map<number, string[]>();
  for (const slot of hours)
    byDay.set(slot.weekday, [...(byDay.get(slot.weekday) ?? []), `${slot.opensAt}–${slot.closesAt}`]);
  return [...byDay.entries()]
    .map(([day, slots]) => `${kit.t(`attendance-weekday-${day}`)} ${slots.join(", ")}`)
    .join("\n");
}

function calendarText(kit: FlowKit, calendar: SiteCalendar): string {
  const week =
    calendar.fromOn === null
      ? kit.t("opening-no-timetable")
      : `${kit.t("opening-timetable-from", { date: dayMonthYear(calendar.fromOn) })}\n${weekText(kit, calendar.hours)}`;
  const closures = calendar.closures.map((c) =>
    c.fromOn === c.toOn
      ? dayMonthYear(c.fromOn)
      : kit.t("opening-closure-range", { from: dayMonthYear(c.fromOn), to: dayMonthYear(c.toOn) }),
  );
  return closures.length === 0 ? week : `${week}\n${kit.t("opening-closures-ahead", { days: closures.join(", ") })}`;
}

export async function hoursFlow(kit: FlowKit): Promise<void> {
  const staff = await kit.staff();
  if (!staff) return;
  const sites = await kit.conversation.external(() => calendarSitesFor(kit.deps, staff.actor));
  if (sites.length === 0) return kit.finish(kit.t("opening-not-allowed"));
  const today = localDate(await kit.now(), kit.deps.timeZone);
  const resumed = await kit.offerDraft<HoursDraft>((d) => d.site?.name ?? "—");
  const draft: HoursDraft = resumed?.data ?? {};
  const isHours = (d: HoursDraft) => d.action === "hours";

  const steps: Step<HoursDraft>[] = [
    async (k, d) => {
      if (sites.length === 1) {
        d.site = sites[0];
        return "skip";
      }
      const site = await k.ask({
        text: k.t("opening-ask-site"),
        choices: sites.map((s) => ({ label: s.name, value: s })),
        back: false,
      });
      if (site === BACK) return BACK;
      d.site = site;
      return "next";
    },
    async (k, d) => {
      const site = d.site as { id: number; name: string };
      const calendar = await k.conversation.external(() => siteCalendar(k.deps, staff.actor, site.id, today));
      const action = await k.ask<"hours" | "closure">({
        text: `${k.t("opening-calendar-of", { site: site.name })}\n${calendarText(k, calendar)}\n\n${k.t("opening-ask-action")}`,
        choices: [
          { label: k.t("opening-action-hours"), value: "hours" },
          { label: k.t("opening-action-closure"), value: "closure" },
        ],
        back: sites.length > 1,
      });
      if (action === BACK) return BACK;
      d.action = action;
      return "next";
    },
    async (k, d) => {
      const fromOn = await askDay(
        k,
        k.t(isHours(d) ? "opening-ask-hours-from" : "opening-ask-closure-from", { site: d.site?.name ?? "" }),
        today,
      );
      if (fromOn === BACK) return BACK;
      d.fromOn = fromOn;
      return "next";
    },
    async (k, d) => {
      if (!isHours(d)) return "skip";
      const hours = await k.ask<WeeklyHours>({
        text: k.t("opening-ask-hours", { date: dayMonthYear(d.fromOn as string) }),
        choices: [{ label: k.t("opening-closed-every-day"), value: [] }],
        parseText: (typed) => {
          const parsed = parseWeeklyHours(typed);
          if (parsed.ok) return ok(parsed.hours);
          return invalid(
            k.t(parsed.reason === "format" ? "opening-week-invalid" : "opening-error-closes-before-opens"),
          );
        },
      });
      if (hours === BACK) return BACK;
      d.hours = hours;
      return "next";
    },
    async (k, d) => {
      if (!isHours(d)) return "skip";
      const confirmed = await k.ask<true>({
        text: `${k.t("opening-confirm-hours", { site: d.site?.name ?? "", date: dayMonthYear(d.fromOn as string) })}\n${weekText(k, d.hours ?? [])}`,
        choices: [{ label: k.t("flow-confirm"), value: true }],
      });
      return confirmed === BACK ? BACK : "next";
    },
    async (k, d) => {
      if (isHours(d)) return "skip";
      const fromOn = d.fromOn as string;
      const toOn = await k.ask<string>({
        text: k.t("opening-ask-closure-to", { date: dayMonthYear(fromOn) }),
        choices: [{ label: k.t("opening-closure-one-day"), value: fromOn }],
        parseText: (typed) => {
          const date = parseNearDate(typed, fromOn);
          if (!date) return invalid(k.t("error-date-format"));
          return date >= fromOn ? ok(date) : invalid(k.t("opening-error-closure-ends-before"));
        },
      });
      if (toOn === BACK) return BACK;
      d.toOn = toOn;
      return "next";
    },
    async (k, d) => {
      if (isHours(d)) return "skip";
      const reason = await k.ask<string | null>({
        text: k.t("opening-ask-closure-reason"),
        choices: [{ label: k.t("flow-skip"), value: null }],
        parseText: (typed) => {
          const trimmed = typed.trim();
          return trimmed.length <= REASON_MAX
            ? ok(trimmed)
            : invalid(k.t("opening-reason-too-long", { max: REASON_MAX }));
        },
      });
      if (reason === BACK) return BACK;
      d.reason = reason;
      return "next";
    },
  ];
  if (!(await kit.runSteps(steps, draft, resumed?.step ?? 0))) return;
  const site = draft.site as { id: number; name: string };
  const fromOn = draft.fromOn as string;
  if (isHours(draft)) {
    const hours = draft.hours ?? [];
    const saved = await kit.call((deps) => setTimetable(deps, staff.actor, { siteId: site.id, fromOn, hours }));
    if (saved && "failed" in saved) return kit.finish(saved.failed);
    await kit.discardDraft();
    return kit.finish(kit.t("opening-week-saved", { site: site.name, date: dayMonthYear(fromOn) }));
  }
  const toOn = draft.toOn as string;
  const saved = await kit.call((deps) =>
    addClosure(deps, staff.actor, { siteId: site.id, fromOn, toOn, reason: draft.reason ?? undefined }),
  );
  if (saved && "failed" in saved) return kit.finish(saved.failed);
  await kit.discardDraft();
  await kit.finish(
    kit.t("opening-closure-saved", {
      site: site.name,
      days:
        fromOn === toOn
          ? dayMonthYear(fromOn)
          : kit.t("opening-closure-range", { from: dayMonthYear(fromOn), to: dayMonthYear(toOn) }),
    }),
  );
}
