import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addPerson, searchPeopleForActor } from "../../src/services/people.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld());
});
afterEach(() => database.drop());

describe("people", () => {
  it("gives a new person the next code of the site and keeps the name encrypted", async () => {
    const person = await addPerson(deps, world.staff.coordinator.actor, {
      siteId: world.bollate.id,
      givenName: "Teresa",
      familyName: "Galli",
      legalStatus: "probation_social_services",
      intakeOn: "2026-11-01",
      fragilities: ["addiction"],
    });
    expect(person).toMatchObject({ code: "BOL-0004", shortName: "Teresa G." });
    const row = await deps.db.person.findUniqueOrThrow({ where: { id: person.id }, include: { fragilities: true } });
    expect(row.givenNameEnc).not.toContain("Teresa");
    expect(deps.cipher.decrypt(row.familyNameEnc, "Person.familyNameEnc", row.id)).toBe("Galli");
    expect(row.fragilities.map((f) => f.flag)).toEqual(["addiction"]);
  });

  it("lets only coordinators of the site add people", async () => {
    const input = {
      siteId: world.bollate.id,
      givenName: "X",
      familyName: "Y",
      legalStatus: "detained" as const,
      intakeOn: "2026-11-01",
    };
    await expect(addPerson(deps, world.staff.operator.actor, input)).rejects.toMatchObject({
      messageKey: "error-not-allowed",
    });
    await expect(
      addPerson(deps, world.staff.coordinator.actor, { ...input, siteId: world.opera.id }),
    ).rejects.toMatchObject({
      messageKey: "error-not-allowed",
    });
  });

  it("finds people by code or name prefix within the user's sites only", async () => {
    const operator = world.staff.operator.actor;
    expect((await searchPeopleForActor(deps, operator, "ross")).map((p) => p.shortName)).toEqual([
      "Mario R.",
      "Giulia R.",
    ]);
    expect((await searchPeopleForActor(deps, operator, "bol-0002")).map((p) => p.code)).toEqual(["BOL-0002"]);
    expect(await searchPeopleForActor(deps, operator, "benali")).toEqual([]);
    expect((await searchPeopleForActor(deps, world.staff.otherOperator.actor, "Benali")).map((p) => p.code)).toEqual([
      "OPE-0001",
    ]);
  });
});
