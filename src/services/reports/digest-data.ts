// Loads from the database exactly the rows a weekly digest of some sites needs (digestInputWindow), as DigestInput.
// One query per table, relations fetched in the same query with `select`, so the cost does not grow per row.
import { digestInputWindow } from "../../domain/digest.ts";
import type { DigestInput } from "../../domain/digest.ts";
import type { WeekKey } from "../../domain/weeks.ts";
import type { ServiceDeps } from "../deps.ts";

type Db = ServiceDeps["db"];

export async function loadDigestInput(
  db: Db,
  siteIds: readonly number[],
  weekKey: WeekKey,
  timeZone: string,
): Promise<DigestInput> {
  const window = digestInputWindow(weekKey, timeZone);
  const inSites = { in: [...siteIds] };
  const ofScopePeople = { sites: { some: { siteId: inSites } } };
  const occurredInWindow = { occurredOn: { gte: window.fromOn, lte: window.toOn } };
  const recordedInWindow = { recordedAt: { gte: window.recordedFrom, lt: window.recordedTo } };

  const [sessions, events, people, plans, internships, staff, activities] = await Promise.all([
    db.session.findMany({
      where: { siteId: inSites, OR: [occurredInWindow, recordedInWindow] },
      select: {
        id: true,
        siteId: true,
        kind: true,
        activityId: true,
        occurredAt: true,
        occurredOn: true,
        recordedAt: true,
        durationMinutes: true,
        authorId: true,
        voidedAt: true,
        attendance: { select: { personId: true, status: true } },
      },
    }),
    db.criticalEvent.findMany({
      where: {
        siteId: inSites,
        OR: [occurredInWindow, recordedInWindow, { closedAt: null }, { closedAt: { gte: window.recordedFrom } }],
      },
      select: {
        id: true,
        siteId: true,
        kind: true,
        severity: true,
        occurredAt: true,
        occurredOn: true,
        recordedAt: true,
        reporterId: true,
        closedAt: true,
        acknowledgements: { select: { at: true } },
        people: { select: { personId: true } },
      },
    }),
    db.person.findMany({
      where: ofScopePeople,
      select: { id: true, intakeOn: true, dischargeOn: true, sites: { select: { siteId: true } } },
    }),
    db.plan.findMany({ where: { person: ofScopePeople }, select: { personId: true, status: true, reviewOn: true } }),
    db.internship.findMany({
      where: { person: ofScopePeople },
      select: { id: true, personId: true, hostOrganisation: true, startsOn: true, endsOn: true, outcome: true },
    }),
    db.staff.findMany({
      where: { memberships: { some: { siteId: inSites } } },
      select: {
        id: true,
        active: true,
        deactivatedAt: true,
        memberships: { select: { role: true, siteId: true, createdAt: true } },
      },
    }),
    db.activity.findMany({
      where: { siteId: inSites },
      select: {
        id: true,
        siteId: true,
        kind: true,
        active: true,
        createdAt: true,
        schedules: { select: { weekday: true } },
      },
    }),
  ]);

  return {
    sessions: sessions.map(({ attendance: _attendance, ...session }) => session),
    attendance: sessions.flatMap((session) =>
      session.attendance.map((row) => ({ sessionId: session.id, personId: row.personId, status: row.status })),
    ),
    people: people.map((person) => ({
      id: person.id,
      siteIds: person.sites.map((site) => site.siteId),
      intakeOn: person.intakeOn,
      dischargeOn: person.dischargeOn,
    })),
    plans,
    events: events.map(({ acknowledgements, people: involved, ...event }) => ({
      ...event,
      acknowledgedAt: earliest(acknowledgements.map((ack) => ack.at)),
      personIds: involved.map((row) => row.personId),
    })),
    internships,
    staff,
    activities,
  };
}

function earliest(instants: readonly Date[]): Date | null {
  return instants.reduce<Date | null>((first, at) => (first === null || at < first ? at : first), null);
}
