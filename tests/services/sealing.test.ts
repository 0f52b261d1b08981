// Sealed values are bound to their table, column and row: one moved elsewhere is refused, never shown. A database
// written before the binding is re-sealed at start-up, bound, in steps that a crash leaves consistent, and audited.
import { sqlThrough } from "../../src/db/audit.ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openServices } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { recordAudit, rewritingAudit } from "../../src/services/audit.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { searchPeople } from "../../src/services/people.ts";
import { openPlanPage } from "../../src/services/plans.ts";
import { SEALED_COLUMNS, type SealedColumn } from "../../src/services/sealed-columns.ts";
import { bindUnboundValues } from "../../src/services/sealing.ts";
import { TEST_KEY, type TestDatabase } from "../helpers/database.ts";
import { PEOPLE, seedTestWorld, type World } from "../helpers/fixtures.ts";
import { seedPlan } from "../helpers/plan-fixtures.ts";
import { addSession } from "../helpers/report-fixtures.ts";
import { expectEveryValueBound, sealUnbound, sealedValues } from "../helpers/sealed-values.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

const mario = () => world.people[0] as { id: number; code: string };
const luca = () => world.people[1] as { id: number; code: string };

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld());
});
afterEach(() => database.drop());

/** What an attacker with write access to the file does: copies a sealed value to another place. */
async function copySealed(from: { column: SealedColumn; id: number }, to: { column: SealedColumn; id: number }) {
  const [fromTable, fromColumn] = from.column.split(".");
  const [toTable, toColumn] = to.column.split(".");
  await sqlThrough(deps.db).run(
    `UPDATE "${toTable}" SET "${toColumn}" = (SELECT "${fromColumn}" FROM "${fromTable}" WHERE "id" = ?) WHERE "id" = ?`,
    from.id,
    to.id,
  );
}

describe("a sealed value moved to another place", () => {
  it("is refused when moved to another person's row, and the name is never shown", async () => {
    await copySealed(
      { column: "Person.givenNameEnc", id: mario().id },
      { column: "Person.givenNameEnc", id: luca().id },
    );
    await copySealed(
      { column: "Person.familyNameEnc", id: mario().id },
      { column: "Person.familyNameEnc", id: luca().id },
    );
    // Luca's search tokens still find his row; opening what is now in it fails instead of showing "Mario R.".
    await expect(searchPeople(deps, [world.bollate.id], "bianchi")).rejects.toThrow(/authenticate/);
    expect((await searchPeople(deps, [world.bollate.id], "mario")).map((p) => p.shortName)).toEqual(["Mario R."]);
  });

  it("is refused when copied to another column of the same row", async () => {
    await copySealed(
      { column: "Person.givenNameEnc", id: mario().id },
      { column: "Person.familyNameEnc", id: mario().id },
    );
    await expect(searchPeople(deps, [world.bollate.id], "mario")).rejects.toThrow(/authenticate/);
  });

  it("is refused when a goal is moved to another person's plan", async () => {
    const marioPlan = await seedPlan(deps, mario().id, { goals: [{ area: "housing", text: "Casa dalla sorella" }] });
    const lucaPlan = await seedPlan(deps, luca().id, { goals: [{ area: "work", text: "Tirocinio" }] });
    const goalOf = async (planId: number) =>
      (await deps.db.planGoal.findFirstOrThrow({ where: { planId }, select: { id: true } })).id;
    await copySealed(
      { column: "PlanGoal.textEnc", id: await goalOf(marioPlan.id) },
      { column: "PlanGoal.textEnc", id: await goalOf(lucaPlan.id) },
    );
    const coordinator = world.staff.coordinator.actor;
    await expect(openPlanPage(deps, coordinator, luca().id, "goals")).rejects.toThrow(/authenticate/);
    const marioGoals = await openPlanPage(deps, coordinator, mario().id, "goals");
    expect(marioGoals.page === "goals" && marioGoals.facts.goals.map((g) => g.text)).toEqual(["Casa dalla sorella"]);
  });
});

/** Rewrites every sealed value as an earlier version stored it (not bound to its row); returns how many. */
async function sealAllUnbound(): Promise<number> {
  const values = await sealedValues(deps.db);
  await deps.db.$transaction(async (tx) => {
    await rewritingAudit(tx, "row_binding", async () => {
      for (const { column, row, value } of values) {
        const [table, field] = column.split(".");
        const idColumn = SEALED_COLUMNS.find((entry) => entry.table === table)?.id;
        await sqlThrough(tx).run(
          `UPDATE "${table}" SET "${field}" = ? WHERE "${idColumn}" = ?`,
          sealUnbound(TEST_KEY, deps.cipher.decrypt(value, column, row)),
          row,
        );
      }
    });
  });
  return values.length;
}

