// `rotate-key` through the dispatcher: keys from the environment, every value re-sealed, search rebuilt, bad keys refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/commands/index.ts";
import { createCipher } from "../../src/services/crypto.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { searchPeople } from "../../src/services/people.ts";
import { TEST_KEY, type TestDatabase } from "../helpers/database.ts";
import { PEOPLE, type World, seedTestWorld } from "../helpers/fixtures.ts";
import { addSession } from "../helpers/report-fixtures.ts";
import { captureOutput, commandContext } from "./helpers.ts";
import { openNames } from "../../src/services/person-names.ts";
import { expectEveryValueBound } from "../helpers/sealed-values.ts";

const NEW_KEY = Buffer.alloc(32, 77).toString("base64");

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
    note: "Colloquio sul rientro in famiglia",
  });
});
afterEach(() => database.drop());

async function rotate(env: Record<string, string | undefined>) {
  const io = captureOutput();
  const code = await runCli(["rotate-key"], commandContext(deps, io, process.cwd(), env));
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** What an attacker with the file would see: every sealed name and the search index. */
async function sealedState() {
  const people = await deps.db.person.findMany({
    select: { givenNameEnc: true, familyNameEnc: true },
    orderBy: { id: "asc" },
  });
  const tokens = await deps.db.personNameToken.findMany({
    select: { personId: true, token: true },
    orderBy: [{ personId: "asc" }, { token: "asc" }],
  });
  return { people, tokens, audit: await deps.db.auditEntry.count() };
}

describe("rotate-key", () => {
  it("re-encrypts under the new key so that only the new key is needed, and a second run finds nothing to do", async () => {
    const first = await rotate({ ENCRYPTION_KEY: TEST_KEY, NEW_ENCRYPTION_KEY: NEW_KEY });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Re-encrypted ${PEOPLE.length * 2 + 1} values from key id`);
    expect(first.stdout).toContain(`Rebuilt the name search index of ${PEOPLE.length} people.`);
    expect(first.stdout).toContain("Now set ENCRYPTION_KEY to the value of NEW_ENCRYPTION_KEY and restart the bot");

    const onlyNew: ServiceDeps = { ...deps, cipher: createCipher(NEW_KEY) };
    const people = await deps.db.person.findMany({ orderBy: { id: "asc" } });
    expect(
      people.map((p) => {
        const { givenName, familyName } = openNames(onlyNew.cipher, p);
        return `${givenName} ${familyName}`;
      }),
    ).toEqual(PEOPLE.map((p) => `${p.givenName} ${p.familyName}`));
    const session = await deps.db.session.findFirstOrThrow();
    expect(onlyNew.cipher.decrypt(session.noteEnc as string, "Session.noteEnc", session.id)).toBe(
      "Colloquio sul rientro in famiglia",
    );
    expect(() => openNames(deps.cipher, people[0] as (typeof people)[number])).toThrow(/unknown encryption key/);
    // Re-sealed bound: each value opens at its own table, column and row, and nowhere else.
    expect(await expectEveryValueBound(deps.db, onlyNew.cipher)).toBe(PEOPLE.length * 2 + 1);
    expect((await searchPeople(onlyNew, [world.bollate.id], "ross")).map((p) => p.code)).toEqual([
      "BOL-0001",
      "BOL-0003",
    ]);
    expect(await searchPeople(deps, [world.bollate.id], "ross")).toEqual([]);
    const audit = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "encryption.rotate_key" } });
    expect(JSON.parse(audit.details ?? "")).toEqual({
      keyId: onlyNew.cipher.keyId,
      reencrypted: PEOPLE.length * 2 + 1,
    });

    const again = await rotate({ ENCRYPTION_KEY: TEST_KEY, NEW_ENCRYPTION_KEY: NEW_KEY });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Nothing left to re-encrypt: every value is already under the new key");
    expect((await searchPeople(onlyNew, [world.opera.id], "benali")).map((p) => p.code)).toEqual(["OPE-0001"]);
  });

  it("refuses a missing, malformed or unchanged key with one line per problem, and changes nothing", async () => {
    const before = await sealedState();

    const missing = await rotate({ ENCRYPTION_KEY: TEST_KEY });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      "Configuration error — NEW_ENCRYPTION_KEY: is required: the key to re-encrypt under " +
        "(32 random bytes in base64, e.g. from `openssl rand -base64 32`)\nNothing was re-encrypted.\n",
    );

    const bothWrong = await rotate({ NEW_ENCRYPTION_KEY: "c2hvcnQ=" });
    expect(bothWrong.code).toBe(1);
    expect(bothWrong.stderr.split("\n").filter((line) => line.startsWith("Configuration error"))).toEqual([
      "Configuration error — ENCRYPTION_KEY: is required: the key the data is encrypted with now (32 random bytes in base64, e.g. from `openssl rand -base64 32`)",
      "Configuration error — NEW_ENCRYPTION_KEY: must be 32 bytes encoded in base64",
    ]);

    const same = await rotate({ ENCRYPTION_KEY: TEST_KEY, NEW_ENCRYPTION_KEY: TEST_KEY });
    expect(same.code).toBe(1);
    expect(same.stderr).toContain("NEW_ENCRYPTION_KEY: is the same key as ENCRYPTION_KEY");

    expect(await sealedState()).toEqual(before);
    expect((await searchPeople(deps, [world.bollate.id], "ross")).map((p) => p.code)).toEqual(["BOL-0001", "BOL-0003"]);
  });

  it("stops without changing anything when ENCRYPTION_KEY is not the key the data is under", async () => {
    const before = await sealedState();
    const wrongCurrent = Buffer.alloc(32, 5).toString("base64");
    const result = await rotate({ ENCRYPTION_KEY: wrongCurrent, NEW_ENCRYPTION_KEY: NEW_KEY });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Rotation stopped: unknown encryption key id");
    expect(result.stderr).toContain("Is ENCRYPTION_KEY the key the bot runs with");
    expect(await sealedState()).toEqual(before);
  });
});
