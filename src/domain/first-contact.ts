// The first contact after a release: any session a person attends from their release day on. The indicator "first
// contact within 7 days of release" counts calendar days in the deployment's zone (a Friday release must be seen by
// the next Friday; weekends and a DST change shift nothing). Pure: instants and today are passed in, never read.
import { addDaysIso, daysBetween, type IsoDate, localDate } from "./weeks.ts";

/** Calendar days after the release day within which the first contact counts as timely. */
export const FIRST_CONTACT_DAYS = 7;

export interface ReleaseContact {
  personId: number;
  siteId: number;
  releaseOn: IsoDate;
  /** The first session attended from the release day on (null: none yet). */
  firstContactAt: Date | null;
}

export type FirstContactStatus =
  /** Seen by the 7th day after the release day. */
  | "within"
  /** Seen, but later. */
  | "late"
  /** Not seen yet, and the 7 days are not over. */
  | "waiting"
  /** Not seen, and the 7 days are over: the alert is due. */
  | "missed";

/** The last day on which a first contact is still timely. */
export function firstContactDeadline(releaseOn: IsoDate): IsoDate {
  return addDaysIso(releaseOn, FIRST_CONTACT_DAYS);
}

/** Where a release stands on `today` (local), or null when the release day has not come yet. */
export function firstContactStatus(
  release: ReleaseContact,
  today: IsoDate,
  timeZone: string,
): FirstContactStatus | null {
  if (release.releaseOn > today) return null;
  const deadline = firstContactDeadline(release.releaseOn);
  if (release.firstContactAt !== null)
    return localDate(release.firstContactAt, timeZone) <= deadline ? "within" : "late";
  return today > deadline ? "missed" : "waiting";
}

export interface PersonWithoutContact {
  personId: number;
  releaseOn: IsoDate;
  /** Days since the release day. */
  daysSince: number;
  /** The 7 days are over. */
  overdue: boolean;
}

export interface FirstContactFigures {
  /** Releases whose 7 days are over, or already seen: the indicator's denominator. */
  measured: number;
  /** Of those, seen by the 7th day. */
  within: number;
  /** within / measured; null when nothing is measured. */
  rate: number | null;
  /** Released and not seen yet, longest waiting first. */
  withoutContact: PersonWithoutContact[];
}

export interface FirstContactIndicator {
  total: FirstContactFigures;
  /** By the site the release belongs to (the receiving site once a handover is accepted). */
  bySite: Record<number, FirstContactFigures>;
}

function figuresOf(releases: readonly ReleaseContact[], today: IsoDate, timeZone: string): FirstContactFigures {
  let measured = 0;
  let within = 0;
  const withoutContact: PersonWithoutContact[] = [];
  for (const release of releases) {
    const status = firstContactStatus(release, today, timeZone);
    if (status === null) continue;
    if (status !== "waiting") measured++;
    if (status === "within") within++;
    if (status === "waiting" || status === "missed")
      withoutContact.push({
        personId: release.personId,
        releaseOn: release.releaseOn,
        daysSince: daysBetween(release.releaseOn, today),
        overdue: status === "missed",
      });
  }
  withoutContact.sort((a, b) => b.daysSince - a.daysSince || a.personId - b.personId);
  return { measured, within, rate: measured === 0 ? null : within / measured, withoutContact };
}

/** The indicator for a programme's releases (the caller picks which: a period, the last 30 days), total and by site. */
export function firstContactIndicator(
  releases: readonly ReleaseContact[],
  today: IsoDate,
  timeZone: string,
): FirstContactIndicator {
  const siteIds = [...new Set(releases.map((release) => release.siteId))].sort((a, b) => a - b);
  return {
    total: figuresOf(releases, today, timeZone),
    bySite: Object.fromEntries(
      siteIds.map((siteId) => [
        siteId,
        figuresOf(
          releases.filter((release) => release.siteId === siteId),
          today,
          timeZone,
        ),
      ]),
    ),
  };
}
