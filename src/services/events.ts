// Critical events: report (alerts queued in the same transaction), acknowledge, follow up, close, list.
// Every step is audited; anyone out of scope, or deactivated, gets the same "not found" as for a missing event.
import { subHours } from "date-fns/subHours";
import { z } from "zod";
import {
  ALERTED_ACCESS_HOURS,
  canAcknowledgeEvent,
  canFollowUpEvent,
  canReportEventAt,
  canSeeEvent,
  EVENT_KINDS,
  type EventRelation,
  type EventStatus,
  NOTIFIED_PARTIES,
} from "../domain/escalation.ts";
import type { AuditAction } from "../domain/audit-actions.ts";
import type { Actor, SiteRef } from "../domain/permissions.ts";
import { localDate } from "../domain/weeks.ts";
import { translate } from "../i18n.ts";
import { enqueueDelivery } from "./deliveries.ts";
import {
  ackNoticeDedupeKey,
  alertDedupeKey,
  alertRecipients,
  type EventCard,
  loadEventCard,
  queueEventAlert,
} from "./alerts.ts";
import { type AuditWriter, recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import { onCallSiteIdsOf } from "./on-call.ts";
import { type PersonSummary, searchPeople } from "./people.ts";
import { reserveIds } from "./row-ids.ts";
import { recentPeople } from "./sessions.ts";
import { listSites } from "./staff.ts";

export const DESCRIPTION_MAX = 2000;
export const OTHER_ACTIONS_MAX = 500;
// A report a few minutes "in the future" is a phone clock or a rounded time, not a mistake worth refusing.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export const eventInput = z.object({
  clientRef: z.string().min(6).max(100),
  siteId: z.number().int().positive(),
  personIds: z.array(z.number().int().positive()).max(20).default([]),
  kind: z.enum(EVENT_KINDS),
  severity: z.number().int().min(1).max(4),
  occurredAt: z.date(),
  description: z.string().trim().min(1).max(DESCRIPTION_MAX),
  notified: z.array(z.enum(NOTIFIED_PARTIES)).default([]),
  otherActions: z.string().trim().max(OTHER_ACTIONS_MAX).nullish(),
});
export type EventInput = z.input<typeof eventInput>;

/** Sites where the actor may report an event. */
export async function reportableSites(deps: ServiceDeps, actor: Actor) {
  const onCallSites = await onCallSiteIdsOf(deps.db, actor.staffId, deps.clock());
  return (await listSites(deps)).filter((site) => canReportEventAt(actor, site, onCallSites));
}

/** People the actor may name in a report, by code or part of a name. */
export async function searchPeopleToReport(deps: ServiceDeps, actor: Actor, query: string): Promise<PersonSummary[]> {
  const sites = await reportableSites(deps, actor);
  return searchPeople(
    deps,
    sites.map((s) => s.id),
    query,
  );
}

/** The people the actor saw today and recently (see recentPeople) whom they may name in a report. */
export async function recentPeopleToReport(deps: ServiceDeps, actor: Actor): Promise<PersonSummary[]> {
  const recent = await recentPeople(deps, actor);
  const siteIds = new Set((await reportableSites(deps, actor)).map((site) => site.id));
  const rows = await deps.db.person.findMany({
    where: { id: { in: recent.map((person) => person.id) } },
    select: { id: true, sites: { where: { toOn: null }, select: { siteId: true } } },
  });
  const sitesOf = new Map(rows.map((row) => [row.id, row.sites.map((s) => s.siteId)]));
  return recent
    .map((person) => ({
      id: person.id,
      code: person.code,
      shortName: person.shortName,
      siteIds: sitesOf.get(person.id) ?? [],
    }))
    .filter((person) => person.siteIds.some((id) => siteIds.has(id)));
}

/** Names of who would be alerted if the event were saved now (for the confirm screen). */
export async function previewAlertRecipients(deps: ServiceDeps, actor: Actor, siteId: number): Promise<string[]> {
  const site = (await reportableSites(deps, actor)).find((s) => s.id === siteId);
  if (!site) throw notFoundOrNotAllowed();
  const recipients = await alertRecipients(deps.db, { siteId, reporterId: actor.staffId }, deps.clock());
  return recipients.map((r) => r.displayName);
}