describe("a database sealed before the binding", () => {
  beforeEach(async () => {
    await seedPlan(deps, mario().id, {
      objective: "Casa e lavoro",
      goals: [{ area: "housing", text: "Casa dalla sorella" }],
      network: [{ service: "CPS", referent: "dott.ssa Verdi", phone: "02 123" }],
    });
    await addSession(deps, {
      siteId: world.bollate.id,
      kind: "individual_educational",
      occurredAt: "2026-11-17T10:00+01:00",
      durationMinutes: 45,
      authorId: world.staff.operator.id,
      attendance: { [mario().id]: "present" },
      note: "Colloquio sul rientro in famiglia",
    });
    await recordAudit(deps.db, deps.cipher, {
      actorId: world.staff.operator.id,
      action: "plan.break_glass",
      subjectType: "person",
      subjectId: mario().code,
      reason: "Crisi notturna, serve il piano",
      at: deps.clock(),
    });
  });

  it("is re-sealed at start-up, bound, once: no unbound value remains, and the binding is audited", async () => {
    const total = await sealAllUnbound();
    expect(total).toBeGreaterThan(PEOPLE.length * 2);
    expect((await sealedValues(deps.db)).every(({ value }) => value.startsWith("v1:"))).toBe(true);

    const config = loadConfig({ DATABASE_URL: database.url, ENCRYPTION_KEY: TEST_KEY }, { requireToken: false });
    const started = await openServices(config, createLogger("silent"));
    try {
      expect((await sealedValues(deps.db)).filter(({ value }) => value.startsWith("v1:"))).toEqual([]);
      expect(await expectEveryValueBound(deps.db, deps.cipher)).toBe(total);
      expect((await searchPeople(started, [world.bollate.id], "ross")).map((p) => p.shortName)).toEqual([
        "Mario R.",
        "Giulia R.",
      ]);
      const audit = await deps.db.auditEntry.findMany({ where: { action: "encryption.bind_rows" } });
      expect(audit.map((entry) => JSON.parse(entry.details ?? "{}"))).toEqual([
        { keyId: deps.cipher.keyId, bound: total },
      ]);
      expect(await deps.db.unboundSealedTable.count()).toBe(0);
    } finally {
      await started.db.$disconnect();
    }

    // The next start finds nothing to do and changes nothing.
    const before = await sealedValues(deps.db);
    const again = await openServices(config, createLogger("silent"));
    await again.db.$disconnect();
    expect(await sealedValues(deps.db)).toEqual(before);
    expect(await deps.db.auditEntry.count({ where: { action: "encryption.bind_rows" } })).toBe(1);
  });

  it("is left consistent by a run stopped half-way, and the next run finishes it", async () => {
    const total = await sealAllUnbound();
    let opened = 0;
    // Stops after the people and the plan, at the plan's goal, inside its batch's transaction, as a crash would.
    const stopping = {
      ...deps.cipher,
      decryptUnbound: (sealed: string) => {
        if (++opened > PEOPLE.length * 2 + 1) throw new Error("stopped");
        return deps.cipher.decryptUnbound(sealed);
      },
    };
    await expect(bindUnboundValues({ ...deps, cipher: stopping })).rejects.toThrow("stopped");
    const halfway = await sealedValues(deps.db);
    const bound = halfway.filter(({ value }) => value.startsWith("v2:")).map(({ column }) => column.split(".")[0]);
    expect(bound).toEqual([...Array(PEOPLE.length * 2).fill("Person"), "Plan"]);
    for (const { column, row, value } of halfway) {
      const open = () =>
        value.startsWith("v2:") ? deps.cipher.decrypt(value, column, row) : deps.cipher.decryptUnbound(value);
      expect(open, `${column} #${String(row)}`).not.toThrow();
    }
    expect(await deps.db.auditEntry.count({ where: { action: "encryption.bind_rows" } })).toBe(0);
    expect(await deps.db.unboundSealedTable.count()).toBe(SEALED_COLUMNS.length);

    expect(await bindUnboundValues(deps)).toBe(total - bound.length);
    expect(await expectEveryValueBound(deps.db, deps.cipher)).toBe(total);
    expect(await deps.db.auditEntry.count({ where: { action: "encryption.bind_rows" } })).toBe(1);
    expect(await bindUnboundValues(deps)).toBe(0);
  });
});
