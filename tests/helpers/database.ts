// A fresh, migrated database per test (a copy of the template made by global-setup) and services on top of it.
import { randomUUID } from "node:crypto";
import { copyFileSync, rmSync } from "node:fs";
import pino from "pino";
import { type Db, openDatabase } from "../../src/db/client.ts";
import { closeSqliteConnections } from "../../src/db/sqlite.ts";
import { createCipher } from "../../src/services/crypto.ts";
import type { Clock, ServiceDeps } from "../../src/services/deps.ts";

export const TEST_KEY = Buffer.alloc(32, 42).toString("base64");

export interface TestClock {
  now: Clock;
  set(date: Date | string): void;
  advance(ms: number): void;
}

export function createTestClock(start: Date | string = "2026-11-18T10:00:00+01:00"): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (date) => {
      current = new Date(date);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

export interface TestDatabase {
  url: string;
  file: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const file = `.tmp/test-${randomUUID()}.db`;
  const template = process.env.PONTE_TEST_TEMPLATE_DB;
  if (!template)
    throw new Error("PONTE_TEST_TEMPLATE_DB is not set: run the tests with vitest (see tests/helpers/global-setup.ts)");
  copyFileSync(template, file);
  const url = `file:${file}`;
  const db = await openDatabase(url);
  return {
    url,
    file,
    db,
    async drop() {
      closeSqliteConnections(db);
      await db.$disconnect();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

export function createTestDeps(db: Db, clock: TestClock, overrides: Partial<ServiceDeps> = {}): ServiceDeps {
  return {
    db,
    cipher: createCipher(TEST_KEY),
    clock: clock.now,
    timeZone: "Europe/Rome",
    logger: pino({ level: "silent" }),
    bootstrapAdminIds: [],
    ...overrides,
  };
}
