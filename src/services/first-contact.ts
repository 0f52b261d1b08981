// First contact after a release: the releases of some sites with the first session each person attended from their
// release day on (any kind, any site: whoever receives them logs it as usual), for the digest, the funder's sheet and
// the job that alerts when 7 days pass without one.
import { type FirstContactIndicator, firstContactIndicator, type ReleaseContact } from "../domain/first-contact.ts";
import { type IsoDate, startOfLocalDay } from "../domain/weeks.ts";
import type { ServiceDeps } from "./deps.ts";

export interface ReleaseWithContact extends ReleaseContact {
  releasePlanId: number;
}

/** Releases of these sites dated within [from, to], with each person's first contact since their release day. */
export async function releaseContacts(
  deps: Pick<ServiceDeps, "db" | "timeZone">,
  siteIds: readonly number[],
  range: { from: IsoDate; to: IsoDate },
): Promise<ReleaseWithContact[]> {
  const releases = await deps.db.releasePlan.findMany({
    where: { siteId: { in: [...siteIds] }, releaseOn: { gte: range.from, lte: range.to }, person: { erasedAt: null } },
    select: { id: true, personId: true, siteId: true, releaseOn: true },
    orderBy: [{ releaseOn: "asc" }, { id: "asc" }],
  });
  if (releases.length === 0) return [];
  const earliest = startOfLocalDay(releases[0]?.releaseOn ?? range.from, deps.timeZone);
  const attended = await deps.db.attendance.findMany({
    where: {
      personId: { in: [...new Set(releases.map((release) => release.personId))] },
      status: "present",
      session: { voidedAt: null, occurredAt: { gte: earliest } },
    },
    select: { personId: true, session: { select: { occurredAt: true } } },
  });
  const sessionsOf = new Map<number, Date[]>();
  for (const row of attended)
    sessionsOf.set(row.personId, [...(sessionsOf.get(row.personId) ?? []), row.session.occurredAt]);
  return releases.map((release) => {
    const dayStart = startOfLocalDay(release.releaseOn, deps.timeZone).getTime();
    const since = (sessionsOf.get(release.personId) ?? []).filter((at) => at.getTime() >= dayStart);
    return {
      releasePlanId: release.id,
      personId: release.personId,
      siteId: release.siteId,
      releaseOn: release.releaseOn,
      firstContactAt: since.length === 0 ? null : new Date(Math.min(...since.map((at) => at.getTime()))),
    };
  });
}

/** The indicator for releases of these sites dated within [from, to], as it stands on `today`. */
export async function firstContactFor(
  deps: Pick<ServiceDeps, "db" | "timeZone">,
  siteIds: readonly number[],
  range: { from: IsoDate; to: IsoDate },
  today: IsoDate,
): Promise<FirstContactIndicator> {
  return firstContactIndicator(await releaseContacts(deps, siteIds, range), today, deps.timeZone);
}
