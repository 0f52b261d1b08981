// The server ends Ponte's connections (a restart, a failover, an administrator): Ponte carries on with new ones, and a
// connection ended while a transaction holds it fails that transaction instead of crashing the process.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readSnapshot } from "../../src/db/client.ts";
import { poolOf } from "../../src/db/postgres/pool.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { onServer } from "../helpers/postgres.ts";

const server = process.env.TEST_POSTGRES_URL as string;
let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.drop());

const countStaff = () =>
  readSnapshot(database.db, async (sql) => Number((await sql.all(`SELECT COUNT(*) AS "n" FROM "Staff"`))[0]?.n));

describe("PostgreSQL connections", () => {
  it("keeps answering after the server ended every idle connection", async () => {
    expect(await countStaff()).toBe(0);
    expect(await database.db.staff.count()).toBe(0);
    const pool = poolOf(database.db);
    expect(pool.idleCount).toBeGreaterThan(0);

    const name = new URL(database.url).pathname.slice(1);
    await onServer(server, (client) =>
      client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]),
    );
    // The pool hears of each ended connection and drops it (unheard, that news would crash the process).
    while (pool.totalCount > 0) await new Promise((resolve) => setTimeout(resolve, 20));

    expect(await countStaff()).toBe(0);
    expect(await database.db.staff.count()).toBe(0);
  });

  it("fails a transaction whose connection the server ends while it is held, and carries on", async () => {
    const name = new URL(database.url).pathname.slice(1);
    const held = readSnapshot(database.db, async (sql) => {
      await sql.all("SELECT 1");
      await onServer(server, (client) =>
        client.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [name],
        ),
      );
      // Held, with no query under way, while the news arrives: unheard, it would be an uncaught exception.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return sql.all("SELECT 1");
    });
    await expect(held).rejects.toThrow();
    expect(await countStaff()).toBe(0);
  });
});
