import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addScheduleSlot,
  createActivity,
  enrolPerson,
  getActivityCard,
  listActivitiesForLogging,
  listManagedActivities,
  removeScheduleSlot,
  setFacilitators,
  updateActivity,
  withdrawPerson,
} from "../../src/services/activities.ts";
import { addActivity, addBollatePeople } from "../helpers/activity-fixtures.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(async () => {
  await database.drop();
});

describe("activities", () => {
  it("lets a coordinator set up an activity: schedule, facilitators, roster, all audited", async () => {
    const coordinator = world.staff.coordinator.actor;
    const { id } = await createActivity(deps, coordinator, {
      siteId: world.bollate.id,
      name: "Arteterapia",
      kind: "workshop",
    });
    await addScheduleSlot(deps, coordinator, id, { weekday: 3, startTime: "10:00", durationMinutes: 90 });
    await setFacilitators(deps, coordinator, id, [world.staff.operator.id, world.staff.coordinator.id]);
    const [mario, luca] = world.people;
    await enrolPerson(deps, coordinator, id, mario!.id, "2026-11-01");
    await enrolPerson(deps, coordinator, id, luca!.id, "2026-11-01");
    await withdrawPerson(deps, coordinator, id, luca!.id, "2026-11-10");

    const card = await getActivityCard(deps, coordinator, id);
    expect(card.schedules).toMatchObject([{ weekday: 3, startTime: "10:00", durationMinutes: 90 }]);
    expect(card.facilitators.map((f) => f.displayName).sort()).toEqual(["Carla Coordinatrice", "Omar Operatore"]);
    expect(card.roster.map((p) => `${p.code} ${p.shortName}`)).toEqual([`${mario!.code} Mario R.`]);

    const audit = await deps.db.auditEntry.findMany({ where: { subjectType: "activity" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "activity.create",
      "activity.schedule.add",
      "activity.facilitators",
      "activity.enrol",
      "activity.enrol",
      "activity.withdraw",
    ]);
    expect(audit.map((a) => a.details ?? "").join(" ")).not.toMatch(/Mario|Rossi|Luca/);
  });

  it("edits name, kind and schedule and deactivates", async () => {
    const coordinator = world.staff.coordinator.actor;
    const { id } = await createActivity(deps, coordinator, {
      siteId: world.bollate.id,
      name: "Orto",
      kind: "workshop",
    });
    await addScheduleSlot(deps, coordinator, id, { weekday: 1, startTime: "09:00", durationMinutes: 60 });
    const slot = (await getActivityCard(deps, coordinator, id)).schedules[0]!;
    await removeScheduleSlot(deps, coordinator, id, slot.id);
    await updateActivity(deps, coordinator, id, { name: "Cura del verde", kind: "certified_training", active: false });
    const card = await getActivityCard(deps, coordinator, id);
    expect(card).toMatchObject({ name: "Cura del verde", kind: "certified_training", active: false, schedules: [] });
  });

  it("refuses operators and coordinators of other sites without revealing the activity", async () => {
    const operator = world.staff.operator.actor;
    await expect(
      createActivity(deps, operator, { siteId: world.bollate.id, name: "Teatro", kind: "workshop" }),
    ).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
    const { id } = await createActivity(deps, world.staff.coordinator.actor, {
      siteId: world.bollate.id,
      name: "Teatro",
      kind: "workshop",
    });
    await expect(getActivityCard(deps, operator, id)).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
    await expect(getActivityCard(deps, world.staff.otherOperator.actor, 99_999)).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
  });

  it("accepts only the site's staff as facilitators and only the site's people on the roster", async () => {
    const coordinator = world.staff.coordinator.actor;
    const { id } = await createActivity(deps, coordinator, {
      siteId: world.bollate.id,
      name: "Teatro",
      kind: "workshop",
    });
    await expect(setFacilitators(deps, coordinator, id, [world.staff.otherOperator.id])).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
    const ahmed = world.people.find((p) => p.givenName === "Ahmed")!;
    await expect(enrolPerson(deps, coordinator, id, ahmed.id, "2026-11-01")).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
    const mario = world.people[0]!;
    await enrolPerson(deps, coordinator, id, mario.id, "2026-11-01");
    await expect(enrolPerson(deps, coordinator, id, mario.id, "2026-11-02")).rejects.toMatchObject({
      messageKey: "attendance-activity-already-enrolled",
    });
    await expect(withdrawPerson(deps, coordinator, id, mario.id, "2026-10-01")).rejects.toMatchObject({
      messageKey: "attendance-activity-withdraw-before-enrol",
    });
  });

  it("lists loggable activities with today's scheduled ones first, by start time, only at the actor's sites", async () => {
    const roster = await addBollatePeople(deps, world, 1);
    await addActivity(deps, world, {
      name: "Arte",
      roster,
      schedules: [{ weekday: 1, startTime: "09:00", durationMinutes: 60 }],
    });
    await addActivity(deps, world, {
      name: "Sport",
      roster,
      schedules: [{ weekday: 3, startTime: "15:00", durationMinutes: 60 }],
    });
    await addActivity(deps, world, {
      name: "Cucina",
      roster,
      schedules: [{ weekday: 3, startTime: "09:30", durationMinutes: 60 }],
    });
    const listed = await listActivitiesForLogging(deps, world.staff.operator.actor, "2026-11-18");
    expect(listed.map((a) => [a.name, a.todayStartTimes])).toEqual([
      ["Cucina", ["09:30"]],
      ["Sport", ["15:00"]],
      ["Arte", []],
    ]);
    expect(await listActivitiesForLogging(deps, world.staff.otherOperator.actor, "2026-11-18")).toEqual([]);
    expect((await listManagedActivities(deps, world.staff.coordinator.actor)).map((a) => a.name)).toEqual([
      "Arte",
      "Cucina",
      "Sport",
    ]);
    expect(await listManagedActivities(deps, world.staff.operator.actor)).toEqual([]);
  });
});
