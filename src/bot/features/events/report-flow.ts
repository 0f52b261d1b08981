// /evento: people (recent ones as buttons, or none) → kind → severity → description → actions/notified → confirm with
// the names of who will be alerted, "when" being now unless changed there → saved with its alerts. Each step is kept as a draft; the run's clientRef makes the save
// idempotent if the conversation is replayed after a crash.
import {
  EVENT_KINDS,
  type EventKind,
  NOTIFIED_PARTIES,
  type NotifiedParty,
  SEVERITIES,
} from "../../../domain/escalation.ts";
import { parseItalianDate, parseTimeOfDay } from "../../../domain/parse.ts";
import { clip } from "../../../domain/plan-card.ts";
import type { Actor } from "../../../domain/permissions.ts";
import { localDate } from "../../../domain/weeks.ts";
import { formatEventTime } from "../../../services/alerts.ts";
import {
  DESCRIPTION_MAX,
  OTHER_ACTIONS_MAX,
  previewAlertRecipients,
  reportableSites,
  recentPeopleToReport,
  reportEvent,
  searchPeopleToReport,
} from "../../../services/events.ts";
import { BACK, type Back, ECHO_MAX, type FlowKit, invalid, ok, type Parsed, type Step } from "../../flows/kit.ts";
import { instantAt } from "./when.ts";

interface PickedPerson {
  id: number;
  label: string;
  siteIds: number[];
}

export interface EventDraft {
  people?: PickedPerson[];
  siteId?: number;
  kind?: EventKind;
  severity?: number;
  /** Epoch milliseconds (drafts are stored as JSON). */
  occurredAt?: number;
  description?: string;
  notified?: NotifiedParty[];
  otherActions?: string | null;
}

type Site = { id: number; name: string };

const DESCRIPTION_PREVIEW = 300;

function textBetween(kit: FlowKit, min: number, max: number) {
  return (text: string): Parsed<string> => {
    const trimmed = text.trim();
    return trimmed.length >= min && trimmed.length <= max
      ? ok(trimmed)
      : invalid(kit.t("error-text-length", { min, max }));
  };
}

/** A choice to keep what was typed before, when the user comes back to a text step. */
function keepChoice(kit: FlowKit, previous: string | null | undefined) {
  return previous ? [{ label: kit.t("events-keep-text"), value: previous }] : [];
}

type PeopleAnswer =
  | { type: "only"; person: PickedPerson }
  | { type: "add"; person: PickedPerson }
  | { type: "remove"; id: number }
  | { type: "search"; query: string }
  | { type: "several" }
  | { type: "done" };

const picked = (p: { id: number; code: string; shortName: string; siteIds: number[] }): PickedPerson => ({
  id: p.id,
  label: `${p.code} · ${p.shortName}`,
  siteIds: p.siteIds,
});

/**
 * Who is involved: the people the reporter saw today and recently come first as buttons (one tap picks one and goes
 * on), a typed code or name finds others, "several people" switches to ticking, "nobody" goes on without.
 */
