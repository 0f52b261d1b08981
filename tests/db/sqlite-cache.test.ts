// Each of the bot's SQLite connections keeps SQLite's default 2 MB page cache: better-sqlite3 builds SQLite with
// 16 MB, and Prisma's connection, the reader and the writer each grew to it in a long-running bot.
import { afterEach, beforeEach, expect, it } from "vitest";
import { readSnapshot, writeTransaction } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.drop());

it("gives Prisma's connection, the reader and the writer a 2 MB page cache each", async () => {
  const { db } = database;
  const cacheSize = (rows: unknown) => Number((rows as { cache_size: number | bigint }[])[0]?.cache_size);
  expect([
    cacheSize(await db.$queryRawUnsafe("PRAGMA cache_size")),
    cacheSize(await readSnapshot(db, (sql) => sql.all("PRAGMA cache_size"))),
    cacheSize(await writeTransaction(db, (sql) => sql.all("PRAGMA cache_size"))),
  ]).toEqual([-2000, -2000, -2000]);
});
