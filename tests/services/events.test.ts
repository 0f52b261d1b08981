import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { ServiceError } from "../../src/services/errors.ts";
import {
  acknowledgeEvent,
  addFollowUp,
  closeEvent,
  type EventInput,
  getEventDetails,
  listOpenEvents,
  previewAlertRecipients,
  reportableSites,
  reportEvent,
  searchPeopleToReport,
} from "../../src/services/events.ts";
import { addOnCallShift } from "../../src/services/on-call.ts";
import { deactivateStaff } from "../../src/services/staff.ts";
import type { TestClock, TestDatabase } from "../helpers/database.ts";
import { addStaff, type World, seedTestWorld } from "../helpers/fixtures.ts";

let database: TestDatabase;
let clock: TestClock;
let deps: ServiceDeps;
let world: World;
const HOUR = 3600_000;

beforeEach(async () => {
  ({ database, clock, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(async () => {
  await database.drop();
});

const DESCRIPTION = "Si è procurato tagli all'avambraccio durante il laboratorio.";

function input(overrides: Partial<EventInput> = {}): EventInput {
  return {
    clientRef: "event:3001:run-1",
    siteId: world.bollate.id,
    personIds: [world.people[0]?.id as number],
    kind: "self_harm",
    severity: 3,
    occurredAt: new Date(clock.now().getTime() - HOUR),
    description: DESCRIPTION,
    notified: ["nue_112", "penitentiary_police"],
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(error)}`);
  return error.messageKey;
}

async function putOnCall(staffId: number, siteId: number) {
  await addOnCallShift(deps, world.staff.coordinator.actor, {
    staffId,
    siteIds: [siteId],
    startsAt: new Date(clock.now().getTime() - HOUR),
    endsAt: new Date(clock.now().getTime() + 8 * HOUR),
  });
}

describe("reporting an event", () => {
  it("saves it encrypted and queues one alert per recipient in the same step", async () => {
    await putOnCall(world.staff.onCall.id, world.bollate.id);
    const preview = await previewAlertRecipients(deps, world.staff.operator.actor, world.bollate.id);
    const reported = await reportEvent(deps, world.staff.operator.actor, input());
    expect(reported.alerted).toEqual(preview);
    expect(reported.alerted).toEqual(["Carla Coordinatrice", "Rita Reperibile"]);

    const event = await deps.db.criticalEvent.findUniqueOrThrow({
      where: { id: reported.eventId },
      include: { people: true },
    });
    expect(event).toMatchObject({
      status: "open",
      severity: 3,
      notifiedCodes: "nue_112,penitentiary_police",
      occurredOn: "2026-11-18",
    });
    expect(event.descriptionEnc).not.toContain("tagli");
    expect(deps.cipher.decrypt(event.descriptionEnc, "CriticalEvent.descriptionEnc", event.id)).toBe(DESCRIPTION);
    expect(event.people.map((p) => p.personId)).toEqual([world.people[0]?.id]);

    const deliveries = await deps.db.delivery.findMany({ orderBy: { recipientId: "asc" } });
    expect(deliveries.map((d) => d.dedupeKey)).toEqual([
      `alert:${event.id}:${world.staff.coordinator.id}`,
      `alert:${event.id}:${world.staff.onCall.id}`,
    ]);
    const payload = JSON.parse(
      deps.cipher.decrypt(deliveries[0]?.payloadEnc as string, "Delivery.payloadEnc", deliveries[0]?.id as number),
    );
    expect(payload.text).toContain("BOL-0001 · Mario R.");
    expect(payload.text).not.toContain("Rossi");
    expect(payload.text).not.toContain("tagli");
    expect(payload.buttons).toEqual([[{ text: "👁 Presa visione", data: `ev:ack:${event.id}` }]]);

    const audit = await deps.db.auditEntry.findMany({ where: { action: "event.report" } });
    expect(audit).toMatchObject([
      { actorId: world.staff.operator.id, personId: world.people[0]?.id, subjectId: String(event.id) },
    ]);
  });

  it("saves a replayed submission (same clientRef) only once", async () => {
    const first = await reportEvent(deps, world.staff.operator.actor, input());
    const again = await reportEvent(deps, world.staff.operator.actor, input());
    expect(again).toEqual(first);
    expect(await deps.db.criticalEvent.count()).toBe(1);
    expect(await deps.db.delivery.count()).toBe(1);
  });

  it("refuses other sites, people out of scope and times in the future", async () => {
    const elsewhere = world.staff.otherOperator.actor;
    expect(await refusal(reportEvent(deps, elsewhere, input()))).toBe("error-not-found-or-not-allowed");
    const operaPerson = world.people[3]?.id as number;
    expect(await refusal(reportEvent(deps, world.staff.operator.actor, input({ personIds: [operaPerson] })))).toBe(
      "error-not-found-or-not-allowed",
    );
    const future = new Date(clock.now().getTime() + HOUR);
    expect(await refusal(reportEvent(deps, world.staff.operator.actor, input({ occurredAt: future })))).toBe(
      "error-date-future",
    );
    expect(await refusal(reportEvent(deps, world.staff.operator.actor, input({ description: " " })))).toBe(
      "error-invalid-input",
    );
    expect(await deps.db.criticalEvent.count()).toBe(0);
  });

  it("finds people to name only at the reporter's sites", async () => {
    const found = await searchPeopleToReport(deps, world.staff.operator.actor, "ross");
    expect(found.map((p) => p.code)).toEqual(["BOL-0001", "BOL-0003"]);
    expect(await searchPeopleToReport(deps, world.staff.otherOperator.actor, "ross")).toEqual([]);
  });
});

describe("acknowledging", () => {
  it("moves the event to acknowledged, once per person, and tells the reporter", async () => {
    const { eventId } = await reportEvent(deps, world.staff.operator.actor, input());
    expect(await acknowledgeEvent(deps, world.staff.coordinator.actor, eventId)).toEqual({ eventId, already: false });
    expect(await acknowledgeEvent(deps, world.staff.coordinator.actor, eventId)).toEqual({ eventId, already: true });
    const event = await deps.db.criticalEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(event.status).toBe("acknowledged");
    const notice = await deps.db.delivery.findUniqueOrThrow({
      where: { dedupeKey: `ack-notice:${eventId}:${world.staff.coordinator.id}` },
    });
    expect(notice.recipientId).toBe(world.staff.operator.id);
    expect(JSON.parse(deps.cipher.decrypt(notice.payloadEnc, "Delivery.payloadEnc", notice.id)).text).toBe(
      `👁 Carla Coordinatrice ha preso visione dell'evento #${eventId} (Autolesionismo).`,
    );
    expect(await deps.db.auditEntry.count({ where: { action: "event.acknowledge" } })).toBe(1);
  });

  it("refuses strangers to the site, the deactivated, the reporter and plain operators without changing anything", async () => {
    const { eventId } = await reportEvent(deps, world.staff.operator.actor, input());
    const colleague = await addStaff(deps, { id: 3003, firstName: "Ugo", lastName: "Uguale" }, [
      { role: "operator", siteId: world.bollate.id },
    ]);
    const deactivated = await deactivateStaff(deps, world.staff.admin.actor, world.staff.coordinator.id);
    const auditBefore = await deps.db.auditEntry.count();
    expect(await refusal(acknowledgeEvent(deps, world.staff.otherOperator.actor, eventId))).toBe(
      "error-not-found-or-not-allowed",
    );
    expect(await refusal(acknowledgeEvent(deps, deactivated.actor, eventId))).toBe("error-not-found-or-not-allowed");
    expect(await refusal(acknowledgeEvent(deps, world.staff.otherOperator.actor, eventId + 100))).toBe(
      "error-not-found-or-not-allowed",
    );
    expect(await refusal(acknowledgeEvent(deps, world.staff.operator.actor, eventId))).toBe("events-ack-not-allowed");
    expect(await refusal(acknowledgeEvent(deps, colleague.actor, eventId))).toBe("events-ack-not-allowed");
    expect(await deps.db.eventAcknowledgement.count()).toBe(0);
    expect((await deps.db.criticalEvent.findUniqueOrThrow({ where: { id: eventId } })).status).toBe("open");
    expect(await deps.db.auditEntry.count()).toBe(auditBefore);
  });

  it("lets on-call staff of another site acknowledge while their shift covers the event's site", async () => {
    const { eventId } = await reportEvent(deps, world.staff.operator.actor, input());
    const rover = await addStaff(deps, { id: 4002, firstName: "Rino", lastName: "Notte" }, [
      { role: "operator", siteId: world.opera.id },
    ]);
    expect(await refusal(acknowledgeEvent(deps, rover.actor, eventId))).toBe("error-not-found-or-not-allowed");
    await deps.db.onCallShift.create({
      data: {
        staffId: rover.id,
        startsAt: new Date(clock.now().getTime() - HOUR),
        endsAt: new Date(clock.now().getTime() + HOUR),
        sites: { create: [{ siteId: world.bollate.id }] },
      },
    });
    expect(await acknowledgeEvent(deps, rover.actor, eventId)).toEqual({ eventId, already: false });
  });
});

