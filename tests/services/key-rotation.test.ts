import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCipher } from "../../src/services/crypto.ts";
import { rotateKey } from "../../src/services/key-rotation.ts";
import { searchPeople } from "../../src/services/people.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { storedText, TEST_KEY, type TestDatabase } from "../helpers/database.ts";
import { PEOPLE, type World, seedTestWorld } from "../helpers/fixtures.ts";
import { addSession } from "../helpers/report-fixtures.ts";
import { expectEveryValueBound } from "../helpers/sealed-values.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld());
  await addSession(deps, {
    siteId: world.bollate.id,
    kind: "individual_educational",
    occurredAt: "2026-11-17T10:00+01:00",
    durationMinutes: 45,
    authorId: world.staff.operator.id,
    attendance: { [world.people[0]?.id as number]: "present" },
    note: "Colloquio sereno con Mario sul rientro in famiglia",
  });
});
afterEach(() => database.drop());

describe("encryption at rest", () => {
  it("keeps no seeded name or note in clear in what the database stores", async () => {
    const raw = await storedText(database);
    for (const person of PEOPLE) {
      expect(raw).not.toContain(person.givenName);
      expect(raw).not.toContain(person.familyName);
    }
    expect(raw).not.toContain("rientro in famiglia");
  });

  it("re-encrypts everything under a new key, keeps search working, and is safe to run twice", async () => {
    const newKey = Buffer.alloc(32, 77).toString("base64");
    const rotating = createCipher(newKey, [TEST_KEY]);
    const report = await rotateKey(deps, rotating);
    expect(report.reencrypted).toBe(PEOPLE.length * 2 + 1);
    const onlyNew: ServiceDeps = { ...deps, cipher: createCipher(newKey) };
    const person = await deps.db.person.findFirstOrThrow({ where: { code: "BOL-0001" } });
    expect(onlyNew.cipher.decrypt(person.familyNameEnc, "Person.familyNameEnc", person.id)).toBe("Rossi");
    const note = await deps.db.session.findFirstOrThrow();
    expect(onlyNew.cipher.decrypt(note.noteEnc as string, "Session.noteEnc", note.id)).toContain("rientro in famiglia");
    expect(await expectEveryValueBound(deps.db, onlyNew.cipher)).toBe(PEOPLE.length * 2 + 1);
    expect((await searchPeople(onlyNew, [world.bollate.id], "ross")).map((p) => p.code)).toEqual([
      "BOL-0001",
      "BOL-0003",
    ]);
    expect((await rotateKey(deps, rotating)).reencrypted).toBe(0);
  });
});
