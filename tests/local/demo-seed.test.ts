// Seeding the demo database: fast, encrypted at rest, and searchable through the real services.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BOL, DEMO_USERS } from "../../src/local/demo-catalogue.ts";
import { buildDemoWorld } from "../../src/local/demo-data.ts";
import { seedDemoDatabase } from "../../src/local/demo-seed.ts";
import { addDaysIso } from "../../src/domain/weeks.ts";
import { searchPeopleForActor } from "../../src/services/people.ts";
import { upcomingReleases } from "../../src/services/release-checklist.ts";
import { findStaffByTelegramId } from "../../src/services/staff.ts";
import { createTestClock, createTestDatabase, createTestDeps, type TestDatabase } from "../helpers/database.ts";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.drop();
});

describe("demo seed", () => {
  it("writes the whole world, with names only in encrypted form", async () => {
    const clock = createTestClock();
    const deps = createTestDeps(database.db, clock);
    const world = buildDemoWorld({ now: clock.now(), timeZone: deps.timeZone });
    await seedDemoDatabase(deps.db, deps.cipher, world);

    expect(await deps.db.person.count()).toBe(world.people.length);
    expect(await deps.db.attendance.count()).toBe(world.sessions.reduce((n, s) => n + s.attendance.length, 0));
    const stored = await deps.db.person.findFirstOrThrow({ where: { code: world.people[0]?.code } });
    expect(stored.givenNameEnc).not.toContain(world.people[0]?.givenName);
    expect(deps.cipher.decrypt(stored.familyNameEnc, "Person.familyNameEnc", stored.id)).toBe(
      world.people[0]?.familyName,
    );
  });

  it("holds a person released next week whose protected discharge is half done", async () => {
    const clock = createTestClock();
    const deps = createTestDeps(database.db, clock);
    const world = buildDemoWorld({ now: clock.now(), timeZone: deps.timeZone });
    await seedDemoDatabase(deps.db, deps.cipher, world);
    const [release] = await upcomingReleases(deps, [BOL]);
    expect(release?.releaseOn).toBe(addDaysIso(world.today, 7));
    expect(release?.missing).toEqual({
      noServices: false,
      services: [{ kind: "serd", missing: ["appointment", "consent"] }],
    });
  });

  it("lets the demo operator find their people by part of a name, and not people of other sites", async () => {
    const clock = createTestClock();
    const deps = createTestDeps(database.db, clock);
    const world = buildDemoWorld({ now: clock.now(), timeZone: deps.timeZone });
    await seedDemoDatabase(deps.db, deps.cipher, world);
    const operator = await findStaffByTelegramId(deps, DEMO_USERS.operator.id);
    const target = world.people.find((p) => p.code.startsWith("BOL-"));
    if (!operator || !target) throw new Error("demo world without operator or Bollate people");

    const found = await searchPeopleForActor(deps, operator.actor, target.familyName.slice(0, 4), 50);
    expect(found.map((p) => p.code)).toContain(target.code);
    expect(found.every((p) => /^(BOL|CAS)-/.test(p.code))).toBe(true);
  });

  it("refuses to seed a database that already has data", async () => {
    const clock = createTestClock();
    const deps = createTestDeps(database.db, clock);
    const world = buildDemoWorld({ now: clock.now(), timeZone: deps.timeZone });
    await seedDemoDatabase(deps.db, deps.cipher, world);
    await expect(seedDemoDatabase(deps.db, deps.cipher, world)).rejects.toThrow("not empty");
  });
});
