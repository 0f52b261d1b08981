// `migrate-to-postgres`: a seeded SQLite deployment moved into an empty PostgreSQL database, row for row and checked;
// Ponte on the copy reads the same people; a database that holds data is refused; a row changed afterwards is found.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, rmSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/commands/index.ts";
import { applyMigrations, closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { searchPeople } from "../../src/services/people.ts";
import { reserveIds } from "../../src/services/row-ids.ts";
import { createTestClock, createTestDeps, TEST_KEY } from "../helpers/database.ts";
import { addStaff, seedWorld, type World } from "../helpers/fixtures.ts";
import { databaseUrl, dropDatabases, onServer } from "../helpers/postgres.ts";
import { nodeScriptArgs } from "../helpers/process.ts";
import { addMarioRecords, goldenWeek } from "../helpers/report-fixtures.ts";
import { captureOutput } from "../cli/helpers.ts";

const server = process.env.TEST_POSTGRES_URL as string;
const sourceFile = `.tmp/move-${randomUUID()}.db`;
const sourceUrl = `file:${sourceFile}`;
let world: World;
/** An id of Session that SQLite handed out (a reservation never used): PostgreSQL must not hand it out again. */
let reservedSessionId: number;
let target: { name: string; url: string };

/** A Telegram id above 2^53: exact only if no side reads it as a JS number. */
const HUGE_TELEGRAM_ID = 9_007_199_254_740_993n;

/** The fixtures' world, sessions, attendance, events, plans and audit, and values each engine prints its own way. */
async function seedSource(db: Db): Promise<void> {
  const deps = createTestDeps(db, createTestClock());
  world = await seedWorld(deps);
  await addMarioRecords(deps, world);
  await goldenWeek(deps, world);
  const retired = await addStaff(deps, { id: 5001, firstName: "Ugo", lastName: "Uscito" }, []);
  const at = deps.clock();
  await db.staff.update({ where: { id: retired.id }, data: { active: false, deactivatedAt: at } });
  await db.staff.create({ data: { telegramId: HUGE_TELEGRAM_ID, displayName: "Zed", createdAt: at } });
  await db.indicatorTarget.create({
    data: { programmeId: world.programmeId, scopeKey: "programme", code: "beneficiaries", target: 0.1, updatedAt: at },
  });
  await db.processedUpdate.create({ data: { updateId: HUGE_TELEGRAM_ID, createdAt: at } });
  // Text keys that a locale-aware collation would order differently from SQLite's byte order.
  for (const key of ["b:1", "B:2", "_:3", "a:4"]) {
    const valueEnc = deps.cipher.encrypt("bozza", "ChatState.valueEnc", key);
    await db.chatState.create({ data: { key, valueEnc, updatedAt: at } });
  }
  // Instants as older rows may hold them: SQLite's CURRENT_TIMESTAMP text, and milliseconds since the epoch.
  await db.$executeRawUnsafe(
    `INSERT INTO "AuditEntry" ("at", "action", "subjectType") VALUES ('2026-01-02 03:04:05', 'test.text_instant', 'test'), (1767323045123, 'test.ms_instant', 'test')`,
  );
  // Ids past 9, which would sort otherwise as text.
  for (let i = 0; i < 12; i++) await db.auditEntry.create({ data: { action: "test.write", subjectType: "test", at } });
  reservedSessionId = await reserveIds(db, "Session");
}

beforeAll(async () => {
  await applyMigrations(sourceUrl);
  const db = await openDatabase(sourceUrl);
  try {
    await seedSource(db);
  } finally {
    await closeDatabase(db);
  }
});
afterAll(() => {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${sourceFile}${suffix}`, { force: true });
});

beforeEach(async () => {
  const name = `${process.env.PONTE_TEST_DATABASE_PREFIX}move_${randomUUID().replaceAll("-", "")}`;
  // Italian collation, as a deployment here would create it: text sorts otherwise than in SQLite ("B" after "a").
  await onServer(server, (client) =>
    client.query(
      `CREATE DATABASE "${name}" TEMPLATE template0 LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'it-IT'`,
    ),
  );
  target = { name, url: databaseUrl(server, name) };
});
afterEach(() => dropDatabases(server, [target.name]));

async function cli(...argv: string[]) {
  const io = captureOutput();
  const code = await runCli(argv, {
    io,
    services: () => Promise.reject(new Error("the move opens no services")),
    cwd: process.cwd(),
    env: { DATABASE_URL: sourceUrl },
  });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const onTarget = <T>(work: (client: import("pg").Client) => Promise<T>) => onServer(target.url, work);

/** Every row of the tables whose values each engine stores its own way, as Ponte reads them. */
async function contents(db: Db) {
  const byId = { orderBy: { id: "asc" } } as const;
  return {
    staff: await db.staff.findMany(byId),
    people: await db.person.findMany(byId),
    sessions: await db.session.findMany(byId),
    attendance: await db.attendance.findMany({ orderBy: [{ sessionId: "asc" }, { personId: "asc" }] }),
    events: await db.criticalEvent.findMany(byId),
    plans: await db.plan.findMany(byId),
    audit: await db.auditEntry.findMany(byId),
    targets: await db.indicatorTarget.findMany(byId),
    // Sorted here: each engine's ORDER BY compares text its own way.
    chats: (await db.chatState.findMany()).sort((a, b) => (a.key < b.key ? -1 : 1)),
    updates: await db.processedUpdate.findMany(),
  };
}

describe("npm run cli -- migrate-to-postgres", () => {
  it("copies the SQLite database of DATABASE_URL, verifies every table, and Ponte on the copy reads the same people", async () => {
    const run = await promisify(execFile)(
      process.execPath,
      [...nodeScriptArgs("cli"), "migrate-to-postgres", "--to", target.url],
      { env: { ...process.env, DATABASE_URL: sourceUrl, ENCRYPTION_KEY: TEST_KEY, LOG_LEVEL: "warn" } },
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(
      `Moving the SQLite database ${sourceFile} to the PostgreSQL database ${target.name} on`,
    );
    expect(run.stdout).toMatch(/^ {2}Person +6 rows$/m);
    expect(run.stdout).toMatch(/^ {2}Attendance +\d+ rows$/m);
    expect(run.stdout).toMatch(/^ {2}Attendance +(\d+) +\1 {2}[0-9a-f]{16} {2}same$/m);
    expect(run.stdout).toMatch(/^All \d+ tables have the same rows on both sides\.$/m);
    expect(run.stdout).not.toContain(server);

    const [sqlite, postgres] = [await openDatabase(sourceUrl), await openDatabase(target.url)];
    try {
      const [before, after] = [await contents(sqlite), await contents(postgres)];
      expect(after).toEqual(before);
      expect(after.staff.map((s) => s.telegramId)).toContain(HUGE_TELEGRAM_ID);
      expect(after.audit.find((a) => a.action === "test.text_instant")?.at).toEqual(new Date("2026-01-02T03:04:05Z"));
      expect(after.audit.find((a) => a.action === "test.ms_instant")?.at).toEqual(new Date(1767323045123));

      const deps = createTestDeps(postgres, createTestClock());
      for (const person of world.people) {
        const copy = await postgres.person.findUniqueOrThrow({ where: { code: person.code } });
        expect(deps.cipher.decrypt(copy.givenNameEnc, "Person.givenNameEnc", copy.id)).toBe(person.givenName);
        expect(deps.cipher.decrypt(copy.familyNameEnc, "Person.familyNameEnc", copy.id)).toBe(person.familyName);
      }
      expect((await searchPeople(deps, [world.bollate.id], "rossi")).map((p) => p.code)).toEqual(["BOL-0001"]);
      const plan = await postgres.plan.findFirstOrThrow({ where: { crisisNotesEnc: { not: null } } });
      expect(deps.cipher.decrypt(plan.crisisNotesEnc as string, "Plan.crisisNotesEnc", plan.id)).toBe(
        "Se agitato chiamare il fratello",
      );

      // New rows continue after the highest ids, including the one SQLite reserved without a row.
      expect(await reserveIds(postgres, "Session")).toBe(reservedSessionId + 1);
      const entry = await postgres.auditEntry.create({
        data: { action: "test.after", subjectType: "test", at: new Date("2026-11-18T10:00:00Z") },
      });
      expect(entry.id).toBe(Math.max(...after.audit.map((a) => a.id)) + 1);
    } finally {
      await closeDatabase(sqlite);
      await closeDatabase(postgres);
    }
  });
});

describe("migrate-to-postgres", () => {
  it("refuses a database that already holds data, and changes nothing in it", async () => {
    expect((await cli("migrate-to-postgres", "--to", target.url)).code).toBe(0);
    const people = () => onTarget(async (c) => (await c.query(`SELECT COUNT(*)::int AS n FROM "Person"`)).rows[0].n);
    expect(await people()).toBe(6);

    const again = await cli("migrate-to-postgres", "--to", target.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^Refused: the PostgreSQL database \w+ on [\w.:]+ already holds data \(in \w+(, \w+)*\)\.\nNothing was copied into it\. Move into a new, empty database\.\n$/,
    );
    expect(again.stderr).toContain("Person");
    expect(await people()).toBe(6);
    expect((await cli("migrate-to-postgres", "--to", target.url, "--verify-only")).code).toBe(0);
  });

  it("refuses a database holding another application's rows before creating anything in it", async () => {
    await onTarget((c) => c.query(`CREATE TABLE "invoices" ("n" int); INSERT INTO "invoices" VALUES (1)`));
    const result = await cli("migrate-to-postgres", "--to", target.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("already holds data (in invoices)");
    const tables = await onTarget(
      async (c) => (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows,
    );
    expect(tables).toEqual([{ tablename: "invoices" }]);
  });

  it("finds rows changed or deleted on PostgreSQL after the move, table by table", async () => {
    expect((await cli("migrate-to-postgres", "--to", target.url)).code).toBe(0);
    await onTarget(async (c) => {
      await c.query(`UPDATE "Person" SET "givenNameEnc" = "familyNameEnc" WHERE "code" = 'BOL-0002'`);
      await c.query(`DELETE FROM "Attendance" WHERE ctid = (SELECT ctid FROM "Attendance" LIMIT 1)`);
    });

    const check = await cli("migrate-to-postgres", "--to", target.url, "--verify-only");
    expect(check.code).toBe(1);
    expect(check.stdout).not.toContain("Moving");
    expect(check.stdout).toMatch(/^ {2}Person +6 +6 {2}DIFFERENT$/m);
    expect(check.stdout).toMatch(/^ {2}Attendance +(\d+) +(?!\1)\d+ {2}DIFFERENT$/m);
    expect(check.stdout).toMatch(/^ {2}Session +(\d+) +\1 {2}[0-9a-f]{16} {2}same$/m);
    expect(check.stderr).toMatch(/^2 of \d+ tables differ: Person, Attendance\.\nDo not start Ponte on the copy\./);
  });

  it("commits nothing when a row cannot be copied, and copies everything when run again after the fix", async () => {
    const brokenFile = `.tmp/move-${randomUUID()}.db`;
    copyFileSync(sourceFile, brokenFile);
    const broken = await openDatabase(`file:${brokenFile}`);
    try {
      // PostgreSQL's text cannot hold a NUL character; SQLite's can.
      await broken.$executeRawUnsafe(`UPDATE "Programme" SET "name" = 'Spazio' || char(0) || 'Zero'`);
      const failed = await cli("migrate-to-postgres", "--from", `file:${brokenFile}`, "--to", target.url);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/^Move failed: .+\.\nNothing was committed to the PostgreSQL database/);
      expect(await onTarget(async (c) => (await c.query(`SELECT COUNT(*)::int AS n FROM "Programme"`)).rows[0].n)).toBe(
        0,
      );

      await broken.$executeRawUnsafe(`UPDATE "Programme" SET "name" = 'Spazio Zero'`);
      const fixed = await cli("migrate-to-postgres", "--from", `file:${brokenFile}`, "--to", target.url);
      expect(fixed.stderr).toBe("");
      expect(fixed.code).toBe(0);
    } finally {
      await closeDatabase(broken);
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${brokenFile}${suffix}`, { force: true });
    }
  });

  it("wants a PostgreSQL URL to move into and a SQLite database to move", async () => {
    expect((await cli("migrate-to-postgres")).stderr).toMatch(/^Usage error: give the empty PostgreSQL database/);
    expect((await cli("migrate-to-postgres", "--to", "file:other.db")).code).toBe(2);
    const fromPostgres = await cli("migrate-to-postgres", "--from", target.url, "--to", target.url);
    expect(fromPostgres.code).toBe(2);
    expect(fromPostgres.stderr).toContain("the database to move must be SQLite");
  });
});
