import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/commands/index.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { redeemInvite } from "../../src/services/access.ts";
import { findStaffByTelegramId } from "../../src/services/staff.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";
import { captureOutput, commandContext } from "./helpers.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(() => database.drop());

async function cli(...argv: string[]) {
  const io = captureOutput();
  const code = await runCli(argv, commandContext(deps, io));
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe("staff commands", () => {
  it("names a site's network social worker among its staff, audited; refuses anyone else", async () => {
    expect(await cli("staff", "network-worker", "bol", "3001")).toMatchObject({
      code: 0,
      stdout: "Omar Operatore is the network social worker of CR Milano-Bollate.\n",
    });
    const bollate = await deps.db.site.findUniqueOrThrow({ where: { id: world.bollate.id } });
    expect(bollate.networkWorkerId).toBe(world.staff.operator.id);
    expect(await deps.db.auditEntry.count({ where: { action: "site.network_worker" } })).toBe(1);
    // Olga works at Opera, not Bollate; 777 is nobody.
    expect((await cli("staff", "network-worker", "BOL", "3002")).code).toBe(1);
    expect((await cli("staff", "network-worker", "BOL", "777")).code).toBe(1);
    expect((await cli("staff", "network-worker", "BOL")).code).toBe(2);
  });

  it("deactivates by Telegram id once, audited with no actor", async () => {
    const result = await cli("staff", "deactivate", "3001");
    expect(result).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("Deactivated Omar Operatore (Telegram id 3001)"),
    });
    const omar = await findStaffByTelegramId(deps, 3001);
    expect(omar?.active).toBe(false);
    const audit = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "staff.deactivate" } });
    expect([audit.actorId, audit.subjectId]).toEqual([null, String(world.staff.operator.id)]);

    expect((await cli("staff", "deactivate", "3001")).stdout).toContain("was already deactivated");
    expect(await deps.db.auditEntry.count({ where: { action: "staff.deactivate" } })).toBe(1);
  });

  it("fails on an unknown id and refuses malformed arguments with the usage", async () => {
    expect(await cli("staff", "deactivate", "777")).toMatchObject({
      code: 1,
      stderr: "No staff member has Telegram id 777.\n",
    });
    const malformed = await cli("staff", "deactivate", "omar");
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('Usage error: "omar" is not a Telegram user id');
    expect(malformed.stderr).toContain("npm run cli -- staff deactivate <telegram_id>");
    expect((await cli("staff")).code).toBe(2);
  });

  it("lists every staff member with roles and status", async () => {
    await cli("staff", "deactivate", "3002");
    const { code, stdout } = await cli("staff", "list");
    expect(code).toBe(0);
    expect(stdout).toMatch(/2001\s+Carla Coordinatrice\s+active\s+coordinator@BOL/);
    expect(stdout).toMatch(/3002\s+Olga Altrove\s+deactivated\s+operator@OPE/);
    expect(stdout).toMatch(/1001\s+Anna Admin\s+active\s+admin\n/);
    expect(stdout).toContain("5 staff members (4 active).");
  });
});

describe("invite", () => {
  it("creates a single-use code that a newcomer redeems for the role and site", async () => {
    const { code, stdout } = await cli("invite", "--role", "coordinator", "--site", "ope");
    expect(code).toBe(0);
    expect(stdout).toContain("(coordinator at OPE · CR Milano-Opera)");
    expect(stdout).toContain("valid until 2026-11-21 10:00 (Europe/Rome)");
    const typed = stdout.match(/\/start (\w+)/)?.[1] ?? "";
    const newcomer = await redeemInvite(
      deps,
      { telegramId: 5005, displayName: "Nina", languageCode: "it" },
      typed,
      "it",
    );
    expect(newcomer.actor.memberships).toEqual([
      { role: "coordinator", siteId: world.opera.id, programmeId: world.programmeId },
    ]);
    const audit = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "invite.create" } });
    expect(audit.actorId).toBeNull();
  });

  it("works for the first admin and refuses wrong combinations", async () => {
    expect((await cli("invite", "--role", "admin")).stdout).toContain("(admin, every site)");
    expect(await cli("invite", "--role", "admin", "--site", "BOL")).toMatchObject({ code: 2 });
    expect(await cli("invite", "--role", "operator")).toMatchObject({ code: 2 });
    expect(await cli("invite", "--role", "boss", "--site", "BOL")).toMatchObject({ code: 2 });
    expect(await cli("invite", "--role", "operator", "--site", "MIL")).toMatchObject({
      code: 1,
      stderr: "No active site has the code prefix MIL.\n",
    });
    expect(await deps.db.invite.count()).toBe(1);
  });
});

describe("import and export commands", () => {
  it("prints every row error as 'line N, column C: reason' and exits with 1", async () => {
    const file = `.tmp/cli-${process.pid}-bad-people.csv`;
    writeFileSync(
      file,
      "given_name,family_name,birth_year,legal_status,intake_date,site\nAnna,Verdi,1990,detained,2026-01-10,BOL\nBruno,Neri,1850,detained,2026-01-10,BOL\n",
    );
    try {
      const result = await cli("import", "people", file);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `line 3, column birth_year: must be a year between 1900 and 2026\nNothing was imported from ${file}: 1 error. Fix the file and run the import again.\n`,
      );
    } finally {
      rmSync(file, { force: true });
    }
  });

  it("distinguishes a missing file (1) from an unknown kind (2)", async () => {
    expect(await cli("import", "people", "no-such-file.csv")).toMatchObject({
      code: 1,
      stderr: "Cannot read no-such-file.csv: ENOENT\n",
    });
    const unknown = await cli("import", "pets", "x.csv");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "import what? one of: staff, people, legal-statuses, referrals, internships, allowances, beds, activities, shifts",
    );
    expect((await cli("frobnicate")).code).toBe(2);
    expect((await cli("help")).stdout).toContain("import activities <file.csv>");
  });

  it("exports to a file, or to stdout with the count on stderr", async () => {
    const file = `.tmp/cli-${process.pid}-people.csv`;
    try {
      const toFile = await cli("export", "people", "--out", file, "--with-names");
      expect(toFile).toMatchObject({ code: 0, stdout: `Exported 4 rows of people WITH NAMES (audited) to ${file}.\n` });
      expect(readFileSync(file, "utf8")).toContain("BOL-0001,Mario,Rossi,");
    } finally {
      rmSync(file, { force: true });
    }
    const toStdout = await cli("export", "staff");
    expect(toStdout.stdout.split("\n")[0]).toBe("telegram_id,display_name,phone,locale,role,site");
    expect(toStdout.stderr).toBe("Exported 5 rows of staff.\n");
    expect(await cli("export", "staff", "--with-names")).toMatchObject({ code: 2 });
    expect(await cli("export", "people", "--bogus")).toMatchObject({ code: 2 });
  });
});
