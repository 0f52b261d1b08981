// Legal status changes by coordinators, and reports that count each fact under the status in force on its date.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../src/domain/permissions.ts";
import { quarterPeriod } from "../../src/domain/report-periods.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { changeLegalStatus, legalStatusNow } from "../../src/services/legal-status.ts";
import { loadOutputIndicators } from "../../src/services/reports/sheet-data.ts";
import { logSession } from "../../src/services/sessions.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { seedTestWorld, type World } from "../helpers/fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
let clock: Awaited<ReturnType<typeof seedTestWorld>>["clock"];

beforeEach(async () => {
  ({ database, deps, world, clock } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(() => database.drop());

const mario = () => world.people[0] as World["people"][number];
const periodsOf = (personId: number) =>
  deps.db.legalStatusPeriod.findMany({
    where: { personId },
    orderBy: { fromOn: "asc" },
    select: { status: true, fromOn: true },
  });

describe("changing the legal status", () => {
  it("adds a period from the effective date, keeps the one before, and audits before and after", async () => {
    await changeLegalStatus(deps, world.staff.coordinator.actor, {
      personId: mario().id,
      status: "work_outside_art21",
      fromOn: "2026-11-18",
    });
    expect(await periodsOf(mario().id)).toEqual([
      { status: "detained", fromOn: "2026-01-15" },
      { status: "work_outside_art21", fromOn: "2026-11-18" },
    ]);
    expect(await legalStatusNow(deps, mario().id)).toEqual({ status: "work_outside_art21", fromOn: "2026-11-18" });
    const audit = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "person.legal_status" } });
    expect(audit).toMatchObject({ actorId: world.staff.coordinator.id, personId: mario().id, subjectId: mario().code });
    expect(JSON.parse(audit.details ?? "{}")).toEqual({
      fromOn: "2026-11-18",
      before: "detained",
      after: "work_outside_art21",
      replaced: null,
    });
  });

  it("corrects a change of the same date instead of adding a second one, and accepts a decided future date", async () => {
    const change = (status: "semi_liberty" | "released", fromOn: string) =>
      changeLegalStatus(deps, world.staff.coordinator.actor, { personId: mario().id, status, fromOn });
    await change("semi_liberty", "2026-11-01");
    await change("released", "2026-11-01");
    await change("released", "2027-03-31");
    expect(await periodsOf(mario().id)).toEqual([
      { status: "detained", fromOn: "2026-01-15" },
      { status: "released", fromOn: "2026-11-01" },
      { status: "released", fromOn: "2027-03-31" },
    ]);
    const replaced = await deps.db.auditEntry.findMany({
      where: { action: "person.legal_status" },
      orderBy: { id: "asc" },
    });
    expect(JSON.parse(replaced[1]?.details ?? "{}")).toMatchObject({ replaced: "semi_liberty", after: "released" });
  });

  it("refuses operators, other sites' coordinators, dates before intake or too far ahead, and unknown codes", async () => {
    const other: Actor = {
      ...world.staff.coordinator.actor,
      memberships: [{ role: "coordinator" as const, siteId: world.opera.id, programmeId: null }],
    };
    const attempt = (actor: Actor, fromOn: string, status = "semi_liberty") =>
      changeLegalStatus(deps, actor, { personId: mario().id, status: status as "semi_liberty", fromOn });
    await expect(attempt(world.staff.operator.actor, "2026-11-18")).rejects.toThrow("error-not-found-or-not-allowed");
    await expect(attempt(other, "2026-11-18")).rejects.toThrow("error-not-found-or-not-allowed");
    await expect(attempt(world.staff.coordinator.actor, "2026-01-14")).rejects.toThrow("legal-status-before-intake");
    await expect(attempt(world.staff.coordinator.actor, "2028-01-01")).rejects.toThrow("error-date-too-far");
    await expect(attempt(world.staff.coordinator.actor, "2026-11-18", "young_adult")).rejects.toThrow(
      "error-invalid-input",
    );
    expect(await periodsOf(mario().id)).toHaveLength(1);
  });
});

describe("reports use the status in force on the date of each fact", () => {
  it("counts a session in March for a person detained until April as detenuto, and one in May as affidamento", async () => {
    await deps.db.personFragility.create({ data: { personId: mario().id, flag: "addiction" } });
    await changeLegalStatus(deps, world.staff.coordinator.actor, {
      personId: mario().id,
      status: "probation_social_services",
      fromOn: "2026-04-20",
    });
    for (const [occurredOn, clientRef] of [
      ["2026-03-10", "march-session"],
      ["2026-05-05", "may-session"],
    ] as const) {
      clock.set(`${occurredOn}T16:00:00+02:00`);
      await logSession(deps, world.staff.operator.actor, {
        personIds: [mario().id],
        kind: "individual_educational",
        occurredOn,
        durationMinutes: 45,
        clientRef,
      });
    }

    const byStatus = async (quarter: string) => {
      const bollate = { id: world.bollate.id, name: "Bollate", kind: "day_centre_inside" };
      const [sheet] = await loadOutputIndicators(deps.db, world.programmeId, [bollate], [quarterPeriod(quarter)]);
      return {
        statuses: sheet?.total.breakdown.byLegalStatus,
        detainedWithFragility: sheet?.total.values.detained_participants_with_fragility,
      };
    };
    expect(await byStatus("2026Q1")).toEqual({ statuses: { detained: 1 }, detainedWithFragility: 1 });
    expect(await byStatus("2026Q2")).toEqual({ statuses: { external: 1 }, detainedWithFragility: 0 });
  });
});
