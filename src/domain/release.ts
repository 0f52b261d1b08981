// A protected discharge (dimissione protetta): the receiving services a person needs on the first days outside, what
// each still lacks, and when the people preparing it are reminded. Pure: dates are passed in, never read.
import { legalStatusGroup } from "./legal-status.ts";
import { daysBetween, type IsoDate } from "./weeks.ts";

/** Codes never change meaning once in use (docs/data-model.md). */
export const RECEIVING_SERVICE_KINDS = [
  "cps",
  "serd",
  "municipal_social_services",
  "uepe",
  "residential_community",
  "housing",
  "employer",
  "other",
] as const;
export type ReceivingServiceKind = (typeof RECEIVING_SERVICE_KINDS)[number];

/** What a receiving service needs before the release day, in the order the checklist asks for it. */
export const RELEASE_ITEMS = ["contact", "appointment", "consent"] as const;
export type ReleaseItem = (typeof RELEASE_ITEMS)[number];

/**
 * What a consent lets the receiving service see: the plan (crisis notes, goals, network), or the plan and the recent
 * critical events. Codes never change meaning once in use.
 */
export const CONSENT_SCOPES = ["plan", "plan_and_events"] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export interface Consent {
  consentOn: IsoDate | null;
  consentScope: string | null;
  consentWithdrawnOn: IsoDate | null;
}

/** The scope of a consent given and not withdrawn; null when there is none (only crisis notes may be shared). */
export function validConsentScope(consent: Consent): ConsentScope | null {
  if (consent.consentOn === null || consent.consentWithdrawnOn !== null) return null;
  return (CONSENT_SCOPES as readonly string[]).includes(consent.consentScope ?? "")
    ? (consent.consentScope as ConsentScope)
    : "plan";
}

/** Days before the release when whoever prepares it hears what is still missing. */
export const RELEASE_REMINDER_DAYS = [30, 14, 7, 2] as const;

/** How far ahead the digest looks for releases. */
export const RELEASE_HORIZON_DAYS = 30;

export interface ReceivingServiceState extends Consent {
  kind: string;
  hasContact: boolean;
  firstAppointmentOn: IsoDate | null;
}

export interface MissingItems {
  /** No receiving service is named yet. */
  noServices: boolean;
  /** Per service, the items it still lacks (services with nothing missing are left out). */
  services: { kind: string; missing: ReleaseItem[] }[];
}

export function missingItems(services: readonly ReceivingServiceState[]): MissingItems {
  return {
    noServices: services.length === 0,
    services: services
      .map((service) => ({
        kind: service.kind,
        missing: RELEASE_ITEMS.filter(
          (item) =>
            (item === "contact" && !service.hasContact) ||
            (item === "appointment" && service.firstAppointmentOn === null) ||
            (item === "consent" && validConsentScope(service) === null),
        ),
      }))
      .filter((service) => service.missing.length > 0),
  };
}

export function isComplete(missing: MissingItems): boolean {
  return !missing.noServices && missing.services.length === 0;
}

/**
 * A change that takes the person out of prison (end of sentence, an alternative measure, house arrest): from a
 * detained status to any other group, or to "released" from anywhere.
 */
export function isReleaseChange(before: string | null, after: string): boolean {
  if (after === "released") return before !== "released";
  return legalStatusGroup(before) === "detained" && legalStatusGroup(after) !== "detained";
}

/**
 * The reminder due on `today`: the nearest milestone (30, 14, 7, 2 days before) already reached, unless the checklist
 * was opened after it (the opening notice said as much) or the release day has come. Each milestone is due on every
 * day until the next one, so a day the job did not run is caught up; the caller sends each milestone once.
 */
export function dueReleaseReminder(releaseOn: IsoDate, openedOn: IsoDate, today: IsoDate): number | null {
  const daysLeft = daysBetween(today, releaseOn);
  if (daysLeft <= 0) return null;
  const reached = [...RELEASE_REMINDER_DAYS].reverse().find((days) => daysLeft <= days);
  if (reached === undefined) return null;
  return daysBetween(openedOn, releaseOn) > reached ? reached : null;
}

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** "CPS: referente, primo appuntamento; SerD: consenso", or that no service is named yet; "" when nothing is missing. */
export function missingItemsText(missing: MissingItems, t: Translate): string {
  if (missing.noServices) return t("release-missing-no-services");
  return missing.services
    .map((service) =>
      t("release-missing-service", {
        service: t(`release-service-${service.kind}`),
        items: service.missing.map((item) => t(`release-item-${item}`)).join(", "),
      }),
    )
    .join("; ");
}
