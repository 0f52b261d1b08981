// Service results → chat messages: texts from the pure card builders, and the buttons that lead further.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { InlineKeyboard } from "grammy";
import {
  fitSections,
  goalsPageText,
  historyPageText,
  networkPageText,
  planCardText,
  TELEGRAM_TEXT_LIMIT,
  type Translate,
} from "../../../domain/plan-card.ts";
import { auditActionLabel, isAuditAction, isAuditVia } from "../../../domain/audit-actions.ts";
import type { AuditTrailEntry } from "../../../services/plan-access.ts";
import type { PersonSummary } from "../../../services/people.ts";
import type { PlanCardView, PlanLookup, PlanPageView } from "../../../services/plans.ts";
import { inlineKeyboard } from "../../keyboard.ts";

export interface PlanReply {
  text: string;
  keyboard?: InlineKeyboard;
  /** Holds plan content: remembered so that it can be deleted from the chat after PLAN_CARD_TTL_HOURS. */
  holdsPlan: boolean;
}

/** Callback data of the plan buttons (person ids and codes only, never names). */
export const planButton = {
  card: (personId: number) => `plan:card:${personId}`,
  goals: (personId: number) => `plan:goals:${personId}`,
  network: (personId: number) => `plan:net:${personId}`,
  history: (personId: number) => `plan:hist:${personId}`,
  fullName: (personId: number) => `plan:name:${personId}`,
  edit: (personId: number) => `plan:edit:${personId}`,
  breakGlass: (code: string) => `plan:bg:${code}`,
};

export function cardReply(view: PlanCardView, t: Translate): PlanReply {
  const id = view.personId;
  const keyboard = new InlineKeyboard()
    .text(t("plans-button-goals"), planButton.goals(id))
    .text(t("plans-button-network"), planButton.network(id))
    .text(t("plans-button-history"), planButton.history(id))
    .row()
    .text(t("plans-button-full-name"), planButton.fullName(id));
  if (view.rights.edit) {
    keyboard.row().text(t(view.facts.plan ? "plans-button-edit" : "plans-button-create"), planButton.edit(id));
  }
  return { text: planCardText(view.facts, t), keyboard, holdsPlan: true };
}

export function pageReply(view: PlanPageView, t: Translate): PlanReply {
  switch (view.page) {
    case "goals":
      return { text: goalsPageText(view.facts, t), holdsPlan: true };
    case "network":
      return { text: networkPageText(view.facts, t), holdsPlan: true };
    case "history":
      return { text: historyPageText(view.facts, t), holdsPlan: true };
  }
}

/**
 * Nothing visible gets the same words whether the person does not exist or is out of scope. A well-formed code
 * (and only the query's shape decides this) also gets the break-the-glass button; the code is never echoed.
 */
export function lookupReply(outcome: PlanLookup, t: Translate): PlanReply {
  if (outcome.kind === "card") return cardReply(outcome.view, t);
  if (outcome.kind === "choices") {
    const keyboard = inlineKeyboard(
      outcome.people.map((person) => [
        { text: `${person.code} · ${person.shortName}`, data: planButton.card(person.id) },
      ]),
    );
    const text = outcome.more ? `${t("plans-choose-person")}\n${t("plans-choose-more")}` : t("plans-choose-person");
    return { text, keyboard, holdsPlan: false };
  }
  const text = `${t("error-not-found-or-not-allowed")}\n${t(outcome.code ? "plans-none-hint-code" : "plans-none-hint-name")}`;
  const keyboard = outcome.code
    ? new InlineKeyboard().text(t("plans-button-break-glass"), planButton.breakGlass(outcome.code))
    : undefined;
  return { text, keyboard, holdsPlan: false };
}

export function localTime(instant: Date, timeZone: string, pattern = "dd/MM/yyyy HH:mm"): string {
  return format(new TZDate(instant.getTime(), timeZone), pattern);
}

function auditLine(entry: AuditTrailEntry, t: Translate, timeZone: string): string {
  // Entries written by an older version may carry an action no longer in use: named as such, never as a raw code.
  const what = isAuditAction(entry.action)
    ? t(auditActionLabel(entry.action), { page: t(`plans-audit-page-${entry.page ?? "card"}`) })
    : t("audit-action-unknown");
  const via = entry.via && entry.via !== "site" && isAuditVia(entry.via) ? ` ${t(`plans-audit-via-${entry.via}`)}` : "";
  return `• ${localTime(new Date(entry.at), timeZone)} · ${entry.actorName ?? t("plans-audit-system")} · ${what}${via}`;
}

export function auditReply(
  trail: { code: string; shortName: string; entries: AuditTrailEntry[] },
  t: Translate,
  timeZone: string,
): PlanReply {
  const text = fitSections(
    [
      {
        title: null,
        lines: [t("plans-audit-title", { code: trail.code, name: trail.shortName })],
        priority: 100,
        keep: 1,
      },
      {
        title: null,
        lines: trail.entries.length
          ? trail.entries.map((entry) => auditLine(entry, t, timeZone))
          : [t("plans-audit-empty")],
        priority: 50,
      },
    ],
    TELEGRAM_TEXT_LIMIT,
    (hidden) => t("plans-card-more", { count: hidden }),
  );
  return { text, holdsPlan: false };
}

export function withoutPlanReply(people: PersonSummary[], t: Translate): PlanReply {
  if (people.length === 0) return { text: t("plans-without-plan-none"), holdsPlan: false };
  const text = fitSections(
    [{ title: t("plans-without-plan-title"), lines: people.map((p) => `• ${p.code} · ${p.shortName}`), priority: 1 }],
    TELEGRAM_TEXT_LIMIT,
    (hidden) => t("plans-card-more", { count: hidden }),
  );
  return { text, holdsPlan: false };
}
