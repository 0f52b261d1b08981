// `backup <file>` on PostgreSQL: a pg_dump of the live database that pg_restore brings back as it was.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backupDatabase, closeDatabase, openDatabase } from "../../src/db/client.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { seedTestWorld, type World } from "../helpers/fixtures.ts";
import { createDatabase, databaseUrl, dropDatabases } from "../helpers/postgres.ts";

const server = process.env.TEST_POSTGRES_URL as string;
let database: TestDatabase;
let world: World;
const backupFile = `.tmp/backup-${randomUUID()}.dump`;
const restoredName = `${process.env.PONTE_TEST_DATABASE_PREFIX}restored_${randomUUID().replaceAll("-", "")}`;

beforeEach(async () => {
  ({ database, world } = await seedTestWorld());
});
afterEach(async () => {
  await database.drop();
  await dropDatabases(server, [restoredName]);
  rmSync(backupFile, { force: true });
});

describe("PostgreSQL backup", () => {
  it("dumps the live database while it is being written, and the dump restores", async () => {
    const writes = (async () => {
      for (let i = 0; i < 30; i++)
        await database.db.auditEntry.create({ data: { action: "test.write", subjectType: "test", at: new Date() } });
    })();
    const copied = await backupDatabase(database.url, backupFile);
    await writes;
    expect(copied.check).toMatch(/^pg_dump, \d+ tables listed by pg_restore$/);
    await createDatabase(server, restoredName);
    await promisify(execFile)("pg_restore", [
      "--no-owner",
      `--dbname=${databaseUrl(server, restoredName)}`,
      backupFile,
    ]);
    const restored = await openDatabase(databaseUrl(server, restoredName));
    try {
      expect(await restored.person.count()).toBe(world.people.length);
      expect(await restored.staff.count()).toBe(5);
    } finally {
      await closeDatabase(restored);
    }
  });

  it("refuses to overwrite an existing file", async () => {
    await backupDatabase(database.url, backupFile);
    await expect(backupDatabase(database.url, backupFile)).rejects.toThrow(/already exists/);
  });
});