export interface ReportedEvent {
  eventId: number;
  /** Names of the staff the alert was queued for. */
  alerted: string[];
}

async function auditEventStep(
  tx: AuditWriter,
  deps: ServiceDeps,
  entry: {
    actorId: number | null;
    action: AuditAction;
    eventId: number;
    personIds: readonly number[];
    details?: Record<string, unknown>;
  },
  at: Date,
): Promise<void> {
  // One entry per person involved, so a person's data-subject report finds every step about them.
  const personIds = entry.personIds.length > 0 ? entry.personIds : [null];
  for (const personId of personIds) {
    await recordAudit(tx, deps.cipher, {
      actorId: entry.actorId,
      action: entry.action,
      subjectType: "critical_event",
      subjectId: entry.eventId,
      personId,
      details: entry.details,
      at,
    });
  }
}

async function alreadyReported(deps: ServiceDeps, actor: Actor, clientRef: string): Promise<ReportedEvent | null> {
  const existing = await deps.db.criticalEvent.findUnique({
    where: { clientRef },
    select: { id: true, reporterId: true },
  });
  if (!existing) return null;
  if (existing.reporterId !== actor.staffId) throw notFoundOrNotAllowed();
  const deliveries = await deps.db.delivery.findMany({
    where: { dedupeKey: { startsWith: `alert:${existing.id}:` } },
    select: { recipient: { select: { displayName: true } } },
    orderBy: { id: "asc" },
  });
  return { eventId: existing.id, alerted: deliveries.map((d) => d.recipient.displayName) };
}

/**
 * Saves the event and queues its alerts in one transaction. The same clientRef (one run of the /evento flow)
 * returns the event already saved, so a replay after a crash never reports twice.
 */
export async function reportEvent(deps: ServiceDeps, actor: Actor, input: EventInput): Promise<ReportedEvent> {
  const parsed = eventInput.safeParse(input);
  if (!parsed.success)
    throw new ServiceError("error-invalid-input", { details: parsed.error.issues[0]?.message ?? "" });
  const data = parsed.data;
  const previous = await alreadyReported(deps, actor, data.clientRef);
  if (previous) return previous;

  const now = deps.clock();
  if (data.occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new ServiceError("error-date-future");
  const sites = await reportableSites(deps, actor);
  const site = sites.find((s) => s.id === data.siteId);
  if (!site) throw notFoundOrNotAllowed();
  const personIds = [...new Set(data.personIds)];
  const people = await deps.db.person.findMany({
    where: {
      id: { in: personIds },
      erasedAt: null,
      sites: { some: { siteId: { in: sites.map((s) => s.id) }, toOn: null } },
    },
    select: { id: true },
  });
  if (people.length !== personIds.length) throw notFoundOrNotAllowed();

  const notified = NOTIFIED_PARTIES.filter((code) => data.notified.includes(code));
  return deps.db.$transaction(async (tx) => {
    const id = await reserveIds(tx, "CriticalEvent");
    const event = await tx.criticalEvent.create({
      data: {
        id,
        clientRef: data.clientRef,
        siteId: site.id,
        kind: data.kind,
        severity: data.severity,
        occurredAt: data.occurredAt,
        occurredOn: localDate(data.occurredAt, deps.timeZone),
        recordedAt: now,
        descriptionEnc: deps.cipher.encrypt(data.description, "CriticalEvent.descriptionEnc", id),
        actionsEnc: deps.cipher.encryptOptional(data.otherActions, "CriticalEvent.actionsEnc", id),
        notifiedCodes: notified.join(","),
        reporterId: actor.staffId,
        lastAlertedAt: now,
        people: { create: personIds.map((personId) => ({ personId })) },
      },
    });
    const card = (await loadEventCard(tx, deps, event.id)) as EventCard;
    const recipients = await alertRecipients(tx, { siteId: site.id, reporterId: actor.staffId }, now);
    for (const recipient of recipients) {
      await queueEventAlert(
        tx,
        deps,
        { dedupeKey: alertDedupeKey(event.id, recipient.id), kind: "event-alert", recipient, card },
        now,
      );
    }
    await auditEventStep(
      tx,
      deps,
      {
        actorId: actor.staffId,
        action: "event.report",
        eventId: event.id,
        personIds,
        details: { kind: data.kind, severity: data.severity, siteId: site.id, alerted: recipients.map((r) => r.id) },
      },
      now,
    );
    return { eventId: event.id, alerted: recipients.map((r) => r.displayName) };
  });
}

interface LoadedEvent {
  id: number;
  kind: string;
  status: EventStatus;
  site: SiteRef;
  reporterId: number;
  personIds: number[];
}

async function relationTo(deps: ServiceDeps, actor: Actor, event: LoadedEvent, at: Date): Promise<EventRelation> {
  const alerts = await deps.db.delivery.count({
    where: {
      recipientId: actor.staffId,
      createdAt: { gt: subHours(at, ALERTED_ACCESS_HOURS) },
      OR: [
        { dedupeKey: { startsWith: `alert:${event.id}:` } },
        { dedupeKey: { startsWith: `escalation:${event.id}:` } },
      ],
    },
  });
  const onCallSites = await onCallSiteIdsOf(deps.db, actor.staffId, at);
  return { reporterId: event.reporterId, alertedRecently: alerts > 0, onCallNow: onCallSites.includes(event.site.id) };
}

/** The event, if the actor may see it; otherwise the same error as for an event that does not exist. */
async function visibleEvent(
  deps: ServiceDeps,
  actor: Actor,
  eventId: number,
  at: Date,
): Promise<{ event: LoadedEvent; relation: EventRelation }> {
  if (!Number.isSafeInteger(eventId) || eventId <= 0) throw notFoundOrNotAllowed();
  const row = await deps.db.criticalEvent.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      kind: true,
      status: true,
      reporterId: true,
      site: { select: { id: true, programmeId: true } },
      people: { select: { personId: true } },
    },
  });
  if (!row) throw notFoundOrNotAllowed();
  const event: LoadedEvent = {
    id: row.id,
    kind: row.kind,
    status: row.status as EventStatus,
    site: row.site,
    reporterId: row.reporterId,
    personIds: row.people.map((p) => p.personId),
  };
  const relation = await relationTo(deps, actor, event, at);
  if (!canSeeEvent(actor, event.site, relation)) throw notFoundOrNotAllowed();
  return { event, relation };
}

