// A fresh, migrated database per test (a copy of the template made by global-setup) and services on top of it.
import { randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { promisify } from "node:util";
import pino from "pino";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.ts";
import { createCipher } from "../../src/services/crypto.ts";
import type { Clock, ServiceDeps } from "../../src/services/deps.ts";
import { createDatabase, databaseUrl, dropDatabases } from "./postgres.ts";

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
  /** The SQLite file (empty on PostgreSQL). */
  file: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = process.env.TEST_POSTGRES_URL;
  return server ? createPostgresTestDatabase(server) : createSqliteTestDatabase();
}

async function createSqliteTestDatabase(): Promise<TestDatabase> {
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
      await closeDatabase(db);
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

/** The copy of the template that the next test takes, made while the current one runs: copying takes a second. */
let spare: Promise<string> | undefined;

function copyTemplate(server: string, prefix: string): Promise<string> {
  const name = `${prefix}${randomUUID().replaceAll("-", "")}`;
  return createDatabase(server, name, `${prefix}template`).then(() => name);
}

async function createPostgresTestDatabase(server: string): Promise<TestDatabase> {
  const prefix = process.env.PONTE_TEST_DATABASE_PREFIX;
  if (!prefix) throw new Error("PONTE_TEST_DATABASE_PREFIX is not set: run the tests with vitest (global-setup.ts)");
  const name = await (spare ?? copyTemplate(server, prefix));
  spare = copyTemplate(server, prefix);
  spare.catch(() => undefined);
  const url = databaseUrl(server, name);
  const db = await openDatabase(url);
  return {
    url,
    file: "",
    db,
    async drop() {
      await closeDatabase(db);
      // Dropped in the background (the run's end drops any left): the next test need not wait for it.
      dropDatabases(server, [name]).catch(() => undefined);
    },
  };
}

/** Everything the database holds as stored, as text: SQLite's file and WAL, or PostgreSQL's rows as pg_dump writes them. */
export async function storedText(database: TestDatabase): Promise<string> {
  if (!database.file) {
    const { stdout } = await promisify(execFile)("pg_dump", ["--data-only", `--dbname=${database.url}`], {
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  }
  return [database.file, `${database.file}-wal`]
    .filter(existsSync)
    .map((f) => readFileSync(f).toString("latin1"))
    .join("\n");
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
