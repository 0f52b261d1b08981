// Plain better-sqlite3 connections beside Prisma's, for the two places where the ORM's cost per statement shows
// (see README, Performance): a read-only one for reports over hundreds of thousands of rows, and a writer for
// attendance, the busiest write.
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import type { PrismaClient as Db } from "./generated/client.ts";

/** How long any connection waits for another one's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 10_000;

const files = new WeakMap<Db, string>();
const readers = new WeakMap<Db, Database.Database>();
const writers = new WeakMap<Db, Database.Database>();
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function registerDatabaseFile(db: Db, file: string): void {
  files.set(db, file);
}

function fileOf(db: Db): string {
  const file = files.get(db);
  if (!file) throw new Error("this Prisma client was not opened with openDatabase");
  return file;
}

export function readerFor(db: Db): Database.Database {
  let reader = readers.get(db);
  if (!reader) {
    reader = new Database(fileOf(db), { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    readers.set(db, reader);
  }
  return reader;
}

function writerFor(db: Db): Database.Database {
  let writer = writers.get(db);
  if (!writer) {
    // No busy timeout: waiting inside SQLite would block the event loop, and with it Prisma's connection, which
    // may be the one holding the lock. `writeTransaction` waits asynchronously instead.
    writer = new Database(fileOf(db), { fileMustExist: true, timeout: 0 });
    writer.pragma("synchronous = NORMAL");
    writer.pragma("foreign_keys = ON");
    writer.pragma("secure_delete = ON");
    writers.set(db, writer);
  }
  return writer;
}

/** A prepared statement, prepared once per connection. */
export function statement(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(sqlite);
  if (!cache) {
    cache = new Map();
    statements.set(sqlite, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = sqlite.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/**
 * Runs `work` synchronously in one IMMEDIATE transaction on the writer connection. While another connection
 * holds the write lock it retries after a short asynchronous pause, for up to `timeoutMs`.
 */
export async function writeTransaction<T>(
  db: Db,
  work: (sqlite: Database.Database) => T,
  timeoutMs = BUSY_TIMEOUT_MS,
): Promise<T> {
  const writer = writerFor(db);
  const run = writer.transaction(work);
  const deadline = Date.now() + timeoutMs;
  for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, 50)) {
    try {
      return run.immediate(writer);
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await sleep(pauseMs);
    }
  }
}

export function closeSqliteConnections(db: Db): void {
  for (const connections of [readers, writers]) {
    connections.get(db)?.close();
    connections.delete(db);
  }
}

/** Instants as Prisma's SQLite adapter stores them, so text comparisons in SQL order them correctly. */
export function sqlInstant(instant: Date): string {
  return instant.toISOString().replace("Z", "+00:00");
}

export function fromSqlInstant(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
