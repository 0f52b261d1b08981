// Protected discharge (dimissione protetta): a release dated in the future opens a checklist of receiving services for
// the person's case manager and the site's network social worker (coordinators stand in when neither is set), who
// are told at once; the checklist itself is release-checklist.ts.
import { dayMonthYear } from "../domain/schedule.ts";
import { translate } from "../i18n.ts";
import { recordAudit } from "./audit.ts";
import { enqueueDelivery } from "./deliveries.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed } from "./errors.ts";
import { openShortName, SEALED_NAME } from "./person-names.ts";
import type { Writer } from "./person-scope.ts";

export const RELEASE_TRIGGERS = ["legal_status", "discharge"] as const;
export type ReleaseTrigger = (typeof RELEASE_TRIGGERS)[number];

/** Callback data of the button that opens a checklist (notices, reminders). */
export const OPEN_RELEASE = /^rel:open:([1-9]\d{0,8})$/;
export const openReleaseData = (releasePlanId: number) => `rel:open:${releasePlanId}`;

export interface Recipient {
  id: number;
  locale: string;
}

/** The case manager and the site's network social worker (active ones); the site's coordinators when neither is. */
export async function releaseRecipients(
  db: Pick<Writer, "staff" | "site">,
  release: { caseManagerId: number | null; siteId: number },
): Promise<Recipient[]> {
  const site = await db.site.findUniqueOrThrow({ where: { id: release.siteId }, select: { networkWorkerId: true } });
  const ids = [release.caseManagerId, site.networkWorkerId].filter((id): id is number => id !== null);
  const named = await db.staff.findMany({
    where: { id: { in: ids }, active: true },
    select: { id: true, locale: true },
    orderBy: { id: "asc" },
  });
  if (named.length > 0) return named;
  return db.staff.findMany({
    where: { active: true, memberships: { some: { role: "coordinator", siteId: release.siteId } } },
    select: { id: true, locale: true },
    orderBy: { id: "asc" },
  });
}

/**
 * Opens the person's checklist, or moves the release day of the one being prepared, inside the caller's transaction
 * (a legal-status change or a discharge dated in the future), and tells the people who prepare it. A release whose
 * day has passed is never moved: it keeps its day and first contact, and a later release gets a checklist of its own.
 */
export async function openRelease(
  tx: Writer,
  deps: Pick<ServiceDeps, "cipher">,
  input: { personId: number; siteId: number; releaseOn: string; trigger: ReleaseTrigger; actorId: number; at: Date },
  openedOn: string,
): Promise<number> {
  const open = await tx.releasePlan.findFirst({
    where: { personId: input.personId, status: "open", releaseOn: { gte: openedOn } },
  });
  const plan = open
    ? await tx.releasePlan.update({
        where: { id: open.id },
        data: { releaseOn: input.releaseOn, trigger: input.trigger },
      })
    : await tx.releasePlan.create({
        data: {
          personId: input.personId,
          siteId: input.siteId,
          releaseOn: input.releaseOn,
          trigger: input.trigger,
          openedOn,
          createdAt: input.at,
        },
      });
  await recordAudit(tx, deps.cipher, {
    actorId: input.actorId,
    action: "release.open",
    subjectType: "release",
    subjectId: plan.id,
    personId: input.personId,
    details: { releaseOn: input.releaseOn, trigger: input.trigger, moved: open?.releaseOn ?? null },
    at: input.at,
  });
  const person = await tx.person.findUniqueOrThrow({
    where: { id: input.personId },
    select: { ...SEALED_NAME, code: true, caseManagerId: true },
  });
  const name = openShortName(deps.cipher, person);
  for (const recipient of await releaseRecipients(tx, { caseManagerId: person.caseManagerId, siteId: plan.siteId })) {
    const message = {
      text: translate(recipient.locale, "release-opened-notice", {
        person: `${person.code} · ${name}`,
        date: dayMonthYear(input.releaseOn),
      }),
      buttons: [[{ text: translate(recipient.locale, "release-open-button"), data: openReleaseData(plan.id) }]],
    };
    const dedupeKey = `release_open:${plan.id}:${input.releaseOn}:${recipient.id}`;
    await enqueueDelivery(
      tx,
      deps.cipher,
      { dedupeKey, kind: "release_open", recipientId: recipient.id, message },
      input.at,
    );
  }
  return plan.id;
}

/** Names a site's network social worker (an active member of its staff); audited. Returns the site's name. */
export async function setNetworkWorker(deps: ServiceDeps, codePrefix: string, staffId: number): Promise<string> {
  const site = await deps.db.site.findUnique({ where: { codePrefix }, select: { id: true, name: true } });
  const member = await deps.db.staff.findFirst({
    where: { id: staffId, active: true, memberships: { some: { siteId: site?.id ?? -1 } } },
    select: { id: true },
  });
  if (!site || !member) throw notFoundOrNotAllowed();
  await deps.db.$transaction(async (tx) => {
    await tx.site.update({ where: { id: site.id }, data: { networkWorkerId: member.id } });
    await recordAudit(tx, deps.cipher, {
      actorId: null,
      action: "site.network_worker",
      subjectType: "site",
      subjectId: site.id,
      details: { staffId: member.id },
      at: deps.clock(),
    });
  });
  return site.name;
}
