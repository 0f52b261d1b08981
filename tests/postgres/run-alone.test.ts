// Work that one instance of Ponte at a time does (the scheduled jobs), with two instances on one database: the second
// skips it while the first runs it, runs it once the first is done, failed or died.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { runAlone } from "../../src/db/locks.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { onServer } from "../helpers/postgres.ts";

const server = process.env.TEST_POSTGRES_URL as string;
let database: TestDatabase;
let other: Db;

beforeEach(async () => {
  database = await createTestDatabase();
  other = await openDatabase(database.url);
});
afterEach(async () => {
  await closeDatabase(other);
  await database.drop();
});

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** The first instance starts the digest and is still at it when the test goes on. */
async function firstRunsDigest(work: () => Promise<void>): Promise<{ running: Promise<boolean> }> {
  const started = gate();
  const running = runAlone(database.db, "job:digest", async () => {
    started.open();
    await work();
  });
  await started.opened;
  return { running };
}

describe("work that one instance at a time does", () => {
  it("is skipped by another instance while one runs it, and run by it afterwards", async () => {
    const finish = gate();
    const { running: first } = await firstRunsDigest(() => finish.opened);
    const runs: string[] = [];
    expect(await runAlone(other, "job:digest", async () => void runs.push("digest"))).toBe(false);
    expect(await runAlone(other, "job:reminders", async () => void runs.push("reminders"))).toBe(true);
    expect(runs).toEqual(["reminders"]);

    finish.open();
    expect(await first).toBe(true);
    expect(await runAlone(other, "job:digest", async () => void runs.push("digest"))).toBe(true);
    expect(runs).toEqual(["reminders", "digest"]);
  });

  it("is free again after a run that failed", async () => {
    const fail = gate();
    const { running: first } = await firstRunsDigest(async () => {
      await fail.opened;
      throw new Error("the digest failed");
    });
    fail.open();
    await expect(first).rejects.toThrow("the digest failed");
    expect(await runAlone(other, "job:digest", async () => undefined)).toBe(true);
  });

  it("passes to another instance when the one running it dies", async () => {
    await firstRunsDigest(() => new Promise<void>(() => undefined));
    expect(await runAlone(other, "job:digest", async () => undefined)).toBe(false);

    // The first instance's connections die with it; the server waits up to 5 s for each to end.
    const name = new URL(database.url).pathname.slice(1);
    await onServer(server, (client) =>
      client.query(
        `SELECT pg_terminate_backend("pid", 5000) FROM "pg_locks"
          WHERE "locktype" = 'advisory' AND "database" = (SELECT "oid" FROM "pg_database" WHERE "datname" = $1)`,
        [name],
      ),
    );
    expect(await runAlone(other, "job:digest", async () => undefined)).toBe(true);
  });
});
