// The weekly digest as chat text in the reader's language: one section per theme of DESIGN.md §4, each figure with
// its change from the previous week, lists by person code (never names). Split into messages at section boundaries.
import { digestCounts, EVENT_SEVERITIES } from "../../domain/digest.ts";
import { formatDuration } from "../../domain/durations.ts";
import type { DigestCountCode } from "../../domain/digest.ts";
import { EVENT_KINDS } from "../../domain/escalation.ts";
import { REPORTED_STATUS_GROUPS } from "../../domain/legal-status.ts";
import { formatDay, TELEGRAM_TEXT_LIMIT } from "../../domain/plan-card.ts";
import { isComplete, missingItemsText } from "../../domain/release.ts";
import type { Translate } from "../../i18n.ts";
import { SESSION_KINDS } from "../sessions.ts";
import type { DigestView } from "./digest-view.ts";

const CODES_PER_LINE = 6;
const NAMES_PER_LINE = 3;

/** "2026-10-25" → "25/10". */
export function shortDay(isoDate: string): string {
  return formatDay(isoDate).slice(0, 5);
}

/** The digest as one or more chat messages, each within Telegram's limit. */
export function renderDigestText(view: DigestView, t: Translate, locale: string): string[] {
  const { current } = view.report;
  const title = t(view.target.kind === "site" ? "digest-title-site" : "digest-title-programme", {
    name: view.scopeName,
  });
  const week = t("digest-week", {
    week: current.weekKey,
    from: formatDay(current.startsOn),
    to: formatDay(current.endsOn),
  });
  const sections = digestSections(view, t, new Figures(view, t, locale), locale);
  const header = [title, week, t("digest-change-note")].join("\n");
  return splitIntoMessages(
    [header, ...sections],
    TELEGRAM_TEXT_LIMIT,
    t("digest-continued", { title, week: current.weekKey }),
  );
}

function digestSections(view: DigestView, t: Translate, figure: Figures, locale: string): string[] {
  const { current } = view.report;
  const { sessions, groupActivities: group, events } = current;
  const codes = (ids: readonly number[]) =>
    listLines(
      ids.map((id) => view.personCodes[id] ?? `#${id}`),
      CODES_PER_LINE,
    );
  const section = (titleKey: string, lines: string[]) => [t(titleKey), ...lines].join("\n");
  return [
    section("digest-section-activity", [
      figure.count("sessions_total"),
      ...kindLines(sessions.byKind, SESSION_KINDS, (kind) => t(`digest-session-kind-${kind}`), t),
      figure.duration("activity_minutes"),
      figure.count("people_reached"),
    ]),
    section("digest-section-group", [
      figure.count("group_sessions_held"),
      figure.count("group_sessions_scheduled"),
      figure.count("group_sessions_not_logged"),
      ...group.notLogged.map((occurrence) =>
        t("digest-not-logged-line", {
          activity: view.activityNames[occurrence.activityId] ?? `#${occurrence.activityId}`,
          date: shortDay(occurrence.occurredOn),
        }),
      ),
      figure.rate("attendance_rate"),
      figure.count("activities_below_half"),
      ...listLines(
        group.activitiesBelowHalf.map((id) => view.activityNames[id] ?? `#${id}`),
        NAMES_PER_LINE,
      ),
    ]),
    section("digest-section-path", [
      figure.count("referrals_received"),
      ...(current.referrals.received > 0
        ? [
            t("digest-kind-line", { label: t("digest-referrals-prison"), count: current.referrals.fromPrison }),
            t("digest-kind-line", {
              label: t("digest-referrals-services"),
              count: current.referrals.received - current.referrals.fromPrison,
            }),
          ]
        : []),
      figure.count("intakes"),
      ...codes(current.people.intakes),
      figure.count("internships_started"),
      ...codes(current.internships.started),
      figure.count("internships_ended"),
      ...codes(current.internships.ended),
      figure.count("hires_by_host"),
      ...codes(current.internships.hiredByHost),
      figure.count("hires_elsewhere"),
      ...codes(current.internships.hiredElsewhere),
      figure.count("move_ins"),
      ...codes(current.housing.moveIns),
      figure.count("move_outs"),
      ...codes(current.housing.moveOuts),
      figure.count("discharges"),
      ...codes(current.people.discharges),
    ]),
    section("digest-section-people", [
      figure.count("active_caseload"),
      ...REPORTED_STATUS_GROUPS.filter((group) => current.people.caseloadByLegalStatus[group] > 0).map((group) =>
        t("digest-kind-line", {
          label: t(`quarterly-status-${group}`),
          count: current.people.caseloadByLegalStatus[group],
        }),
      ),
      figure.count("internships_active"),
      figure.count("no_contact_14_days"),
      ...codes(current.people.noContact14Days),
    ]),
    section("digest-section-plans", [
      figure.count("plans_active"),
      figure.count("plan_reviews_due_7_days"),
      ...codes(current.plans.reviewDueIn7Days),
      figure.count("plan_reviews_overdue"),
      ...codes(current.plans.reviewOverdue),
      figure.count("people_without_active_plan"),
      ...codes(current.plans.withoutActivePlan),
    ]),
    section("digest-section-events", [
      figure.count("events_total"),
      ...kindLines(events.byKind, EVENT_KINDS, (kind) => t(`events-kind-${kind}`), t),
      ...EVENT_SEVERITIES.filter((severity) => events.bySeverity[severity] > 0).map((severity) =>
        t("digest-severity-line", {
          severity,
          label: t(`events-severity-${severity}`),
          count: events.bySeverity[severity],
        }),
      ),
      figure.count("events_open"),
      ...listLines(
        events.open.map((id) => `#${id}`),
        CODES_PER_LINE,
      ),
      figure.count("events_unacknowledged"),
      ...listLines(
        events.unacknowledged.map((id) => `#${id}`),
        CODES_PER_LINE,
      ),
      figure.count("people_with_repeated_events"),
      ...codes(events.peopleWithRepeatedEvents),
    ]),
    section("digest-section-logging", [
      figure.count("staff_without_entries"),
      ...listLines(
        current.logging.staffWithoutEntries.map((id) => view.staffNames[id] ?? `#${id}`),
        NAMES_PER_LINE,
      ),
      figure.count("late_entries"),
      ...(view.unreachableStaff.length > 0
        ? [
            t("digest-unreachable", { count: view.unreachableStaff.length }),
            ...listLines(view.unreachableStaff, NAMES_PER_LINE),
          ]
        : []),
    ]),
    ...(view.releases.length > 0 ? [section("digest-section-releases", releaseLines(view, t))] : []),
    ...(hasReleasedPeople(view) ? [section("digest-section-first-contact", firstContactLines(view, t, locale))] : []),
    ...(view.breakGlassReads.length > 0 ? [section("digest-section-break-glass", breakGlassLines(view, t))] : []),
  ];
}

