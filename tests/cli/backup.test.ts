// `backup <file>` while the bot writes, then the restore procedure of docs/backup-restore.md, through the dispatcher
// and once as the real child process.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/commands/index.ts";
import { openDatabase } from "../../src/db/client.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { erasePerson } from "../../src/services/erasure.ts";
import { searchPeople } from "../../src/services/people.ts";
import { createTestClock, createTestDeps, TEST_KEY, type TestDatabase } from "../helpers/database.ts";
import { PEOPLE, type World, seedTestWorld } from "../helpers/fixtures.ts";
import { nodeScriptArgs } from "../helpers/process.ts";
import { captureOutput, commandContext } from "./helpers.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
const backupFile = `.tmp/backup-${randomUUID()}.db`;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld());
});
afterEach(async () => {
  await database.drop();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${backupFile}${suffix}`, { force: true });
});

async function cli(...argv: string[]) {
  const io = captureOutput();
  const code = await runCli(argv, commandContext(deps, io, process.cwd(), { DATABASE_URL: database.url }));
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe("backup", () => {
  it("copies the database while another connection is writing, into one owner-only file that opens", async () => {
    const before = await deps.db.auditEntry.count();
    const written = 100;
    // A bounded burst: SQLite restarts an online backup whenever another connection writes, so it ends after the burst.
    const writer = (async () => {
      for (let i = 0; i < written; i++) {
        await deps.db.auditEntry.create({ data: { action: "test.write", subjectType: "test", at: new Date() } });
      }
    })();
    const result = await cli("backup", backupFile);
    await writer;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Backed up \.tmp\/test-[\w-]+\.db to \.tmp\/backup-[\w-]+\.db \(\d+ pages, integrity check passed\)\.\n/,
    );
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    expect([existsSync(`${backupFile}-wal`), existsSync(`${backupFile}-shm`)]).toEqual([false, false]);

    const copy = await openDatabase(`file:${backupFile}`);
    try {
      expect(await copy.person.count()).toBe(PEOPLE.length);
      expect(await copy.staff.count()).toBe(Object.keys(world.staff).length);
      const audited = await copy.auditEntry.count();
      expect(audited).toBeGreaterThanOrEqual(before);
      expect(audited).toBeLessThanOrEqual(before + written);
    } finally {
      await copy.$disconnect();
    }
  });

  it("restores: the backup copied over the stopped bot's database brings back the data as it was", async () => {
    expect((await cli("backup", backupFile)).code).toBe(0);
    await erasePerson(deps, "BOL-0001");
    expect(await searchPeople(deps, [world.bollate.id], "rossi")).toEqual([]);

    // docs/backup-restore.md: stop the bot, replace the file, remove -wal/-shm, start.
    await database.db.$disconnect();
    copyFileSync(backupFile, database.file);
    for (const suffix of ["-wal", "-shm"]) rmSync(`${database.file}${suffix}`, { force: true });
    const restored = await openDatabase(database.url);
    try {
      const restoredDeps = createTestDeps(restored, createTestClock());
      const mario = await restored.person.findUniqueOrThrow({ where: { code: "BOL-0001" } });
      expect(restoredDeps.cipher.decrypt(mario.familyNameEnc, "Person.familyNameEnc", mario.id)).toBe("Rossi");
      expect((await searchPeople(restoredDeps, [world.bollate.id], "rossi")).map((p) => p.code)).toEqual(["BOL-0001"]);
      expect(await restored.auditEntry.count({ where: { action: "person.erase" } })).toBe(0);
      expect(await restored.person.count()).toBe(PEOPLE.length);
    } finally {
      await restored.$disconnect();
    }
  });

  it("refuses an existing file with exit code 1 and leaves it untouched", async () => {
    writeFileSync(backupFile, "yesterday's backup");
    const result = await cli("backup", backupFile);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Backup failed: .*backup-[\w-]+\.db already exists: choose a new file name\n$/);
    expect(readFileSync(backupFile, "utf8")).toBe("yesterday's backup");
    expect((await cli("backup")).code).toBe(2);
  });
});

describe("npm run cli -- backup", () => {
  const run = promisify(execFile);
  const backup = (file: string) =>
    run(process.execPath, [...nodeScriptArgs("cli"), "backup", file], {
      env: { ...process.env, DATABASE_URL: database.url, ENCRYPTION_KEY: TEST_KEY, LOG_LEVEL: "warn" },
      timeout: 240_000,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it("backs up the live database from the environment's DATABASE_URL, and refuses the same file the second time", async () => {
    const first = await backup(backupFile);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`to ${backupFile} (`);
    expect(first.stdout).toContain("keep the key, apart from the backups");
    const copy = await openDatabase(`file:${backupFile}`);
    try {
      expect(await copy.person.count()).toBe(PEOPLE.length);
    } finally {
      await copy.$disconnect();
    }

    const second = await backup(backupFile);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("already exists: choose a new file name");
  });
});