function peopleStep(actor: Actor): Step<EventDraft> {
  return async (kit, draft) => {
    const selected = [...(draft.people ?? [])];
    let several = selected.length > 0;
    let results: PickedPerson[] = (await kit.conversation.external(() => recentPeopleToReport(kit.deps, actor))).map(
      picked,
    );
    let notice: string | null = null;
    for (;;) {
      const text = [
        notice,
        selected.length > 0
          ? kit.t("events-people-selected", { people: selected.map((p) => p.label).join(", ") })
          : null,
        kit.t(several ? "events-ask-people" : "events-ask-person"),
      ]
        .filter(Boolean)
        .join("\n\n");
      const unselected = results.filter((r) => !selected.some((s) => s.id === r.id));
      const answer = await kit.ask<PeopleAnswer>({
        text,
        choices: several
          ? [
              ...selected.map((p) => ({ label: `☑️ ${p.label}`, value: { type: "remove" as const, id: p.id } })),
              ...unselected.map((person) => ({ label: `⬜ ${person.label}`, value: { type: "add" as const, person } })),
              {
                label:
                  selected.length > 0
                    ? kit.t("events-people-done", { count: selected.length })
                    : kit.t("events-people-nobody"),
                value: { type: "done" as const },
              },
            ]
          : [
              ...unselected.map((person) => ({ label: person.label, value: { type: "only" as const, person } })),
              { label: kit.t("events-people-several"), value: { type: "several" as const } },
              { label: kit.t("events-people-nobody"), value: { type: "done" as const } },
            ],
        back: false,
        parseText: (query) =>
          query.trim().length >= 2
            ? ok({ type: "search" as const, query: query.trim() })
            : invalid(kit.t("events-people-query-short")),
      });
      if (answer === BACK) return BACK;
      if (answer.type === "only") {
        draft.people = [answer.person];
        return "next";
      }
      if (answer.type === "done") {
        draft.people = selected;
        return "next";
      }
      if (answer.type === "several") several = true;
      if (answer.type === "add") selected.push(answer.person);
      if (answer.type === "remove")
        selected.splice(
          selected.findIndex((p) => p.id === answer.id),
          1,
        );
      notice = null;
      if (answer.type === "search") {
        const found = await kit.conversation.external(() => searchPeopleToReport(kit.deps, actor, answer.query));
        if (found.length === 0) notice = kit.t("events-people-no-match", { query: clip(answer.query, ECHO_MAX) });
        else results = found.map(picked);
      }
    }
  };
}

/** The event's site: asked only when the people involved (or the user's sites) leave more than one. */
function siteStep(sites: Site[]): Step<EventDraft> {
  return async (kit, draft) => {
    const people = draft.people ?? [];
    const candidates = people.length === 0 ? sites : sites.filter((s) => people.some((p) => p.siteIds.includes(s.id)));
    if (candidates.length === 1) {
      draft.siteId = candidates[0]?.id;
      return "skip";
    }
    const value = await kit.ask<number>({
      text: kit.t("events-ask-site"),
      choices: (candidates.length > 0 ? candidates : sites).map((s) => ({ label: s.name, value: s.id })),
    });
    if (value === BACK) return BACK;
    draft.siteId = value;
    return "next";
  };
}

const kindStep: Step<EventDraft> = async (kit, draft) => {
  const value = await kit.ask<EventKind>({
    text: kit.t("events-ask-kind"),
    choices: EVENT_KINDS.map((kind) => ({ label: kit.t(`events-kind-${kind}`), value: kind })),
    columns: 2,
  });
  if (value === BACK) return BACK;
  draft.kind = value;
  return "next";
};

const severityStep: Step<EventDraft> = async (kit, draft) => {
  const value = await kit.ask<number>({
    text: kit.t("events-ask-severity"),
    choices: SEVERITIES.map((severity) => ({
      label: kit.t("events-severity-choice", { severity, label: kit.t(`events-severity-${severity}`) }),
      value: severity,
    })),
  });
  if (value === BACK) return BACK;
  draft.severity = value;
  return "next";
};

/** A time today (or on `date`), refused when it lies in the future. */
function pastInstant(kit: FlowKit, date: string, text: string, now: Date): Parsed<number> {
  const time = parseTimeOfDay(text);
  if (!time || !/[:.]/.test(text)) return invalid(kit.t("events-time-invalid"));
  const instant = instantAt(date, time, kit.deps.timeZone);
  return instant.getTime() > now.getTime() ? invalid(kit.t("events-when-future")) : ok(instant.getTime());
}

type WhenAnswer = { type: "now" } | { type: "today" } | { type: "other" } | { type: "at"; ms: number };

