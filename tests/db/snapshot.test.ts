// A child process's own read snapshot (readSnapshotAt), opened from the URL the bot's client was opened with.
import { afterEach, beforeEach, expect, it } from "vitest";
import { readSnapshotAt } from "../../src/db/snapshot.ts";
import { databaseUrlOf } from "../../src/db/url.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.drop());

it("reads what the bot committed, from the URL its client was opened with", async () => {
  await database.db.staff.create({ data: { telegramId: 81_001n, displayName: "Carla Coordinatrice" } });
  const names = await readSnapshotAt(databaseUrlOf(database.db), (sql) =>
    sql.all(`SELECT "displayName" FROM "Staff" WHERE "telegramId" = ?`, 81_001n),
  );
  expect(names).toEqual([{ displayName: "Carla Coordinatrice" }]);
});

it("cannot write: a report's child process only reads", async () => {
  const write = readSnapshotAt(databaseUrlOf(database.db), (sql) =>
    sql.run(
      `INSERT INTO "Staff" ("telegramId", "displayName", "locale", "active") VALUES (?, ?, 'it', true)`,
      81_002n,
      "X",
    ),
  );
  await expect(write).rejects.toThrow(/read.?only/i);
  expect(await database.db.staff.count({ where: { telegramId: 81_002n } })).toBe(0);
});

it("refuses a client not opened with openDatabase instead of guessing its database", () => {
  expect(() => databaseUrlOf({} as TestDatabase["db"])).toThrow(/openDatabase/);
});
