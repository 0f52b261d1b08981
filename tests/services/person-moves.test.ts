// Transfers and discharges in the services: the rules a chat user cannot get round, and what follows a discharge.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getAttendanceSheet } from "../../src/services/attendance.ts";
import { recordFirstContact } from "../../src/services/first-contact.ts";
import { changeLegalStatus } from "../../src/services/legal-status.ts";
import { dischargePerson, transferPerson, transferTargets } from "../../src/services/person-moves.ts";
import { peopleInCharge } from "../../src/services/people.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestDatabase, TestClock } from "../helpers/database.ts";
import { addActivity } from "../helpers/activity-fixtures.ts";
import { seedTestWorld, type World } from "../helpers/fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
let clock: TestClock;

// Wednesday 18 November 2026; the world's people were taken in charge on 15 January 2026.
beforeEach(async () => {
  ({ database, deps, world, clock } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(() => database.drop());

describe("transfers", () => {
  it("refuses a transfer to the site the person is at, or on or before the day of arriving there", async () => {
    const coordinator = world.staff.coordinator.actor;
    const mario = world.people[0]!;
    await expect(
      transferPerson(deps, coordinator, { personId: mario.id, toSiteId: world.bollate.id, on: "2026-11-01" }),
    ).rejects.toMatchObject({ messageKey: "transfer-same-site" });
    await expect(
      transferPerson(deps, coordinator, { personId: mario.id, toSiteId: world.opera.id, on: "2026-01-15" }),
    ).rejects.toMatchObject({ messageKey: "transfer-before-arrival" });
    await expect(
      transferPerson(deps, world.staff.operator.actor, {
        personId: mario.id,
        toSiteId: world.opera.id,
        on: "2026-11-01",
      }),
    ).rejects.toMatchObject({ messageKey: "error-not-found-or-not-allowed" });
    expect(await deps.db.personSite.count({ where: { personId: mario.id } })).toBe(1);
  });

  it("stays within the person's programme: another programme's sites are neither offered nor accepted", async () => {
    const other = await deps.db.programme.create({
      data: { code: "altro", name: "Altro progetto", funder: "FSE+", startsOn: "2025-01-01", endsOn: "2027-12-31" },
    });
    const elsewhere = await deps.db.site.create({
      data: { programmeId: other.id, name: "Casa Altrove", kind: "housing", codePrefix: "ALT" },
    });
    const mario = world.people[0]!;
    for (const actor of [world.staff.coordinator.actor, world.staff.admin.actor]) {
      expect((await transferTargets(deps, actor, mario.id)).map((site) => site.id)).toEqual([world.opera.id]);
      await expect(
        transferPerson(deps, actor, { personId: mario.id, toSiteId: elsewhere.id, on: "2026-11-01" }),
      ).rejects.toMatchObject({ messageKey: "error-not-found-or-not-allowed" });
    }
    expect(await deps.db.personSite.count({ where: { personId: mario.id } })).toBe(1);
  });
});

describe("discharge", () => {
  it("takes the person off the roster and the lists from the day of discharge, once", async () => {
    const coordinator = world.staff.coordinator.actor;
    const [mario, luca] = world.people as [World["people"][number], World["people"][number]];
    const activity = await addActivity(deps, world, {
      name: "Falegnameria",
      roster: [mario, luca].map((p) => ({ id: p.id, code: p.code, label: p.code })),
      schedules: [{ weekday: 3, startTime: "09:00", durationMinutes: 120 }],
      facilitatorIds: [world.staff.operator.id],
      enrolledOn: "2026-02-01",
    });
    await dischargePerson(deps, coordinator, { personId: mario.id, outcome: "dropout", on: "2026-11-18" });
    await expect(
      dischargePerson(deps, coordinator, { personId: mario.id, outcome: "other", on: "2026-11-18" }),
    ).rejects.toMatchObject({ messageKey: "person-discharged" });
    const operator = world.staff.operator.actor;
    const today = await getAttendanceSheet(deps, operator, activity.id, "2026-11-18");
    expect(today.people.map((p) => p.code)).toEqual([luca.code]);
    // The day before the discharge Mario was still in charge: that day's roster keeps him.
    const lastWeek = await getAttendanceSheet(deps, operator, activity.id, "2026-11-11");
    expect(lastWeek.people.map((p) => p.code)).toEqual([mario.code, luca.code]);
    clock.set("2026-11-19T09:00:00+01:00");
    expect((await peopleInCharge(deps, coordinator)).map((p) => p.code)).not.toContain(mario.code);
  });

  it("plans a discharge dated ahead (in charge until then); refuses one too far ahead or before the intake", async () => {
    const coordinator = world.staff.coordinator.actor;
    const [mario, luca] = world.people;
    await expect(
      dischargePerson(deps, coordinator, { personId: luca!.id, outcome: "dropout", on: "2028-01-10" }),
    ).rejects.toMatchObject({ messageKey: "error-date-too-far" });
    const planned = await dischargePerson(deps, coordinator, {
      personId: luca!.id,
      outcome: "end_of_sentence",
      on: "2026-11-25",
    });
    expect(planned.releasePlanId).not.toBeNull();
    expect((await peopleInCharge(deps, coordinator)).map((p) => p.code)).toContain(luca!.code);
    clock.set("2026-11-25T09:00:00+01:00");
    expect((await peopleInCharge(deps, coordinator)).map((p) => p.code)).not.toContain(luca!.code);
    await expect(
      dischargePerson(deps, coordinator, { personId: mario!.id, outcome: "dropout", on: "2026-01-14" }),
    ).rejects.toMatchObject({ messageKey: "path-date-before-intake" });
  });

  it("gives a release after an earlier one its own checklist: the earlier keeps its day and first contact", async () => {
    const coordinator = world.staff.coordinator.actor;
    const luca = world.people[1]!;
    const measure = await changeLegalStatus(deps, coordinator, {
      personId: luca.id,
      status: "probation_social_services",
      fromOn: "2026-11-20",
    });
    clock.set("2026-11-23T09:00:00+01:00");
    await recordFirstContact(deps, world.staff.operator.actor, {
      releasePlanId: measure.releasePlanId as number,
      on: "2026-11-22",
    });
    const discharge = await dischargePerson(deps, coordinator, {
      personId: luca.id,
      outcome: "end_of_sentence",
      on: "2026-12-10",
    });
    const plans = await deps.db.releasePlan.findMany({
      where: { personId: luca.id },
      orderBy: { id: "asc" },
      select: { id: true, releaseOn: true, trigger: true, firstContactOn: true },
    });
    expect(plans).toEqual([
      { id: measure.releasePlanId, releaseOn: "2026-11-20", trigger: "legal_status", firstContactOn: "2026-11-22" },
      { id: discharge.releasePlanId, releaseOn: "2026-12-10", trigger: "discharge", firstContactOn: null },
    ]);
  });
});
