import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { ServiceError } from "../../src/services/errors.ts";
import {
  addOnCallShift,
  listOnCallShifts,
  onCallCandidates,
  onCallSiteIdsOf,
  onCallStaffAt,
  removeOnCallShift,
} from "../../src/services/on-call.ts";
import type { TestClock, TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";

let database: TestDatabase;
let clock: TestClock;
let deps: ServiceDeps;
let world: World;

const HOUR = 3600_000;

beforeEach(async () => {
  ({ database, clock, deps, world } = await seedTestWorld("2026-11-18T18:00:00+01:00"));
});
afterEach(async () => {
  await database.drop();
});

const tonight = () => ({
  staffId: world.staff.onCall.id,
  siteIds: [world.bollate.id],
  startsAt: new Date(clock.now().getTime() + 2 * HOUR),
  endsAt: new Date(clock.now().getTime() + 14 * HOUR),
});

describe("on-call shifts", () => {
  it("puts a colleague on call for the shift's hours only, and audits it", async () => {
    const shift = await addOnCallShift(deps, world.staff.coordinator.actor, tonight());
    const at = (hours: number) => new Date(clock.now().getTime() + hours * HOUR);
    expect(await onCallStaffAt(deps.db, world.bollate.id, at(1))).toEqual([]);
    expect(await onCallStaffAt(deps.db, world.bollate.id, at(3))).toEqual([
      { staffId: world.staff.onCall.id, active: true, reachable: true },
    ]);
    expect(await onCallStaffAt(deps.db, world.opera.id, at(3))).toEqual([]);
    expect(await onCallSiteIdsOf(deps.db, world.staff.onCall.id, at(3))).toEqual([world.bollate.id]);
    expect(await onCallStaffAt(deps.db, world.bollate.id, at(14))).toEqual([]);
    const audit = await deps.db.auditEntry.findFirst({ where: { action: "oncall.create" } });
    expect(audit).toMatchObject({ actorId: world.staff.coordinator.id, subjectId: String(shift.id) });
  });

  it("lets only the site's coordinators manage shifts, for staff of that site", async () => {
    await expect(addOnCallShift(deps, world.staff.operator.actor, tonight())).rejects.toThrow(ServiceError);
    await expect(
      addOnCallShift(deps, world.staff.coordinator.actor, { ...tonight(), siteIds: [world.opera.id] }),
    ).rejects.toThrow(ServiceError);
    await expect(
      addOnCallShift(deps, world.staff.coordinator.actor, { ...tonight(), staffId: world.staff.otherOperator.id }),
    ).rejects.toThrow(ServiceError);
    await expect(onCallCandidates(deps, world.staff.operator.actor, world.bollate.id)).rejects.toThrow(ServiceError);
    const candidates = await onCallCandidates(deps, world.staff.coordinator.actor, world.bollate.id);
    expect(candidates.map((c) => c.displayName)).toEqual(["Carla Coordinatrice", "Omar Operatore", "Rita Reperibile"]);
    expect(await deps.db.onCallShift.count()).toBe(0);
  });

  it("refuses periods that end first, last too long or are already over", async () => {
    const coordinator = world.staff.coordinator.actor;
    const start = tonight().startsAt;
    const cases = [
      { ...tonight(), endsAt: start },
      { ...tonight(), endsAt: new Date(start.getTime() + 15 * 24 * HOUR) },
      { ...tonight(), startsAt: new Date(start.getTime() - 30 * HOUR), endsAt: new Date(start.getTime() - 20 * HOUR) },
    ];
    const errors = [];
    for (const input of cases)
      errors.push(await addOnCallShift(deps, coordinator, input).catch((error: ServiceError) => error.messageKey));
    expect(errors).toEqual([
      "events-oncall-invalid-period",
      "events-oncall-invalid-period",
      "events-oncall-in-the-past",
    ]);
  });

  it("lists shifts to the staff of the site and lets coordinators remove them", async () => {
    const shift = await addOnCallShift(deps, world.staff.coordinator.actor, tonight());
    const seenByCoordinator = await listOnCallShifts(deps, world.staff.coordinator.actor);
    expect(seenByCoordinator).toMatchObject([
      { staffName: "Rita Reperibile", siteNames: ["CR Milano-Bollate"], removable: true },
    ]);
    expect(await listOnCallShifts(deps, world.staff.operator.actor)).toMatchObject([{ removable: false }]);
    expect(await listOnCallShifts(deps, world.staff.otherOperator.actor)).toEqual([]);

    await expect(removeOnCallShift(deps, world.staff.operator.actor, shift.id)).rejects.toThrow(ServiceError);
    await removeOnCallShift(deps, world.staff.coordinator.actor, shift.id);
    expect(await deps.db.onCallShift.count()).toBe(0);
    expect(await deps.db.auditEntry.count({ where: { action: "oncall.delete" } })).toBe(1);
  });
});
