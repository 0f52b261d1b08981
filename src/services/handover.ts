// Handover to another site of the deployment: whoever prepares a protected discharge hands the case over; the
// receiving site's coordinators get the handover card (crisis notes; goals, network and recent events only as far as
// the person's consent to that receiving service goes) and accept it in
// one tap, which moves the person there; then they name the case manager. Unaccepted after a working day, the
// programme's admins are told. The sending team keeps reading the records for 30 days, then loses it, audited.
import { subDays } from "date-fns/subDays";
import { type HandoverCardFacts, handoverCardText } from "../domain/plan-card.ts";
import { handoverEscalationDueAt, handoverReadUntil } from "../domain/handover.ts";
import { type Actor, canManageSite, canPrepareRelease, hasRoleAt } from "../domain/permissions.ts";
import { validConsentScope } from "../domain/release.ts";
import { localDate } from "../domain/weeks.ts";
import { translate } from "../i18n.ts";
import { recordAudit } from "./audit.ts";
import type { Cipher } from "./crypto.ts";
import { enqueueDelivery } from "./deliveries.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import { openShortName, SEALED_NAME } from "./person-names.ts";
import type { Writer } from "./person-scope.ts";
import { openCrisisNotes } from "./plans.ts";
import { findStaffById, listSites } from "./staff.ts";

/** Callback data of the receiving coordinator's "Accept" button. */
export const ACCEPT_HANDOVER = /^ho:acc:([1-9]\d{0,8})$/;
export const acceptHandoverData = (handoverId: number) => `ho:acc:${handoverId}`;
/** Events of the last 30 days go on the card, as on the plan card. */
const EVENT_DAYS = 30;

/** The sites a release may be handed over to: the deployment's other active sites. */
export async function handoverTargets(
  deps: ServiceDeps,
  actor: Actor,
  releasePlanId: number,
): Promise<{ id: number; name: string }[]> {
  const release = await preparedRelease(deps, actor, releasePlanId);
  return (await listSites(deps))
    .filter((site) => site.id !== release.siteId)
    .map((site) => ({ id: site.id, name: site.name }));
}

async function preparedRelease(deps: ServiceDeps, actor: Actor, releasePlanId: number) {
  const release = await deps.db.releasePlan.findUnique({
    where: { id: releasePlanId },
    include: {
      person: { select: { caseManagerId: true, erasedAt: true } },
      site: { select: { id: true, programmeId: true, networkWorkerId: true } },
    },
  });
  const allowed =
    release &&
    !release.person.erasedAt &&
    release.status === "open" &&
    canPrepareRelease(actor, {
      site: release.site,
      caseManagerId: release.person.caseManagerId,
      networkWorkerId: release.site.networkWorkerId,
    });
  if (!release || !allowed) throw notFoundOrNotAllowed();
  return release;
}

/**
 * The card's facts: crisis notes from the active plan; with the receiving service's valid consent, its goals and
 * network, and the person's events of the last 30 days when the consent covers them. Nothing else is even opened.
 */
async function handoverCardFacts(
  db: Writer,
  cipher: Cipher,
  handover: { personId: number; fromSiteId: number; toSiteId: number; releaseServiceId: number | null },
  now: Date,
): Promise<HandoverCardFacts> {
  const [person, plan, sites, release, service] = await Promise.all([
    db.person.findUniqueOrThrow({
      where: { id: handover.personId },
      select: { ...SEALED_NAME, code: true },
    }),
    db.plan.findFirst({
      where: { personId: handover.personId, status: "active" },
      include: { goals: { orderBy: { id: "asc" } }, network: { orderBy: { id: "asc" } } },
    }),
    db.site.findMany({
      where: { id: { in: [handover.fromSiteId, handover.toSiteId] } },
      select: { id: true, name: true },
    }),
    db.releasePlan.findFirst({
      where: { personId: handover.personId, status: "open" },
      orderBy: { releaseOn: "desc" },
      select: { releaseOn: true },
    }),
    handover.releaseServiceId === null
      ? null
      : db.releaseService.findUnique({
          where: { id: handover.releaseServiceId },
          select: { consentOn: true, consentScope: true, consentWithdrawnOn: true },
        }),
  ]);
  const scope = service ? validConsentScope(service) : null;
  const events =
    scope === "plan_and_events"
      ? await db.criticalEventPerson.findMany({
          where: { personId: handover.personId, event: { occurredAt: { gte: subDays(now, EVENT_DAYS), lte: now } } },
          orderBy: { event: { occurredAt: "desc" } },
          select: { event: { select: { occurredOn: true, kind: true, severity: true } } },
        })
      : [];
  const siteName = (id: number) => sites.find((site) => site.id === id)?.name ?? "—";
  const shared = scope !== null;
  return {
    personLabel: `${person.code} · ${openShortName(cipher, person)}`,
    fromSite: siteName(handover.fromSiteId),
    toSite: siteName(handover.toSiteId),
    releaseOn: release?.releaseOn ?? null,
    crisis: plan ? openCrisisNotes(cipher, plan) : null,
    activeGoals: (shared ? (plan?.goals ?? []) : [])
      .filter((goal) => goal.status === "open")
      .map((goal) => ({
        area: goal.area,
        text: cipher.decrypt(goal.textEnc, "PlanGoal.textEnc", goal.id),
        status: goal.status,
        targetOn: goal.targetOn,
      })),
    network: (shared ? (plan?.network ?? []) : []).map((contact) => ({
      service: contact.service,
      referent: cipher.decryptOptional(contact.referentEnc, "PlanNetworkContact.referentEnc", contact.id),
      phone: cipher.decryptOptional(contact.phoneEnc, "PlanNetworkContact.phoneEnc", contact.id),
    })),
    recentEvents: events.map(({ event }) => ({ on: event.occurredOn, kind: event.kind, severity: event.severity })),
    consent: scope && service?.consentOn ? { on: service.consentOn, scope } : null,
  };
}

