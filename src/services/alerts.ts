// Who is alerted about a critical event, and the alert texts in each recipient's language, queued in the outbox.
// Texts show the person code with first name and family-name initial, never more; the description stays out of chat.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { alertRecipientIds } from "../domain/escalation.ts";
import { personLabel } from "../domain/people.ts";
import { translate, translatorFor, type Translate } from "../i18n.ts";
import { type DeliveryWriter, enqueueDelivery } from "./deliveries.ts";
import type { ServiceDeps } from "./deps.ts";
import { onCallStaffAt } from "./on-call.ts";
import { openNames, SEALED_NAME } from "./person-names.ts";

type Db = ServiceDeps["db"];
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type Reader = Db | Tx;

export function formatEventTime(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "dd/MM/yyyy HH:mm");
}

export interface Recipient {
  id: number;
  displayName: string;
  locale: string;
}

const recipientFields = { id: true, displayName: true, locale: true } as const;

/**
 * The site's active coordinators and the active staff on call there at `at`, minus the reporter; those who blocked
 * the bot are left out, and the programme's admins stand in for them.
 */
export async function alertRecipients(
  db: Reader,
  event: { siteId: number; reporterId: number },
  at: Date,
): Promise<Recipient[]> {
  const candidate = (c: { id: number; active: boolean; unreachableSince: Date | null }) => ({
    staffId: c.id,
    active: c.active,
    reachable: c.unreachableSince === null,
  });
  const fields = { id: true, active: true, unreachableSince: true } as const;
  const coordinators = await db.staff.findMany({
    where: { memberships: { some: { role: "coordinator", siteId: event.siteId } } },
    select: fields,
  });
  const onCall = await onCallStaffAt(db, event.siteId, at);
  const site = await db.site.findUnique({ where: { id: event.siteId }, select: { programmeId: true } });
  const admins = site
    ? await db.staff.findMany({
        where: {
          memberships: { some: { role: "admin", OR: [{ programmeId: null }, { programmeId: site.programmeId }] } },
        },
        select: fields,
      })
    : [];
  const ids = alertRecipientIds(event.reporterId, coordinators.map(candidate), onCall, admins.map(candidate));
  return db.staff.findMany({ where: { id: { in: ids } }, select: recipientFields, orderBy: { displayName: "asc" } });
}

/** Active admins of the programme (or of every programme) who have not blocked the bot. */
export async function programmeAdmins(db: Reader, programmeId: number): Promise<Recipient[]> {
  return db.staff.findMany({
    where: {
      active: true,
      unreachableSince: null,
      memberships: { some: { role: "admin", OR: [{ programmeId: null }, { programmeId }] } },
    },
    select: recipientFields,
    orderBy: { displayName: "asc" },
  });
}

/** What every alert shows about an event. */
export interface EventCard {
  id: number;
  kind: string;
  severity: number;
  siteName: string;
  programmeId: number;
  occurredAt: Date;
  recordedAt: Date;
  reporterId: number;
  reporterName: string;
  people: string[];
}

export async function loadEventCard(
  db: Reader,
  deps: Pick<ServiceDeps, "cipher">,
  eventId: number,
): Promise<EventCard | null> {
  const event = await db.criticalEvent.findUnique({
    where: { id: eventId },
    include: {
      site: { select: { name: true, programmeId: true } },
      reporter: { select: { displayName: true } },
      people: { include: { person: { select: { code: true, ...SEALED_NAME } } } },
    },
  });
  if (!event) return null;
  return {
    id: event.id,
    kind: event.kind,
    severity: event.severity,
    siteName: event.site.name,
    programmeId: event.site.programmeId,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    reporterId: event.reporterId,
    reporterName: event.reporter.displayName,
    people: event.people
      .map(({ person }) => {
        const { givenName, familyName } = openNames(deps.cipher, person);
        return personLabel(person.code, givenName, familyName);
      })
      .sort(),
  };
}

/** The alert body: code + first name + initial of each person, kind, severity, site, time and reporter. */
export function describeEvent(t: Translate, card: EventCard, timeZone: string): string {
  return t("events-alert", {
    id: String(card.id),
    kind: t(`events-kind-${card.kind}`),
    severity: card.severity,
    severityLabel: t(`events-severity-${card.severity}`),
    people: card.people.length > 0 ? card.people.join(", ") : t("events-people-none"),
    site: card.siteName,
    when: formatEventTime(card.occurredAt, timeZone),
    reporter: card.reporterName,
  });
}

export const ACK_CALLBACK_PREFIX = "ev:ack:";

/** The alert (or an escalation, when `header` is given) for one recipient, with the "Presa visione" button. */
export async function queueEventAlert(
  tx: DeliveryWriter,
  deps: Pick<ServiceDeps, "cipher" | "timeZone">,
  request: {
    dedupeKey: string;
    kind: "event-alert" | "event-escalation";
    recipient: Recipient;
    card: EventCard;
    header?: string;
  },
  now: Date,
): Promise<boolean> {
  const { recipient, card } = request;
  const body = describeEvent(translatorFor(recipient.locale), card, deps.timeZone);
  return enqueueDelivery(
    tx,
    deps.cipher,
    {
      dedupeKey: request.dedupeKey,
      kind: request.kind,
      recipientId: recipient.id,
      message: {
        text: request.header ? `${request.header}\n\n${body}` : body,
        buttons: [
          [{ text: translate(recipient.locale, "events-ack-button"), data: `${ACK_CALLBACK_PREFIX}${card.id}` }],
        ],
      },
    },
    now,
  );
}

export const alertDedupeKey = (eventId: number, staffId: number) => `alert:${eventId}:${staffId}`;
export const escalationDedupeKey = (eventId: number, round: number, staffId: number) =>
  `escalation:${eventId}:${round}:${staffId}`;
export const ackNoticeDedupeKey = (eventId: number, staffId: number) => `ack-notice:${eventId}:${staffId}`;

/** Active staff who were sent the first alert of an event (severity-4 re-sends go back to them). */
export async function alertedRecipients(db: Reader, eventId: number): Promise<Recipient[]> {
  return db.staff.findMany({
    where: {
      active: true,
      unreachableSince: null,
      deliveries: { some: { dedupeKey: { startsWith: `alert:${eventId}:` } } },
    },
    select: recipientFields,
    orderBy: { displayName: "asc" },
  });
}
