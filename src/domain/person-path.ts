// A person's path (percorso) as dated steps in date order, a page at a time: what /persona CODE shows.
import type { IsoDate } from "./weeks.ts";

export type PathStep = { on: IsoDate } & (
  | { type: "referral"; source: string; status: string }
  | { type: "referral_declined"; reason: string }
  | { type: "intake"; siteId: number }
  | { type: "legal_status"; status: string }
  | { type: "transfer"; fromSiteId: number; toSiteId: number }
  | { type: "plan"; version: number }
  | { type: "internship_start"; host: string; until: IsoDate }
  | { type: "internship_extension"; host: string; until: IsoDate }
  | { type: "internship_end"; host: string; outcome: string }
  | { type: "hire"; employer: string; contract: string }
  | { type: "housing_in"; bed: string; until: IsoDate | null }
  | { type: "housing_renewal"; bed: string; until: IsoDate }
  | { type: "housing_out"; bed: string }
  | { type: "course_enrolment"; course: string; hours: number | null }
  | { type: "course_completed"; course: string }
  | { type: "course_certificate"; course: string }
  | { type: "event"; kind: string; severity: number }
  | { type: "discharge"; outcome: string }
);

/** Steps per page: a dozen short lines stay far below Telegram's 4096 characters and read well on a phone. */
export const PATH_PAGE_SIZE = 12;

/** Oldest first; steps of the same day keep the order they were gathered in (intake before its first status). */
export function inDateOrder(steps: readonly PathStep[]): PathStep[] {
  return steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => a.step.on.localeCompare(b.step.on) || a.index - b.index)
    .map(({ step }) => step);
}

export function pathPage(steps: readonly PathStep[], page: number): { steps: PathStep[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(steps.length / PATH_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  return { steps: steps.slice((current - 1) * PATH_PAGE_SIZE, current * PATH_PAGE_SIZE), page: current, pages };
}

/** Transfers from the dated site periods: each period after the first starts where another one ended that day. */
export function transfersOf(periods: readonly { siteId: number; fromOn: IsoDate; toOn: IsoDate | null }[]) {
  const sorted = [...periods].sort((a, b) => a.fromOn.localeCompare(b.fromOn));
  return sorted.slice(1).map((period) => ({
    on: period.fromOn,
    toSiteId: period.siteId,
    fromSiteId: sorted.find((other) => other.toOn === period.fromOn)?.siteId ?? period.siteId,
  }));
}