/** Active coordinators of a site, for the handover card and its escalation. */
function coordinatorsOf(db: Writer, siteId: number) {
  return db.staff.findMany({
    where: { active: true, memberships: { some: { role: "coordinator", siteId } } },
    select: { id: true, locale: true },
    orderBy: { id: "asc" },
  });
}

/** Hands the person of a release over to another site: the receiving coordinators get the card with "Accept". */
export async function requestHandover(
  deps: ServiceDeps,
  actor: Actor,
  input: { releasePlanId: number; toSiteId: number; releaseServiceId?: number | null },
): Promise<{ id: number; toSite: string }> {
  const release = await preparedRelease(deps, actor, input.releasePlanId);
  const target = (await handoverTargets(deps, actor, release.id)).find((site) => site.id === input.toSiteId);
  const releaseServiceId = input.releaseServiceId ?? null;
  const service =
    releaseServiceId === null
      ? null
      : await deps.db.releaseService.findFirst({ where: { id: releaseServiceId, releasePlanId: release.id } });
  if (!target || (releaseServiceId !== null && !service)) throw notFoundOrNotAllowed();
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    if (await tx.handover.findFirst({ where: { personId: release.personId, status: "pending" }, select: { id: true } }))
      throw new ServiceError("handover-already-pending");
    const handover = await tx.handover.create({
      data: {
        personId: release.personId,
        fromSiteId: release.siteId,
        toSiteId: target.id,
        releaseServiceId,
        requestedById: actor.staffId,
        requestedAt: now,
      },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "handover.request",
      subjectType: "handover",
      subjectId: handover.id,
      personId: release.personId,
      details: {
        fromSiteId: release.siteId,
        toSiteId: target.id,
        releaseServiceId,
        consent: service ? validConsentScope(service) : null,
      },
      at: now,
    });
    const facts = await handoverCardFacts(tx, deps.cipher, handover, now);
    for (const recipient of await coordinatorsOf(tx, target.id)) {
      const t = (key: string, params?: Record<string, string | number>) => translate(recipient.locale, key, params);
      await enqueueDelivery(
        tx,
        deps.cipher,
        {
          dedupeKey: `handover:${handover.id}:${recipient.id}`,
          kind: "handover",
          recipientId: recipient.id,
          message: {
            text: handoverCardText(facts, t),
            buttons: [[{ text: t("handover-accept-button"), data: acceptHandoverData(handover.id) }]],
          },
        },
        now,
      );
    }
    return { id: handover.id, toSite: target.name };
  });
}

export interface AcceptedHandover {
  personId: number;
  personLabel: string;
  toSiteId: number;
  /** Staff of the receiving site who may become the case manager. */
  candidates: { id: number; name: string }[];
}

/**
 * Accepts a pending handover (a coordinator of the receiving site): the person moves to that site today and the
 * sending team reads for 30 more days. Accepting one already accepted only shows it again.
 */
export async function acceptHandover(deps: ServiceDeps, actor: Actor, handoverId: number): Promise<AcceptedHandover> {
  const handover = Number.isInteger(handoverId)
    ? await deps.db.handover.findUnique({
        where: { id: handoverId },
        include: { toSite: { select: { id: true, programmeId: true } }, person: { select: { erasedAt: true } } },
      })
    : null;
  if (!handover || handover.person.erasedAt || !canManageSite(actor, handover.toSite)) throw notFoundOrNotAllowed();
  const now = deps.clock();
  const today = localDate(now, deps.timeZone);
  await deps.db.$transaction(async (tx) => {
    const claimed = await tx.handover.updateMany({
      where: { id: handover.id, status: "pending" },
      data: {
        status: "accepted",
        acceptedById: actor.staffId,
        acceptedAt: now,
        readUntil: handoverReadUntil(now, deps.timeZone),
      },
    });
    if (claimed.count === 0) return;
    const open = await tx.personSite.findMany({ where: { personId: handover.personId, toOn: null } });
    for (const stay of open.filter((row) => row.siteId === handover.fromSiteId)) {
      // A handover on the day of arrival replaces that stay rather than leaving an empty period.
      if (stay.fromOn >= today) await tx.personSite.delete({ where: { id: stay.id } });
      else await tx.personSite.update({ where: { id: stay.id }, data: { toOn: today } });
    }
    if (!open.some((row) => row.siteId === handover.toSiteId))
      await tx.personSite.create({ data: { personId: handover.personId, siteId: handover.toSiteId, fromOn: today } });
    await tx.releasePlan.updateMany({
      where: { personId: handover.personId, status: "open", siteId: handover.fromSiteId },
      data: { siteId: handover.toSiteId },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "handover.accept",
      subjectType: "handover",
      subjectId: handover.id,
      personId: handover.personId,
      details: { fromSiteId: handover.fromSiteId, toSiteId: handover.toSiteId, on: today },
      at: now,
    });
  });
  const [person, staff] = await Promise.all([
    deps.db.person.findUniqueOrThrow({
      where: { id: handover.personId },
      select: { ...SEALED_NAME, code: true },
    }),
    deps.db.staff.findMany({
      where: {
        active: true,
        memberships: { some: { siteId: handover.toSiteId, role: { in: ["operator", "coordinator"] } } },
      },
      select: { id: true, displayName: true },
      orderBy: { displayName: "asc" },
    }),
  ]);
  return {
    personId: handover.personId,
    personLabel: `${person.code} · ${openShortName(deps.cipher, person)}`,
    toSiteId: handover.toSiteId,
    candidates: staff.map((member) => ({ id: member.id, name: member.displayName })),
  };
}