export interface Acknowledgement {
  eventId: number;
  /** The actor had already acknowledged this event. */
  already: boolean;
}

/** "Presa visione": records who is handling the event, moves it to acknowledged and tells the reporter. */
export async function acknowledgeEvent(deps: ServiceDeps, actor: Actor, eventId: number): Promise<Acknowledgement> {
  const now = deps.clock();
  const { event, relation } = await visibleEvent(deps, actor, eventId, now);
  if (!canAcknowledgeEvent(actor, event.site, relation)) throw new ServiceError("events-ack-not-allowed");
  if (event.status === "closed") throw new ServiceError("events-already-closed", { id: String(event.id) });
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.eventAcknowledgement.findUnique({
      where: { eventId_staffId: { eventId: event.id, staffId: actor.staffId } },
    });
    if (existing) return { eventId: event.id, already: true };
    await tx.eventAcknowledgement.create({ data: { eventId: event.id, staffId: actor.staffId, at: now } });
    // The first acknowledgement moves open → acknowledged; later ones (or a closed event) leave the status alone.
    await tx.criticalEvent.updateMany({ where: { id: event.id, status: "open" }, data: { status: "acknowledged" } });
    const [reporter, acknowledger] = await Promise.all([
      tx.staff.findUniqueOrThrow({ where: { id: event.reporterId }, select: { locale: true } }),
      tx.staff.findUniqueOrThrow({ where: { id: actor.staffId }, select: { displayName: true } }),
    ]);
    await enqueueDelivery(
      tx,
      deps.cipher,
      {
        dedupeKey: ackNoticeDedupeKey(event.id, actor.staffId),
        kind: "event-ack-notice",
        recipientId: event.reporterId,
        message: {
          text: translate(reporter.locale, "events-ack-notice", {
            name: acknowledger.displayName,
            id: String(event.id),
            kind: translate(reporter.locale, `events-kind-${event.kind}`),
          }),
        },
      },
      now,
    );
    await auditEventStep(
      tx,
      deps,
      { actorId: actor.staffId, action: "event.acknowledge", eventId: event.id, personIds: event.personIds },
      now,
    );
    return { eventId: event.id, already: false };
  });
}

