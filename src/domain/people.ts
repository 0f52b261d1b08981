// How people are shown in chat: code and first name with the family-name initial, never more.
export function shortName(givenName: string, familyName: string): string {
  const initial = familyName.trim().charAt(0).toLocaleUpperCase("it");
  return initial ? `${givenName.trim()} ${initial}.` : givenName.trim();
}

export function personLabel(code: string, givenName: string, familyName: string): string {
  return `${code} · ${shortName(givenName, familyName)}`;
}

const CODE_PATTERN = /^[A-Z]{2,5}-\d{3,6}$/;

export function normalisePersonCode(text: string): string | null {
  const candidate = text
    .trim()
    .toUpperCase()
    .replace(/\s+/g, "")
    .replace(/^([A-Z]{2,5})(\d)/, "$1-$2");
  return CODE_PATTERN.test(candidate) ? candidate : null;
}

const PLAN_LINK_PREFIX = "p_";

/** The /start payload of a link to a person's plan card (t.me/<bot>?start=p_BOL-0001). */
export function planLinkPayload(code: string): string {
  return `${PLAN_LINK_PREFIX}${code}`;
}

/** The person code a /start payload links to, as typed (checked by the plan look-up); null for other payloads. */
export function planLinkCode(payload: string): string | null {
  const trimmed = payload.trim();
  return trimmed.startsWith(PLAN_LINK_PREFIX) ? trimmed.slice(PLAN_LINK_PREFIX.length) : null;
}

export function nextPersonCode(prefix: string, existingCodes: readonly string[]): string {
  let highest = 0;
  for (const code of existingCodes) {
    const match = code.match(/-(\d+)$/);
    if (code.startsWith(`${prefix}-`) && match) highest = Math.max(highest, Number(match[1]));
  }
  return `${prefix}-${String(highest + 1).padStart(4, "0")}`;
}

/** In charge on a date: taken on by then and not yet discharged. */
export function isInCharge(person: { intakeOn: string; dischargeOn: string | null }, date: string): boolean {
  return person.intakeOn <= date && (person.dischargeOn === null || person.dischargeOn > date);
}

/** A stay of a person at a site: from intake or a transfer in, until the day of a transfer away (null: still there). */
export interface SitePeriod {
  siteId: number;
  fromOn: string;
  toOn: string | null;
}

/** The sites a person was at on a date (a transfer day belongs to the new site). */
export function siteIdsOn(periods: readonly SitePeriod[], date: string): number[] {
  return periods.filter((p) => p.fromOn <= date && (p.toOn === null || p.toOn > date)).map((p) => p.siteId);
}

/** The sites a person is at now: the periods no transfer has closed. */
export function currentSiteIds(periods: readonly SitePeriod[]): number[] {
  return periods.filter((p) => p.toOn === null).map((p) => p.siteId);
}