describe("on-call scope ends with the shift", () => {
  it("gives the on-call role at a site nothing once the shift is over: events, people, listing, acknowledging", async () => {
    const { eventId } = await reportEvent(deps, world.staff.operator.actor, input());
    const onCall = world.staff.onCall; // on the Bollate rota
    await deps.db.onCallShift.create({
      data: {
        staffId: onCall.id,
        startsAt: new Date(clock.now().getTime() - 8 * HOUR),
        endsAt: new Date(clock.now().getTime() + HOUR),
        sites: { create: [{ siteId: world.bollate.id }] },
      },
    });
    expect((await listOpenEvents(deps, onCall.actor)).map((e) => e.card.id)).toEqual([eventId]);
    expect(await searchPeopleToReport(deps, onCall.actor, "BOL")).not.toEqual([]);
    clock.advance(HOUR); // the shift's end
    expect(await listOpenEvents(deps, onCall.actor)).toEqual([]);
    expect(await searchPeopleToReport(deps, onCall.actor, "BOL")).toEqual([]);
    expect(await reportableSites(deps, onCall.actor)).toEqual([]);
    expect(await refusal(getEventDetails(deps, onCall.actor, eventId))).toBe("error-not-found-or-not-allowed");
    expect(await refusal(acknowledgeEvent(deps, onCall.actor, eventId))).toBe("error-not-found-or-not-allowed");
  });

  it("lets whoever was alerted see and acknowledge that event for 24 hours, not afterwards", async () => {
    const { eventId } = await reportEvent(deps, world.staff.operator.actor, input());
    const alerted = world.staff.otherOperator;
    await deps.db.delivery.create({
      data: {
        dedupeKey: `alert:${eventId}:${alerted.id}`,
        kind: "alert",
        recipientId: alerted.id,
        payloadEnc: "",
        createdAt: clock.now(),
      },
    });
    clock.advance(24 * HOUR - 1000);
    expect((await getEventDetails(deps, alerted.actor, eventId)).description).toBe(DESCRIPTION);
    clock.advance(1000);
    expect(await refusal(getEventDetails(deps, alerted.actor, eventId))).toBe("error-not-found-or-not-allowed");
    expect(await refusal(acknowledgeEvent(deps, alerted.actor, eventId))).toBe("error-not-found-or-not-allowed");
  });
});