/** When it happened: asked only from the confirmation, where "now" (the start of the report) is the default. */
const whenStep: Step<EventDraft> = async (kit, draft) => {
  const now = await kit.now();
  const today = localDate(now, kit.deps.timeZone);
  for (;;) {
    const answer = await kit.ask<WhenAnswer>({
      text: kit.t("events-ask-when"),
      choices: [
        { label: kit.t("events-when-now"), value: { type: "now" } },
        { label: kit.t("events-when-today"), value: { type: "today" } },
        { label: kit.t("date-other"), value: { type: "other" } },
      ],
      columns: 3,
      parseText: (text) => {
        const parsed = pastInstant(kit, today, text, now);
        return parsed.ok ? ok({ type: "at", ms: parsed.value }) : parsed;
      },
    });
    if (answer === BACK) return BACK;
    if (answer.type === "now" || answer.type === "at") {
      draft.occurredAt = answer.type === "now" ? now.getTime() : answer.ms;
      return "next";
    }
    let date: string | Back = today;
    if (answer.type === "other") {
      date = await kit.ask<string>({
        text: kit.t("events-ask-date"),
        parseText: (text) => {
          const parsed = parseItalianDate(text, today);
          if (!parsed) return invalid(kit.t("error-date-format"));
          return parsed > today ? invalid(kit.t("error-date-future")) : ok(parsed);
        },
      });
      if (date === BACK) continue;
    }
    const day = date;
    const at = await kit.ask<number>({
      text: kit.t("events-ask-time"),
      parseText: (text) => pastInstant(kit, day, text, now),
    });
    if (at === BACK) continue;
    draft.occurredAt = at;
    return "next";
  }
};

const descriptionStep: Step<EventDraft> = async (kit, draft) => {
  const value = await kit.ask<string>({
    text: kit.t("events-ask-description", { max: DESCRIPTION_MAX }),
    choices: keepChoice(kit, draft.description),
    parseText: textBetween(kit, 1, DESCRIPTION_MAX),
  });
  if (value === BACK) return BACK;
  draft.description = value;
  return "next";
};

/** Actions taken and whom the reporter already informed; "other" asks what. */
const notifiedStep: Step<EventDraft> = async (kit, draft) => {
  for (;;) {
    const chosen = new Set(draft.notified ?? []);
    const states = await kit.toggles<"yes" | "no">({
      text: kit.t("events-ask-notified"),
      items: NOTIFIED_PARTIES.map((code) => ({ key: code, label: kit.t(`events-notified-${code}`) })),
      states: Object.fromEntries(NOTIFIED_PARTIES.map((code) => [code, chosen.has(code) ? "yes" : "no"])),
      cycle: ["no", "yes"],
      icon: { yes: "☑️", no: "⬜" },
      confirmLabel: kit.t("flow-confirm"),
      columns: 2,
    });
    if (states === BACK) return BACK;
    draft.notified = NOTIFIED_PARTIES.filter((code) => states[code] === "yes");
    if (!draft.notified.includes("other")) {
      draft.otherActions = null;
      return "next";
    }
    const other = await kit.ask<string>({
      text: kit.t("events-ask-other-actions", { max: OTHER_ACTIONS_MAX }),
      choices: keepChoice(kit, draft.otherActions),
      parseText: textBetween(kit, 1, OTHER_ACTIONS_MAX),
    });
    if (other === BACK) continue;
    draft.otherActions = other;
    return "next";
  }
};

