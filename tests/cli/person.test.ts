// `person export` and `person erase` through the dispatcher: a data-subject request as the programme office runs it.
import { randomUUID } from "node:crypto";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/commands/index.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { searchPeople } from "../../src/services/people.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";
import { addMarioRecords } from "../helpers/report-fixtures.ts";
import { captureOutput, commandContext } from "./helpers.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
let mario: World["people"][number];
const exportFile = `.tmp/person-${randomUUID()}.json`;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
  mario = world.people[0] as World["people"][number];
  await addMarioRecords(deps, world);
});
afterEach(async () => {
  await database.drop();
  rmSync(exportFile, { force: true });
});

async function cli(...argv: string[]) {
  const io = captureOutput();
  const code = await runCli(argv, commandContext(deps, io));
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe("person export", () => {
  it("writes the person's data as JSON to an owner-only file, and audits it", async () => {
    const result = await cli("person", "export", "bol-0001", "--out", exportFile);
    expect(result).toEqual({
      code: 0,
      stdout: `Exported the data of BOL-0001 (names included; recorded in the audit log) to ${exportFile}.\n`,
      stderr: "",
    });
    expect(statSync(exportFile).mode & 0o777).toBe(0o600);
    const document = JSON.parse(readFileSync(exportFile, "utf8"));
    expect(document.person).toMatchObject({
      code: "BOL-0001",
      givenName: "Mario",
      familyName: "Rossi",
      sites: [{ site: "CR Milano-Bollate", fromOn: "2026-01-15", toOn: null }],
    });
    expect(document.plans[0]).toMatchObject({
      crisisNotes: "Se agitato chiamare il fratello",
      goals: [{ text: "Trovare casa a Rho" }],
    });
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
    const audit = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "person.export" } });
    expect([audit.actorId, audit.subjectId, audit.personId]).toEqual([null, "BOL-0001", mario.id]);
  });

  it("makes an existing file owner-only when it overwrites it, prints to stdout without --out, and fails on an unknown code", async () => {
    writeFileSync(exportFile, "old", { mode: 0o644 });
    expect((await cli("person", "export", "BOL-0002", "--out", exportFile)).code).toBe(0);
    expect(statSync(exportFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(exportFile, "utf8")).person.givenName).toBe("Luca");

    const toStdout = await cli("person", "export", "OPE-0001");
    expect(toStdout.code).toBe(0);
    expect(JSON.parse(toStdout.stdout).person).toMatchObject({ givenName: "Ahmed", familyName: "Benali" });
    expect(toStdout.stderr).toBe("Exported the data of OPE-0001 (names included; recorded in the audit log).\n");

    expect(await cli("person", "export", "BOL-0099")).toEqual({
      code: 1,
      stdout: "",
      stderr: "No person has the code BOL-0099.\n",
    });
    expect(await deps.db.auditEntry.count({ where: { action: "person.export" } })).toBe(2);
    expect((await cli("person", "export")).code).toBe(2);
  });
});

describe("person erase", () => {
  it("without --yes says what would happen and changes nothing", async () => {
    const before = await deps.db.person.findUniqueOrThrow({ where: { id: mario.id } });
    const result = await cli("person", "erase", "BOL-0001");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("This would erase BOL-0001 · Mario R. (1 plan, 1 session, 0 critical events):");
    expect(result.stderr).toContain(`The code becomes ERASED-${mario.id}.`);
    expect(result.stderr).toContain("Nothing was erased. To go ahead: npm run cli -- person erase BOL-0001 --yes");
    expect(await deps.db.person.findUniqueOrThrow({ where: { id: mario.id } })).toEqual(before);
    expect((await searchPeople(deps, [world.bollate.id], "mario")).map((p) => p.code)).toEqual(["BOL-0001"]);
    expect(await deps.db.auditEntry.count({ where: { action: "person.erase" } })).toBe(0);
  });

  it("with --yes removes the name and free texts, renames the code, keeps the anonymous records, and audits it", async () => {
    const result = await cli("person", "erase", "BOL-0001", "--yes");
    expect(result).toEqual({
      code: 0,
      stdout: `Erased BOL-0001: it is now ERASED-${mario.id}, with no name or free text. Recorded in the audit log.\n`,
      stderr: "",
    });
    const erased = await deps.db.person.findUniqueOrThrow({ where: { id: mario.id } });
    expect(erased.code).toBe(`ERASED-${mario.id}`);
    expect([
      deps.cipher.decrypt(erased.givenNameEnc, "Person.givenNameEnc", erased.id),
      deps.cipher.decrypt(erased.familyNameEnc, "Person.familyNameEnc", erased.id),
    ]).toEqual(["—", "—"]);
    expect(await searchPeople(deps, [world.bollate.id], "mario")).toEqual([]);
    const session = await deps.db.session.findFirstOrThrow({ include: { attendance: true } });
    expect([session.noteEnc, session.attendance.length]).toEqual([null, 1]);
    const audit = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "person.erase" } });
    expect([audit.subjectId, audit.personId]).toEqual([`ERASED-${mario.id}`, mario.id]);

    expect(await cli("person", "erase", "BOL-0001", "--yes")).toMatchObject({
      code: 1,
      stderr: "No person has the code BOL-0001.\n",
    });
    expect((await cli("person", "erase", `erased-${mario.id}`, "--yes")).stdout).toBe(
      `ERASED-${mario.id} was already erased on 2026-11-18.\n`,
    );
    expect(await deps.db.auditEntry.count({ where: { action: "person.erase" } })).toBe(1);
  });
});