const followUpText = z.string().trim().min(1).max(DESCRIPTION_MAX);

async function followableEvent(deps: ServiceDeps, actor: Actor, eventId: number, now: Date): Promise<LoadedEvent> {
  const { event } = await visibleEvent(deps, actor, eventId, now);
  if (!canFollowUpEvent(actor, event.site)) throw new ServiceError("error-not-allowed");
  if (event.status === "closed") throw new ServiceError("events-already-closed", { id: String(event.id) });
  return event;
}

/** Throws unless the actor may add notes to and close the event (checked before asking them to type). */
export async function assertCanFollowUp(
  deps: ServiceDeps,
  actor: Actor,
  eventId: number,
): Promise<{ eventId: number }> {
  const event = await followableEvent(deps, actor, eventId, deps.clock());
  return { eventId: event.id };
}

type Tx = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

async function insertFollowUp(
  tx: Tx,
  deps: ServiceDeps,
  note: { eventId: number; authorId: number; text: string; at: Date },
): Promise<void> {
  const id = await reserveIds(tx, "EventFollowUp");
  const textEnc = deps.cipher.encrypt(note.text, "EventFollowUp.textEnc", id);
  await tx.eventFollowUp.create({
    data: { id, eventId: note.eventId, authorId: note.authorId, textEnc, at: note.at },
  });
}

/** A coordinator's follow-up note (encrypted). */
export async function addFollowUp(
  deps: ServiceDeps,
  actor: Actor,
  eventId: number,
  text: string,
): Promise<{ eventId: number }> {
  const parsed = followUpText.safeParse(text);
  if (!parsed.success) throw new ServiceError("error-text-length", { min: 1, max: DESCRIPTION_MAX });
  const now = deps.clock();
  const event = await followableEvent(deps, actor, eventId, now);
  await deps.db.$transaction(async (tx) => {
    await insertFollowUp(tx, deps, { eventId: event.id, authorId: actor.staffId, text: parsed.data, at: now });
    await auditEventStep(
      tx,
      deps,
      { actorId: actor.staffId, action: "event.follow_up", eventId: event.id, personIds: event.personIds },
      now,
    );
  });
  return { eventId: event.id };
}

/** Closes the event, with an optional closing note; escalation stops. */
export async function closeEvent(
  deps: ServiceDeps,
  actor: Actor,
  eventId: number,
  note: string | null,
): Promise<{ eventId: number }> {
  const parsedNote = note === null ? null : followUpText.safeParse(note);
  if (parsedNote && !parsedNote.success) throw new ServiceError("error-text-length", { min: 1, max: DESCRIPTION_MAX });
  const now = deps.clock();
  const event = await followableEvent(deps, actor, eventId, now);
  await deps.db.$transaction(async (tx) => {
    if (parsedNote?.success) {
      await insertFollowUp(tx, deps, { eventId: event.id, authorId: actor.staffId, text: parsedNote.data, at: now });
    }
    const closed = await tx.criticalEvent.updateMany({
      where: { id: event.id, status: { not: "closed" } },
      data: { status: "closed", closedAt: now, closedById: actor.staffId },
    });
    if (closed.count !== 1) throw new ServiceError("events-already-closed", { id: String(event.id) });
    await auditEventStep(
      tx,
      deps,
      { actorId: actor.staffId, action: "event.close", eventId: event.id, personIds: event.personIds },
      now,
    );
  });
  return { eventId: event.id };
}

export interface DeliveryFailure {
  recipientName: string;
  /** The recipient blocked the bot (Telegram 403). */
  blocked: boolean;
}

export interface EventSummary {
  card: EventCard;
  status: EventStatus;
  acknowledgedBy: string[];
  /** Alerts that could not be delivered; only for those who follow the event up. */
  failures: DeliveryFailure[];
}

export interface EventDetails extends EventSummary {
  description: string;
  otherActions: string | null;
  notified: string[];
  followUps: { authorName: string; at: Date; text: string }[];
  canAcknowledge: boolean;
  acknowledgedByMe: boolean;
  canFollowUp: boolean;
}

