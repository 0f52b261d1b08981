// The Percorso view: the person's steps in date order, a dozen per page with ◀️ ▶️ (callback "pth:<id>:<page>").
import { InlineKeyboard } from "grammy";
import { type PathStep, pathPage } from "../../../domain/person-path.ts";
import { TELEGRAM_TEXT_LIMIT } from "../../../domain/plan-card.ts";
import { dayMonthYear } from "../../../domain/schedule.ts";
import type { PersonPathView } from "../../../services/person-path.ts";

type T = (key: string, params?: Record<string, string | number>) => string;

function line(t: T, step: PathStep, siteName: (id: number) => string): string {
  switch (step.type) {
    case "referral":
      return t("path-referral", {
        source: t(`referral-source-${step.source}`),
        status: t(`referral-status-${step.status}`),
      });
    case "referral_declined":
      return t("path-referral-declined", { reason: t(`referral-decline-${step.reason}`) });
    case "intake":
      return t("path-intake", { site: siteName(step.siteId) });
    case "legal_status":
      return t("path-legal-status", { status: t(`legal-${step.status}`) });
    case "transfer":
      return t("path-transfer", { from: siteName(step.fromSiteId), to: siteName(step.toSiteId) });
    case "plan":
      return t("path-plan", { version: step.version });
    case "internship_start":
      return t("path-internship-start", { host: step.host, until: dayMonthYear(step.until) });
    case "internship_extension":
      return t("path-internship-extension", { host: step.host, until: dayMonthYear(step.until) });
    case "internship_end":
      return t("path-internship-end", { host: step.host, outcome: t(`internship-outcome-${step.outcome}`) });
    case "hire":
      return t("path-hire", { employer: step.employer, contract: t(`contract-${step.contract}`) });
    case "housing_in":
      return t("path-housing-in", { bed: step.bed, until: step.until ? dayMonthYear(step.until) : "—" });
    case "housing_renewal":
      return t("path-housing-renewal", { bed: step.bed, until: dayMonthYear(step.until) });
    case "housing_out":
      return t("path-housing-out", { bed: step.bed });
    case "course_enrolment":
      return t("path-course-enrolment", { course: step.course, hours: step.hours ?? "—" });
    case "course_completed":
      return t("path-course-completed", { course: step.course });
    case "course_certificate":
      return t("path-course-certificate", { course: step.course });
    case "event":
      return t("path-event", { kind: t(`events-kind-${step.kind}`), severity: step.severity });
    case "discharge":
      return t("path-discharge", { outcome: t(`discharge-outcome-${step.outcome}`) });
  }
}

export function renderPath(
  t: T,
  view: PersonPathView,
  page: number,
  siteName: (id: number) => string,
): { text: string; keyboard?: InlineKeyboard } {
  const shown = pathPage(view.steps, page);
  const lines = [t("path-title", { code: view.code, name: view.shortName })];
  if (view.steps.length === 0) lines.push(t("path-empty"));
  for (const step of shown.steps) lines.push(`${dayMonthYear(step.on)} · ${line(t, step, siteName)}`);
  if (shown.pages > 1) lines.push("", t("path-page", { page: shown.page, pages: shown.pages }));
  const joined = lines.join("\n");
  const text = joined.length <= TELEGRAM_TEXT_LIMIT ? joined : `${joined.slice(0, TELEGRAM_TEXT_LIMIT - 1)}…`;
  if (shown.pages === 1) return { text };
  const previous = shown.page === 1 ? shown.pages : shown.page - 1;
  const next = shown.page === shown.pages ? 1 : shown.page + 1;
  return {
    text,
    keyboard: new InlineKeyboard()
      .text("◀️", `pth:${view.personId}:${previous}`)
      .text("▶️", `pth:${view.personId}:${next}`),
  };
}
