// Tap budgets counted the way an operator lives them: from the tap on the main-menu button (included) to the saved
// entry, with the typed messages counted apart.
import { afterEach, describe, expect, it } from "vitest";
import { recordAttendance } from "../../src/services/attendance.ts";
import { addActivity, addBollatePeople, type SeededActivity } from "../helpers/activity-fixtures.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;

afterEach(async () => {
  await harness.stop();
});

// Wednesday 18 November 2026, 11:00 in Rome.
async function setUp() {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  world = await seedWorld(harness.deps);
}

async function workshop(weekday: number): Promise<SeededActivity> {
  const roster = await addBollatePeople(harness.deps, world, 10);
  return addActivity(harness.deps, world, {
    name: "Falegnameria",
    roster,
    schedules: [{ weekday, startTime: "09:00", durationMinutes: 150 }],
    facilitatorIds: [world.staff.operator.id],
  });
}

describe("group attendance", () => {
  it("takes 4 taps and no typing for a 10-person roster with 2 absent, when the only activity is on today", async () => {
    await setUp();
    const activity = await workshop(3);
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-attendance");
    expect(operator.lastMessage().text).toContain("Falegnameria — mer 18/11");
    await operator.tap(activity.roster[1]!.code);
    await operator.tap(activity.roster[6]!.code);
    await operator.tapKey("flow-confirm");
    expect(operator.lastMessage().text).toBe(
      "✅ Presenze salvate: Falegnameria, mer 18/11.\nPresenti 8 · assenti 2 · giustificati 0",
    );
    expect(operator.taps).toBe(4);
    expect(operator.typed).toBe(0);
  });

  it("takes 5 taps when the only activity is not on today: the day is asked, not the activity", async () => {
    await setUp();
    const activity = await workshop(1);
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-attendance");
    expect(operator.lastMessage().text).toContain("Falegnameria: di quale giorno?");
    await operator.tapKey("date-yesterday");
    await operator.tap(activity.roster[0]!.code);
    await operator.tap(activity.roster[9]!.code);
    await operator.tapKey("flow-confirm");
    expect(operator.lastMessage().text).toContain("Presenti 8 · assenti 2 · giustificati 0");
    expect(operator.taps).toBe(5);
    expect(operator.typed).toBe(0);
  });
});

describe("people just seen", () => {
  /** The coordinator logged this morning's workshop: the operator (its facilitator) never logged anything. */
  async function seenThisMorning() {
    await setUp();
    const activity = await workshop(3);
    await recordAttendance(harness.deps, world.staff.coordinator.actor, {
      activityId: activity.id,
      occurredOn: "2026-11-18",
      statuses: Object.fromEntries(
        activity.roster.map((p, index) => [String(p.id), index === 0 ? "present" : "absent"]),
      ),
      clientRef: "workshop-this-morning",
    });
    return activity.roster[0]!;
  }

  it("offers as a button, the first time, a person of the operator's workshop seen today: a session with no typing", async () => {
    const seen = await seenThisMorning();
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-session");
    expect(operator.lastMessage().buttons.flat()[0]?.text).toBe(seen.label);
    await operator.tap(seen.label);
    await operator.tapKey("session-kind-individual_educational");
    await operator.tapKey("date-today");
    await operator.tap("45′");
    await operator.tapKey("flow-skip");
    expect(operator.lastMessage().text).toContain(
      `✅ Sessione salvata: ${seen.label} — Colloquio educativo, mer 18/11, 45′`,
    );
    expect(operator.taps).toBe(6);
    expect(operator.typed).toBe(0);
  });

  it("reports a critical event about them in 6 taps and the description, at the time it is reported", async () => {
    const seen = await seenThisMorning();
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-event");
    await operator.tap(seen.label);
    await operator.tapKey("events-kind-protest");
    await operator.tapKey("events-severity-2");
    await operator.send("Rifiuta di rientrare in sezione dopo il laboratorio.");
    await operator.tapKey("flow-confirm");
    expect(operator.lastMessage().text).toContain("Quando: 18/11/2026 11:00");
    await operator.tapKey("events-confirm-send");
    expect(operator.lastMessage().text).toMatch(/^✅ Evento #\d+ registrato/);
    expect(operator.taps).toBe(6);
    expect(operator.typed).toBe(1);
    const event = await harness.deps.db.criticalEvent.findFirstOrThrow({ include: { people: true } });
    expect(event.people.map((p) => p.personId)).toEqual([seen.id]);
    expect(event.occurredAt.toISOString()).toBe("2026-11-18T10:00:00.000Z");
  });
});
