// First contact after a release: the releases of some sites with the first session each person attended from their
// release day on (any kind, any site: whoever receives them logs it as usual), or the day a receiving service outside
// Ponte saw them, as recorded by whoever prepared the release; for the digest, the funder's sheet and the job that
// alerts when 7 days pass without one.
import { type FirstContactIndicator, firstContactIndicator, type ReleaseContact } from "../domain/first-contact.ts";
import { type IsoDate, startOfLocalDay } from "../domain/weeks.ts";
import { type Actor, canPrepareRelease } from "../domain/permissions.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import { openShortName, SEALED_NAME } from "./person-names.ts";
import { today } from "./person-scope.ts";

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
    select: { id: true, personId: true, siteId: true, releaseOn: true, firstContactOn: true },
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
    if (release.firstContactOn) since.push(startOfLocalDay(release.firstContactOn, deps.timeZone));
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

/** Callback data of the alert's button that records a first contact made outside Ponte. */
export const RECORD_FIRST_CONTACT = /^rel:fc:([1-9]\d{0,8})$/;
export const recordFirstContactData = (releasePlanId: number) => `rel:fc:${releasePlanId}`;

export interface FirstContactRelease {
  id: number;
  personId: number;
  personLabel: string;
  releaseOn: IsoDate;
}

/** A release whose day has come, for those who prepare it (case manager, network social worker, coordinators). */
export async function releaseForFirstContact(
  deps: ServiceDeps,
  actor: Actor,
  releasePlanId: number,
): Promise<FirstContactRelease> {
  const release = Number.isInteger(releasePlanId)
    ? await deps.db.releasePlan.findUnique({
        where: { id: releasePlanId },
        include: {
          person: { select: { ...SEALED_NAME, code: true, caseManagerId: true, erasedAt: true } },
          site: { select: { id: true, programmeId: true, networkWorkerId: true } },
        },
      })
    : null;
  const allowed =
    release &&
    !release.person.erasedAt &&
    release.releaseOn <= today(deps) &&
    canPrepareRelease(actor, {
      site: release.site,
      caseManagerId: release.person.caseManagerId,
      networkWorkerId: release.site.networkWorkerId,
    });
  if (!release || !allowed) throw notFoundOrNotAllowed();
  return {
    id: release.id,
    personId: release.personId,
    personLabel: `${release.person.code} · ${openShortName(deps.cipher, release.person)}`,
    releaseOn: release.releaseOn,
  };
}

/** Records the day a receiving service outside Ponte first saw the person: from the release day to today; audited. */
export async function recordFirstContact(
  deps: ServiceDeps,
  actor: Actor,
  input: { releasePlanId: number; on: IsoDate },
): Promise<void> {
  const release = await releaseForFirstContact(deps, actor, input.releasePlanId);
  if (input.on > today(deps)) throw new ServiceError("error-date-future");
  if (input.on < release.releaseOn) throw new ServiceError("first-contact-before-release");
  await deps.db.$transaction(async (tx) => {
    await tx.releasePlan.update({ where: { id: release.id }, data: { firstContactOn: input.on } });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "release.first_contact",
      subjectType: "release",
      subjectId: release.id,
      personId: release.personId,
      details: { on: input.on },
      at: deps.clock(),
    });
  });
}
