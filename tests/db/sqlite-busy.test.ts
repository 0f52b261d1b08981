// Regression tests for SQLite locking with the better-sqlite3 adapter (prisma/prisma#29933: a SQLITE_BUSY at
// COMMIT left the connection unable to run later transactions and lost acknowledged writes). Ponte's defence is
// WAL plus a busy timeout; these tests fail if either is missing.
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SqlSession } from "../../src/db/sql.ts";
import { BUSY_TIMEOUT_MS, writeTransaction } from "../../src/db/sqlite/connections.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.drop());

const audit = (action: string) => ({ data: { action, subjectType: "test", at: new Date() } });

/** Holds the write lock from another thread for `ms`, as another process (a CLI import, a backup) would. */
function holdWriteLock(file: string, ms: number): Promise<void> {
  const worker = new Worker(
    `const Database = require(${JSON.stringify(require.resolve("better-sqlite3"))});
     const { workerData, parentPort } = require("node:worker_threads");
     const db = new Database(workerData.file);
     db.exec("BEGIN IMMEDIATE");
     db.prepare("INSERT INTO \\"AuditEntry\\" (action, subjectType, at) VALUES ('lock.holder', 'test', '2026-01-01T00:00:00.000+00:00')").run();
     parentPort.postMessage("locked");
     setTimeout(() => { db.exec("COMMIT"); db.close(); parentPort.postMessage("released"); }, workerData.ms);`,
    { eval: true, workerData: { file, ms } },
  );
  return new Promise((resolve, reject) => {
    worker.on("message", (message) => message === "locked" && resolve());
    worker.on("error", reject);
  });
}

describe("SQLite under contention", () => {
  it("runs in WAL mode with a busy timeout", async () => {
    const mode = await database.db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode[0]?.journal_mode).toBe("wal");
    const timeout = await database.db.$queryRawUnsafe<{ timeout: number | bigint }[]>("PRAGMA busy_timeout");
    expect(Number(timeout[0]?.timeout)).toBeGreaterThanOrEqual(5000);
  });

  it("commits while another connection holds a read transaction, and keeps working afterwards", async () => {
    const reader = new Database(database.file);
    reader.exec("BEGIN");
    reader.prepare('SELECT count(*) FROM "AuditEntry"').get();
    await database.db.$transaction(async (tx) => {
      await tx.auditEntry.create(audit("during.read"));
    });
    reader.exec("COMMIT");
    reader.close();
    for (let i = 0; i < 3; i++) await database.db.$transaction(async (tx) => tx.auditEntry.create(audit("after")));
    const check = new Database(database.file, { readonly: true });
    expect(
      check.prepare(`SELECT count(*) AS n FROM "AuditEntry" WHERE action IN ('during.read', 'after')`).get(),
    ).toEqual({ n: 4 });
    check.close();
  });

  it("waits for a writer in another thread instead of failing, and loses no write", async () => {
    await holdWriteLock(database.file, 700);
    await database.db.$transaction(async (tx) => tx.auditEntry.create(audit("waited")));
    await database.db.$transaction(async (tx) => tx.auditEntry.create(audit("next")));
    expect(await database.db.auditEntry.count()).toBe(3);
  });

  it("lets 50 concurrent writers all succeed while another thread writes too", async () => {
    const lock = holdWriteLock(database.file, 300);
    const writers = Array.from({ length: 50 }, (_, i) =>
      database.db.$transaction(async (tx) => {
        await tx.auditEntry.create(audit(`writer.${i}`));
        await tx.auditEntry.create(audit(`writer.${i}.second`));
      }),
    );
    await lock;
    const results = await Promise.allSettled(writers);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await database.db.auditEntry.count({ where: { action: { startsWith: "writer." } } })).toBe(100);
  });
});

describe("the attendance writer (a second connection)", () => {
  const insertAudit = (action: string) => (sql: SqlSession) =>
    sql.run(
      `INSERT INTO "AuditEntry" (action, subjectType, at) VALUES (?, 'test', '2026-01-01T00:00:00.000+00:00')`,
      action,
    );

  it("waits for a Prisma transaction of the same process to commit instead of blocking it", async () => {
    const order: string[] = [];
    let writerStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      writerStarted = resolve;
    });
    const began = performance.now();
    const prisma = database.db.$transaction(async (tx) => {
      await tx.auditEntry.create(audit("prisma.holds.lock"));
      writerStarted();
      await new Promise((resolve) => setTimeout(resolve, 200));
      order.push("prisma committed");
    });
    await started;
    const writer = writeTransaction(database.db, insertAudit("writer.waited")).then(() =>
      order.push("writer committed"),
    );
    await Promise.all([prisma, writer]);
    // Waiting inside SQLite would have frozen the event loop, and Prisma's transaction with it, for the whole busy
    // timeout: half of it leaves room for a busy machine.
    expect(performance.now() - began).toBeLessThan(BUSY_TIMEOUT_MS / 2);
    expect(order).toEqual(["prisma committed", "writer committed"]);
    expect(
      await database.db.auditEntry.count({ where: { action: { in: ["prisma.holds.lock", "writer.waited"] } } }),
    ).toBe(2);
  });

  it("waits for another process's write lock, then writes", async () => {
    await holdWriteLock(database.file, 300);
    await writeTransaction(database.db, insertAudit("writer.after.lock"));
    expect(await database.db.auditEntry.count({ where: { action: "writer.after.lock" } })).toBe(1);
  });

  it("gives up with SQLITE_BUSY once its timeout passes, writing nothing", async () => {
    await holdWriteLock(database.file, 1500);
    await expect(writeTransaction(database.db, insertAudit("writer.gave.up"), 100)).rejects.toMatchObject({
      code: "SQLITE_BUSY",
    });
    expect(await database.db.auditEntry.count({ where: { action: "writer.gave.up" } })).toBe(0);
  });
});