/** One line per release: code, day, and what its checklist still lacks. */
function releaseLines(view: DigestView, t: Translate): string[] {
  return view.releases.map((release) =>
    isComplete(release.missing)
      ? t("digest-release-complete", { code: release.code, date: shortDay(release.releaseOn) })
      : t("digest-release-missing", {
          code: release.code,
          date: shortDay(release.releaseOn),
          items: missingItemsText(release.missing, t),
        }),
  );
}

function hasReleasedPeople(view: DigestView): boolean {
  return view.firstContact.measured > 0 || view.firstContact.withoutContact.length > 0;
}

/** The share seen within 7 days of release, then each person still without a first contact, overdue ones marked. */
function firstContactLines(view: DigestView, t: Translate, locale: string): string[] {
  const { measured, within, rate, withoutContact } = view.firstContact;
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  return [
    ...(rate === null ? [] : [t("digest-first-contact-rate", { within, measured, rate: percent.format(rate) })]),
    ...withoutContact.map((person) =>
      t(person.overdue ? "digest-first-contact-overdue" : "digest-first-contact-waiting", {
        code: view.personCodes[person.personId] ?? `#${person.personId}`,
        date: shortDay(person.releaseOn),
        days: person.daysSince,
      }),
    ),
  ];
}

/** One line per day with break-the-glass reads: who opened which code. */
function breakGlassLines(view: DigestView, t: Translate): string[] {
  const days = new Map<string, DigestView["breakGlassReads"]>();
  for (const read of view.breakGlassReads) days.set(read.on, [...(days.get(read.on) ?? []), read]);
  return [...days].map(([on, reads]) =>
    t("digest-break-glass-line", {
      date: shortDay(on),
      reads: reads.map((read) => `${read.readerName} → ${read.code}`).join("; "),
    }),
  );
}

