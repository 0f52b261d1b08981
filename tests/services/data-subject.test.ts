import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportPerson } from "../../src/services/data-subject.ts";
import { erasePerson } from "../../src/services/erasure.ts";
import { searchPeople } from "../../src/services/people.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";
import { addMarioRecords } from "../helpers/report-fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld());
  await addMarioRecords(deps, world);
});
afterEach(() => database.drop());

describe("data-subject requests", () => {
  it("exports everything about one person, decrypted, and audits the export", async () => {
    const document = await exportPerson(deps, "bol-0001");
    expect(document.person).toMatchObject({
      code: "BOL-0001",
      givenName: "Mario",
      familyName: "Rossi",
      sites: [{ site: "CR Milano-Bollate", fromOn: "2026-01-15", toOn: null }],
    });
    expect(document.plans[0]?.crisisNotes).toBe("Se agitato chiamare il fratello");
    expect(document.plans[0]?.goals[0]?.text).toBe("Trovare casa a Rho");
    expect(document.sessions).toEqual([
      {
        kind: "individual_psychological",
        occurredOn: "2026-11-10",
        durationMinutes: 60,
        status: "present",
        voided: false,
        note: "Parla del processo",
      },
    ]);
    expect(await deps.db.auditEntry.count({ where: { action: "person.export" } })).toBe(1);
  });

  it("erases identifying data but keeps anonymous records for the reports", async () => {
    const anonymous = await erasePerson(deps, "BOL-0001");
    const person = await deps.db.person.findFirstOrThrow({ where: { code: anonymous } });
    expect(deps.cipher.decrypt(person.givenNameEnc, "Person.givenNameEnc", person.id)).toBe("—");
    expect(await deps.db.personNameToken.count({ where: { personId: person.id } })).toBe(0);
    expect(await searchPeople(deps, [world.bollate.id], "mario")).toEqual([]);
    const session = await deps.db.session.findFirstOrThrow({ include: { attendance: true } });
    expect(session.noteEnc).toBeNull();
    expect(session.attendance).toHaveLength(1);
    const plan = await deps.db.plan.findFirstOrThrow({ include: { goals: true } });
    expect(plan.crisisNotesEnc).toBeNull();
    expect(deps.cipher.decrypt(plan.goals[0]?.textEnc as string, "PlanGoal.textEnc", plan.goals[0]?.id as number)).toBe(
      "—",
    );
    expect(await deps.db.auditEntry.count({ where: { action: "person.erase", personId: person.id } })).toBe(1);
    await expect(exportPerson(deps, "BOL-0001")).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
  });
});
