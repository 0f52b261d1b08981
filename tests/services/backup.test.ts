import { rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backupDatabase, openDatabase } from "../../src/db/client.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";

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

describe("backup", () => {
  it("copies a live database while it is being written, and the copy restores", async () => {
    const writes = (async () => {
      for (let i = 0; i < 60; i++) {
        await deps.db.auditEntry.create({ data: { action: "test.write", subjectType: "test", at: new Date() } });
      }
    })();
    const copied = await backupDatabase(database.url, backupFile);
    await writes;
    expect(copied).toMatchObject({
      source: database.file,
      check: expect.stringMatching(/^\d+ pages, integrity check passed$/),
    });
    const restored = await openDatabase(`file:${backupFile}`);
    try {
      expect(await restored.person.count()).toBe(world.people.length);
      expect(await restored.staff.count()).toBe(5);
    } finally {
      await restored.$disconnect();
    }
  });

  it("refuses to overwrite an existing file", async () => {
    await backupDatabase(database.url, backupFile);
    await expect(backupDatabase(database.url, backupFile)).rejects.toThrow(/already exists/);
  });
});
