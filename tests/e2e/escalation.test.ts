// Escalation end to end with a controllable clock: unacknowledged serious events reach the programme's admins,
// life-threatening ones are re-sent every 15 minutes up to the limit, and acknowledging stops it all.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { escalationJob } from "../../src/jobs/escalation.ts";
import type { Job } from "../../src/jobs/scheduler.ts";
import { reportEvent } from "../../src/services/events.ts";
import { addOnCallShift } from "../../src/services/on-call.ts";
import { deactivateStaff } from "../../src/services/staff.ts";
import { addStaff, seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
let job: Job;
const MINUTE = 60_000;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
  const config = loadConfig({ ESCALATION_DELAY_MINUTES: "15", ESCALATION_MAX_RESENDS: "2" }, { requireToken: false });
  job = escalationJob({ deps: harness.deps, outbox: harness.outbox, config });
  await addOnCallShift(harness.deps, world.staff.coordinator.actor, {
    staffId: world.staff.onCall.id,
    siteIds: [world.bollate.id],
    startsAt: harness.clock.now(),
    endsAt: new Date(harness.clock.now().getTime() + 12 * 60 * MINUTE),
  });
});
afterEach(async () => {
  await harness.stop();
});

async function report(severity: number): Promise<number> {
  const { eventId } = await reportEvent(harness.deps, world.staff.operator.actor, {
    clientRef: `event:test:${severity}`,
    siteId: world.bollate.id,
    personIds: [world.people[0]?.id as number],
    kind: "suicide_attempt",
    severity,
    occurredAt: harness.clock.now(),
    description: "Trovato con un laccio al collo, soccorso subito.",
  });
  await harness.outbox.drain();
  return eventId;
}

/** Advances the clock, runs the job as the scheduler would and waits for the messages it queued. */
async function runJobAfter(minutes: number): Promise<void> {
  harness.clock.advance(minutes * MINUTE);
  await job.run();
  await harness.outbox.idle();
  await harness.outbox.drain();
}

const escalations = (user: { messages(): { text: string }[] }) =>
  user.messages().filter((m) => m.text.startsWith("⚠️ Escalation"));

describe("escalation", () => {
  it("sends a serious event nobody acknowledged to the programme's admins once, after the delay", async () => {
    const otherProgramme = await harness.deps.db.programme.create({
      data: { code: "reti", name: "Reti", funder: "FSE+", startsOn: "2026-01-01", endsOn: "2027-12-31" },
    });
    await addStaff(harness.deps, { id: 1004, firstName: "Olivia", lastName: "Fuori" }, [
      { role: "admin", siteId: null, programmeId: otherProgramme.id },
    ]);
    const retired = await addStaff(harness.deps, { id: 1005, firstName: "Dario", lastName: "Ritirato" }, [
      { role: "admin", siteId: null, programmeId: world.programmeId },
    ]);
    await deactivateStaff(harness.deps, world.staff.admin.actor, retired.id);
    const eventId = await report(3);
    const admin = harness.user(USERS.admin);

    await runJobAfter(14);
    expect(admin.messages()).toEqual([]);
    await runJobAfter(1);
    const [escalation] = escalations(admin);
    expect(escalation?.text).toContain(
      "⚠️ Escalation 1: nessuno ha ancora preso visione, 15 minuti dopo la segnalazione.",
    );
    expect(escalation?.text).toContain(`🚨 Evento critico #${eventId}`);
    expect(escalation?.text).toContain("Persone: BOL-0001 · Mario R.");
    await runJobAfter(60);
    expect(escalations(admin)).toHaveLength(1);
    expect(escalations(harness.user(USERS.coordinator))).toEqual([]);
    expect(harness.user({ id: 1004, firstName: "Olivia" }).messages()).toEqual([]);
    expect(harness.user({ id: 1005, firstName: "Dario" }).messages()).toEqual([]);

    await admin.tapKey("events-ack-button");
    const event = await harness.deps.db.criticalEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(event).toMatchObject({ status: "acknowledged", escalationCount: 1 });
    expect(await harness.deps.db.auditEntry.count({ where: { action: "event.escalate" } })).toBe(1);
  });

  it("re-sends a life-threatening event every 15 minutes up to the limit, to admins and everyone alerted", async () => {
    await report(4);
    const admin = harness.user(USERS.admin);
    const coordinator = harness.user(USERS.coordinator);
    const onCall = harness.user(USERS.onCall);
    await runJobAfter(15);
    await runJobAfter(10);
    expect(escalations(admin)).toHaveLength(1);
    await runJobAfter(5);
    await runJobAfter(15);
    await runJobAfter(15);
    await runJobAfter(60);
    for (const user of [admin, coordinator, onCall]) {
      expect(escalations(user).map((m) => m.text.split(":")[0])).toEqual([
        "⚠️ Escalation 1",
        "⚠️ Escalation 2",
        "⚠️ Escalation 3",
      ]);
    }
    expect(escalations(harness.user(USERS.operator))).toEqual([]);
  });

  it("stops as soon as someone acknowledges", async () => {
    const eventId = await report(4);
    const coordinator = harness.user(USERS.coordinator);
    await runJobAfter(15);
    await coordinator.tapKey("events-ack-button");
    await runJobAfter(15);
    await runJobAfter(15);
    expect(escalations(harness.user(USERS.admin))).toHaveLength(1);
    const event = await harness.deps.db.criticalEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(event.escalationCount).toBe(1);
  });

  it("never escalates an event acknowledged within the delay, or a minor one", async () => {
    const serious = await report(3);
    await report(2);
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.sendCallback(`ev:ack:${serious}`, coordinator.lastMessage().messageId);
    await runJobAfter(120);
    expect(harness.user(USERS.admin).messages()).toEqual([]);
  });
});