function summary(kit: FlowKit, draft: EventDraft, sites: Site[]): string {
  const description = draft.description ?? "";
  const lines = [
    kit.t("events-summary-people", {
      people: draft.people?.length ? draft.people.map((p) => p.label).join(", ") : kit.t("events-people-none"),
    }),
    kit.t("events-summary-site", { site: sites.find((s) => s.id === draft.siteId)?.name ?? "—" }),
    kit.t("events-summary-kind", { kind: kit.t(`events-kind-${draft.kind ?? "other"}`) }),
    kit.t("events-summary-severity", {
      severity: draft.severity ?? 1,
      label: kit.t(`events-severity-${draft.severity ?? 1}`),
    }),
    kit.t("events-summary-when", { when: formatEventTime(new Date(draft.occurredAt ?? 0), kit.deps.timeZone) }),
    kit.t("events-summary-description", {
      text: description.length > DESCRIPTION_PREVIEW ? `${description.slice(0, DESCRIPTION_PREVIEW)}…` : description,
    }),
  ];
  const notified = (draft.notified ?? []).map((code) => kit.t(`events-notified-${code}`));
  if (notified.length > 0) lines.push(kit.t("events-summary-notified", { list: notified.join(", ") }));
  if (draft.otherActions) lines.push(kit.t("events-detail-other", { text: draft.otherActions }));
  return lines.join("\n");
}

export function reportFlow(kickOutbox: () => void) {
  return async (kit: FlowKit): Promise<void> => {
    const staff = await kit.staff();
    if (!staff?.active) return;
    const actor = staff.actor;
    const sites = await kit.conversation.external(() => reportableSites(kit.deps, actor));
    if (sites.length === 0) return kit.finish(kit.t("events-no-site"));
    // Recorded by the conversation, so a replay of this run saves under the same reference.
    const clientRef = `event:${kit.userId}:${(await kit.conversation.random()).toString(36).slice(2, 14)}`;
    const resumed = await kit.offerDraft<EventDraft>(
      (d) =>
        [d.kind ? kit.t(`events-kind-${d.kind}`) : null, d.people?.map((p) => p.label).join(", ")]
          .filter(Boolean)
          .join(" · ") || "—",
    );
    const draft: EventDraft = resumed?.data ?? {};
    draft.occurredAt ??= (await kit.now()).getTime();
    const steps = [peopleStep(actor), siteStep(sites), kindStep, severityStep, descriptionStep, notifiedStep];
    let startAt = Math.min(resumed?.step ?? 0, steps.length - 1);
    for (;;) {
      if (!(await kit.runSteps(steps, draft, startAt))) return;
      const siteId = draft.siteId as number;
      const recipients = await kit.call((deps) => previewAlertRecipients(deps, actor, siteId));
      if ("failed" in recipients) return kit.finish(recipients.failed);
      const answer = await kit.ask<"send" | "when">({
        text: [
          kit.t("events-confirm-title"),
          summary(kit, draft, sites),
          "",
          recipients.length > 0
            ? kit.t("events-confirm-recipients", { count: recipients.length, names: recipients.join(", ") })
            : kit.t("events-confirm-nobody"),
        ].join("\n"),
        choices: [
          { label: kit.t("events-confirm-send"), value: "send" },
          { label: kit.t("events-change-when"), value: "when" },
        ],
      });
      if (answer === "send") break;
      if (answer === "when") {
        if ((await whenStep(kit, draft)) !== BACK) await kit.saveDraft(steps.length, draft);
        startAt = steps.length;
        continue;
      }
      startAt = steps.length - 1;
    }
    const saved = await kit.call(async (deps) => {
      const result = await reportEvent(deps, actor, {
        clientRef,
        siteId: draft.siteId as number,
        personIds: (draft.people ?? []).map((p) => p.id),
        kind: draft.kind as EventKind,
        severity: draft.severity as number,
        occurredAt: new Date(draft.occurredAt as number),
        description: draft.description as string,
        notified: draft.notified ?? [],
        otherActions: draft.otherActions ?? null,
      });
      kickOutbox();
      return result;
    });
    if ("failed" in saved) return kit.finish(saved.failed);
    await kit.discardDraft();
    await kit.finish(
      saved.alerted.length > 0
        ? kit.t("events-saved", {
            id: String(saved.eventId),
            count: saved.alerted.length,
            names: saved.alerted.join(", "),
          })
        : kit.t("events-saved-nobody", { id: String(saved.eventId) }),
    );
  };
}