describe("follow-up and closing", () => {
  it("lets coordinators add encrypted notes and close; then nothing more is accepted", async () => {
    const { eventId } = await reportEvent(deps, world.staff.operator.actor, input());
    expect(await refusal(addFollowUp(deps, world.staff.operator.actor, eventId, "nota"))).toBe("error-not-allowed");
    await addFollowUp(deps, world.staff.coordinator.actor, eventId, "Sentito il CPS, colloquio domani.");
    const note = await deps.db.eventFollowUp.findFirstOrThrow();
    expect(note.textEnc).not.toContain("CPS");

    await closeEvent(deps, world.staff.coordinator.actor, eventId, "Rientrato in sezione.");
    const event = await deps.db.criticalEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(event).toMatchObject({ status: "closed", closedById: world.staff.coordinator.id });
    expect(await deps.db.eventFollowUp.count()).toBe(2);
    expect(await refusal(closeEvent(deps, world.staff.coordinator.actor, eventId, null))).toBe("events-already-closed");
    expect(await refusal(acknowledgeEvent(deps, world.staff.coordinator.actor, eventId))).toBe("events-already-closed");
    const actions = await deps.db.auditEntry.findMany({
      where: { subjectType: "critical_event" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(["event.report", "event.follow_up", "event.close"]);
  });

  it("lists open events of the user's sites only, with what coordinators need to know", async () => {
    const first = await reportEvent(deps, world.staff.operator.actor, input({ severity: 2 }));
    const second = await reportEvent(
      deps,
      world.staff.operator.actor,
      input({ clientRef: "event:3001:run-2", severity: 4 }),
    );
    await acknowledgeEvent(deps, world.staff.coordinator.actor, second.eventId);
    await deps.db.delivery.updateMany({
      where: { dedupeKey: `alert:${first.eventId}:${world.staff.coordinator.id}` },
      data: { status: "failed", lastError: "403 Forbidden: bot was blocked by the user" },
    });

    const forCoordinator = await listOpenEvents(deps, world.staff.coordinator.actor);
    expect(forCoordinator.map((e) => [e.card.id, e.status, e.acknowledgedBy])).toEqual([
      [second.eventId, "acknowledged", ["Carla Coordinatrice"]],
      [first.eventId, "open", []],
    ]);
    expect(forCoordinator[1]?.failures).toEqual([{ recipientName: "Carla Coordinatrice", blocked: true }]);
    const forOperator = await listOpenEvents(deps, world.staff.operator.actor);
    expect(forOperator[1]?.failures).toEqual([]);
    expect(await listOpenEvents(deps, world.staff.otherOperator.actor)).toEqual([]);

    await closeEvent(deps, world.staff.coordinator.actor, first.eventId, null);
    expect((await listOpenEvents(deps, world.staff.coordinator.actor)).map((e) => e.card.id)).toEqual([second.eventId]);
  });

  it("shows the details, decrypted, only to those who may see them, and audits the read", async () => {
    const { eventId } = await reportEvent(
      deps,
      world.staff.operator.actor,
      input({ otherActions: "Chiamato il medico" }),
    );
    const details = await getEventDetails(deps, world.staff.coordinator.actor, eventId);
    expect(details).toMatchObject({
      description: DESCRIPTION,
      otherActions: "Chiamato il medico",
      notified: ["nue_112", "penitentiary_police"],
      canAcknowledge: true,
      canFollowUp: true,
    });
    expect(await refusal(getEventDetails(deps, world.staff.otherOperator.actor, eventId))).toBe(
      "error-not-found-or-not-allowed",
    );
    expect(
      await deps.db.auditEntry.count({ where: { action: "event.view", actorId: world.staff.coordinator.id } }),
    ).toBe(1);
  });
});