async function deliveryFailures(deps: ServiceDeps, eventId: number): Promise<DeliveryFailure[]> {
  const failed = await deps.db.delivery.findMany({
    where: {
      status: "failed",
      OR: [{ dedupeKey: { startsWith: `alert:${eventId}:` } }, { dedupeKey: { startsWith: `escalation:${eventId}:` } }],
    },
    select: { lastError: true, recipient: { select: { displayName: true } } },
    orderBy: { id: "asc" },
  });
  const byName = new Map<string, DeliveryFailure>();
  for (const row of failed) {
    const name = row.recipient.displayName;
    const blocked = row.lastError?.startsWith("403") ?? false;
    byName.set(name, { recipientName: name, blocked: blocked || (byName.get(name)?.blocked ?? false) });
  }
  return [...byName.values()];
}

async function summarise(deps: ServiceDeps, actor: Actor, event: LoadedEvent): Promise<EventSummary> {
  const [card, acks] = await Promise.all([
    loadEventCard(deps.db, deps, event.id),
    deps.db.eventAcknowledgement.findMany({
      where: { eventId: event.id },
      select: { staff: { select: { displayName: true } } },
      orderBy: { at: "asc" },
    }),
  ]);
  return {
    card: card as EventCard,
    status: event.status,
    acknowledgedBy: acks.map((a) => a.staff.displayName),
    failures: canFollowUpEvent(actor, event.site) ? await deliveryFailures(deps, event.id) : [],
  };
}

/** Open and acknowledged events of the actor's sites (and of the sites they cover on call), most severe first. */
export async function listOpenEvents(deps: ServiceDeps, actor: Actor, limit = 20): Promise<EventSummary[]> {
  if (!actor.active) return [];
  const now = deps.clock();
  const onCallSites = await onCallSiteIdsOf(deps.db, actor.staffId, now);
  const siteIds = (await listSites(deps))
    .filter((site) => canReportEventAt(actor, site, onCallSites))
    .map((site) => site.id);
  const rows = await deps.db.criticalEvent.findMany({
    where: { status: { not: "closed" }, siteId: { in: siteIds } },
    select: { id: true },
    orderBy: [{ severity: "desc" }, { recordedAt: "desc" }],
    take: limit,
  });
  const summaries: EventSummary[] = [];
  for (const row of rows) {
    const { event } = await visibleEvent(deps, actor, row.id, now);
    summaries.push(await summarise(deps, actor, event));
  }
  await recordAudit(deps.db, deps.cipher, {
    actorId: actor.staffId,
    action: "event.list",
    subjectType: "critical_event",
    details: { eventIds: rows.map((r) => r.id) },
    at: now,
  });
  return summaries;
}

/** Everything about one event, decrypted for the chat; the read is audited. */
export async function getEventDetails(deps: ServiceDeps, actor: Actor, eventId: number): Promise<EventDetails> {
  const now = deps.clock();
  const { event, relation } = await visibleEvent(deps, actor, eventId, now);
  const summary = await summarise(deps, actor, event);
  const row = await deps.db.criticalEvent.findUniqueOrThrow({
    where: { id: event.id },
    select: {
      descriptionEnc: true,
      actionsEnc: true,
      notifiedCodes: true,
      acknowledgements: { where: { staffId: actor.staffId }, select: { id: true } },
      followUps: {
        select: { id: true, at: true, textEnc: true, author: { select: { displayName: true } } },
        orderBy: { at: "asc" },
      },
    },
  });
  await auditEventStep(
    deps.db,
    deps,
    { actorId: actor.staffId, action: "event.view", eventId: event.id, personIds: event.personIds },
    now,
  );
  return {
    ...summary,
    description: deps.cipher.decrypt(row.descriptionEnc, "CriticalEvent.descriptionEnc", event.id),
    otherActions: deps.cipher.decryptOptional(row.actionsEnc, "CriticalEvent.actionsEnc", event.id),
    notified: row.notifiedCodes ? row.notifiedCodes.split(",") : [],
    followUps: row.followUps.map((f) => ({
      authorName: f.author.displayName,
      at: f.at,
      text: deps.cipher.decrypt(f.textEnc, "EventFollowUp.textEnc", f.id),
    })),
    canAcknowledge: event.status !== "closed" && canAcknowledgeEvent(actor, event.site, relation),
    acknowledgedByMe: row.acknowledgements.length > 0,
    canFollowUp: event.status !== "closed" && canFollowUpEvent(actor, event.site),
  };
}