/** One line per figure: "label: value (change)", numbers in the reader's locale; "=" when nothing changed. */
class Figures {
  private readonly now: Record<DigestCountCode, number | null>;
  private readonly before: Record<DigestCountCode, number | null>;
  private readonly number: Intl.NumberFormat;
  private readonly signed: Intl.NumberFormat;

  constructor(
    view: DigestView,
    private readonly t: Translate,
    locale: string,
  ) {
    this.now = digestCounts(view.report.current);
    this.before = digestCounts(view.report.previous);
    this.number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    this.signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: "exceptZero" });
  }

  count(code: DigestCountCode): string {
    return this.figure(
      code,
      (value) => this.number.format(value),
      (delta) => this.t("digest-change", { change: this.signed.format(delta) }),
    );
  }

  /** Minutes shown as hours and minutes ("4 h 15′"), the change too ("+1 h 10′"). */
  duration(code: DigestCountCode): string {
    return this.figure(
      code,
      (minutes) => formatDuration(minutes),
      (delta) => this.t("digest-change", { change: formatDuration(delta, { signed: true }) }),
      Math.round,
    );
  }

  /** A whole percentage; the change is the difference of the percentages shown, in points. */
  rate(code: DigestCountCode): string {
    const percent = (rate: number) => Math.round(rate * 100);
    return this.figure(
      code,
      (rate) => this.t("digest-percent", { percent: percent(rate) }),
      (delta) => this.t("digest-change-points", { change: this.signed.format(delta) }),
      percent,
    );
  }

  private figure(
    code: DigestCountCode,
    show: (value: number) => string,
    changed: (delta: number) => string,
    compared: (value: number) => number = (value) => value,
  ): string {
    const now = this.now[code];
    const before = this.before[code];
    let change = "";
    if (now !== null && before !== null) {
      const delta = compared(now) - compared(before);
      change = ` ${delta === 0 ? this.t("digest-change", { change: "=" }) : changed(delta)}`;
    }
    const value = now === null ? this.t("digest-none") : show(now);
    return this.t("digest-figure", { label: this.t(`digest-count-${code}`), value, change });
  }
}

function kindLines(
  counts: Record<string, number>,
  order: readonly string[],
  label: (kind: string) => string,
  t: Translate,
): string[] {
  const kinds = Object.keys(counts).sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  return kinds.map((kind) => t("digest-kind-line", { label: label(kind), count: counts[kind] ?? 0 }));
}

function rank(order: readonly string[], kind: string): number {
  const index = order.indexOf(kind);
  return index === -1 ? order.length : index;
}

/** Items in indented lines of `perLine`, so a long list breaks between lines, never inside an item. */
function listLines(items: readonly string[], perLine: number): string[] {
  const lines: string[] = [];
  for (let start = 0; start < items.length; start += perLine) {
    lines.push(`   ${items.slice(start, start + perLine).join(", ")}`);
  }
  return lines;
}

/**
 * Packs sections into messages of at most `limit` characters, separated by blank lines. A section that does not
 * fit in what is left starts a new message headed by `continued`; one longer than a whole message is cut between
 * lines (a single line longer than that, which the digest never writes, is cut where it must).
 */
export function splitIntoMessages(sections: readonly string[], limit: number, continued: string): string[] {
  const messages: string[] = [];
  let current = "";
  const room = limit - continued.length - 2;
  const push = (block: string) => {
    if (current === "") current = block;
    else if (current.length + 2 + block.length <= limit) current = `${current}\n\n${block}`;
    else {
      messages.push(current);
      current = `${continued}\n\n${block}`;
    }
  };
  for (const section of sections) {
    for (const block of blocks(section, room)) push(block);
  }
  if (current !== "") messages.push(current);
  return messages;
}

/** The section whole if it fits in `room`, else runs of its lines that do. */
function blocks(section: string, room: number): string[] {
  if (section.length <= room) return [section];
  const runs: string[] = [];
  let run = "";
  for (const line of section.split("\n").flatMap((whole) => chunks(whole, room))) {
    if (run === "") run = line;
    else if (run.length + 1 + line.length <= room) run = `${run}\n${line}`;
    else {
      runs.push(run);
      run = line;
    }
  }
  if (run !== "") runs.push(run);
  return runs;
}

function chunks(line: string, size: number): string[] {
  if (line.length <= size) return [line];
  return Array.from({ length: Math.ceil(line.length / size) }, (_, index) =>
    line.slice(index * size, (index + 1) * size),
  );
}
