// Plain better-sqlite3 connections beside Prisma's, for the places where the ORM's cost per statement shows (see
// README, Performance): a read-only one for reports over hundreds of thousands of rows, and a writer for attendance,
// the busiest write. Each runs one transaction at a time: callers queue for it.
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import type { PrismaClient as Db } from "../generated/client.ts";
import type { Row, SqlSession, SqlValue } from "../sql.ts";

/** How long any connection waits for another one's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Each connection's own page cache, in KiB (SQLite's default size): better-sqlite3 builds SQLite with 16 MB, and the
 * bot's three connections each grew to it, 30–40 MB of the bot's memory for pages the OS caches anyway.
 */
export const CACHE_SIZE_PRAGMA = "cache_size = -2000";

const files = new WeakMap<Db, string>();
const readers = new WeakMap<Db, Database.Database>();
const writers = new WeakMap<Db, Database.Database>();
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const queues = new WeakMap<Database.Database, Promise<unknown>>();

export function registerDatabaseFile(db: Db, file: string): void {
  files.set(db, file);
}

function fileOf(db: Db): string {
  const file = files.get(db);
  if (!file) throw new Error("this Prisma client was not opened with openDatabase");
  return file;
}

/** The read-only connection (the benchmarks' raw baselines read through it too). */
export function readerFor(db: Db): Database.Database {
  let reader = readers.get(db);
  if (!reader) {
    reader = new Database(fileOf(db), { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    reader.pragma(CACHE_SIZE_PRAGMA);
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
    writer.pragma(CACHE_SIZE_PRAGMA);
    writer.pragma("synchronous = NORMAL");
    writer.pragma("foreign_keys = ON");
    writer.pragma("secure_delete = ON");
    writers.set(db, writer);
  }
  return writer;
}

/** A prepared statement, prepared once per connection. */
function statement(sqlite: Database.Database, sql: string): Database.Statement {
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

/** Instants as Prisma's SQLite adapter stores them, so text comparisons in SQL order them correctly. */
export function sqlInstant(instant: Date): string {
  return instant.toISOString().replace("Z", "+00:00");
}

/** A value as SQLite stores it (better-sqlite3 takes no Dates or booleans). */
export function sqliteValue(value: SqlValue): string | number | bigint | null {
  if (value instanceof Date) return sqlInstant(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

export const joinIds = (expression: string) => `group_concat(${expression})`;

function sessionOn(sqlite: Database.Database): SqlSession {
  const prepared = (sql: string) => statement(sqlite, sql) as Database.Statement<unknown[], Row>;
  return {
    all: async (sql, ...params) => prepared(sql).all(...params.map(sqliteValue)),
    each: async (sql, params, onRow) => {
      for (const row of prepared(sql).iterate(...params.map(sqliteValue))) onRow(row);
    },
    run: async (sql, ...params) => prepared(sql).run(...params.map(sqliteValue)).changes,
    insert: async (sql, ...params) => Number(prepared(`${sql} RETURNING "id"`).get(...params.map(sqliteValue))?.id),
    joinIds,
  };
}

/** Runs `work` when the connection's earlier transactions have ended. */
async function queued<T>(sqlite: Database.Database, work: () => Promise<T>): Promise<T> {
  const earlier = queues.get(sqlite) ?? Promise.resolve();
  const mine = earlier.then(work, work);
  queues.set(
    sqlite,
    mine.catch(() => undefined),
  );
  return mine;
}

async function inTransaction<T>(sqlite: Database.Database, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  try {
    const result = await work(sessionOn(sqlite));
    statement(sqlite, "COMMIT").run();
    return result;
  } catch (error) {
    if (sqlite.inTransaction) statement(sqlite, "ROLLBACK").run();
    throw error;
  }
}

/** A read transaction on a read-only connection of its own, closed after: a child process's one report. */
export async function readTransactionAt<T>(file: string, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  const reader = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    statement(reader, "BEGIN").run();
    return await inTransaction(reader, work);
  } finally {
    reader.close();
  }
}

/** One read transaction on the read-only connection: every query of `work` sees the same moment. */
export function readTransaction<T>(db: Db, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  const reader = readerFor(db);
  return queued(reader, () => {
    statement(reader, "BEGIN").run();
    return inTransaction(reader, work);
  });
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/**
 * Runs `work` in one IMMEDIATE transaction on the writer connection. While another connection holds the write lock
 * it retries after a short asynchronous pause, for up to `timeoutMs`.
 */
export function writeTransaction<T>(
  db: Db,
  work: (sql: SqlSession) => Promise<T>,
  timeoutMs = BUSY_TIMEOUT_MS,
): Promise<T> {
  const writer = writerFor(db);
  return queued(writer, async () => {
    const deadline = Date.now() + timeoutMs;
    for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, 50)) {
      try {
        statement(writer, "BEGIN IMMEDIATE").run();
        break;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await sleep(pauseMs);
      }
    }
    return inTransaction(writer, work);
  });
}

export function closeSqliteConnections(db: Db): void {
  for (const connections of [readers, writers]) {
    connections.get(db)?.close();
    connections.delete(db);
  }
}