/** The receiving coordinator names the case manager among the staff of the receiving site. */
export async function assignHandoverCaseManager(
  deps: ServiceDeps,
  actor: Actor,
  input: { handoverId: number; staffId: number },
): Promise<void> {
  const handover = await deps.db.handover.findUnique({
    where: { id: input.handoverId },
    include: { toSite: { select: { id: true, programmeId: true } } },
  });
  if (handover?.status !== "accepted" || !canManageSite(actor, handover.toSite)) throw notFoundOrNotAllowed();
  const member = await findStaffById(deps, input.staffId);
  const works = member?.active && hasRoleAt(member.actor, handover.toSite, ["operator", "coordinator"]);
  if (!member || !works) throw notFoundOrNotAllowed();
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    await tx.person.update({ where: { id: handover.personId }, data: { caseManagerId: member.id } });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "handover.case_manager",
      subjectType: "handover",
      subjectId: handover.id,
      personId: handover.personId,
      details: { caseManagerId: member.id },
      at: now,
    });
  });
}

/** Handovers still pending a working day after the request go to the programme's admins, once. */
export async function escalateHandovers(deps: ServiceDeps): Promise<number> {
  const now = deps.clock();
  const pending = await deps.db.handover.findMany({
    where: { status: "pending", escalatedAt: null, person: { erasedAt: null } },
    include: { toSite: { select: { name: true, programmeId: true } }, person: { select: { code: true } } },
  });
  let queued = 0;
  for (const handover of pending) {
    if (handoverEscalationDueAt(handover.requestedAt, deps.timeZone) > now) continue;
    await deps.db.$transaction(async (tx) => {
      const admins = await tx.staff.findMany({
        where: {
          active: true,
          memberships: {
            some: { role: "admin", OR: [{ programmeId: null }, { programmeId: handover.toSite.programmeId }] },
          },
        },
        select: { id: true, locale: true },
      });
      for (const admin of admins) {
        const message = {
          text: translate(admin.locale, "handover-escalated", {
            code: handover.person.code,
            site: handover.toSite.name,
          }),
          buttons: [
            [{ text: translate(admin.locale, "handover-accept-button"), data: acceptHandoverData(handover.id) }],
          ],
        };
        const request = {
          dedupeKey: `handover_escalation:${handover.id}:${admin.id}`,
          kind: "handover_escalation",
          recipientId: admin.id,
          message,
        };
        if (await enqueueDelivery(tx, deps.cipher, request, now)) queued++;
      }
      await tx.handover.update({ where: { id: handover.id }, data: { escalatedAt: now } });
      await recordAudit(tx, deps.cipher, {
        actorId: null,
        action: "handover.escalate",
        subjectType: "handover",
        subjectId: handover.id,
        personId: handover.personId,
        details: { admins: admins.length },
        at: now,
      });
    });
  }
  return queued;
}

/** The sending team's read access ends at readUntil (access checks read it); this records that it ended. */
export async function endHandoverReads(deps: ServiceDeps): Promise<number> {
  const now = deps.clock();
  const ended = await deps.db.handover.findMany({
    where: { status: "accepted", accessEndedAt: null, readUntil: { lte: now } },
    select: { id: true, personId: true, fromSiteId: true, readUntil: true },
  });
  for (const handover of ended) {
    await deps.db.$transaction(async (tx) => {
      await tx.handover.update({ where: { id: handover.id }, data: { accessEndedAt: now } });
      await recordAudit(tx, deps.cipher, {
        actorId: null,
        action: "handover.read_ended",
        subjectType: "handover",
        subjectId: handover.id,
        personId: handover.personId,
        details: { fromSiteId: handover.fromSiteId, readUntil: handover.readUntil?.toISOString() ?? null },
        at: now,
      });
    });
  }
  return ended.length;
}
