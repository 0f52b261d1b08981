// A read-only SQLite connection beside Prisma's, for report queries that read hundreds of thousands of rows:
// plain rows from better-sqlite3 are several times cheaper than ORM objects (see README, Performance).
import Database from "better-sqlite3";
import type { Db } from "./client.ts";

const files = new WeakMap<Db, string>();
const readers = new WeakMap<Db, Database.Database>();

export function registerDatabaseFile(db: Db, file: string): void {
  files.set(db, file);
}

export function readerFor(db: Db): Database.Database {
  const open = readers.get(db);
  if (open) return open;
  const file = files.get(db);
  if (!file) throw new Error("this Prisma client was not opened with openDatabase");
  const reader = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  readers.set(db, reader);
  return reader;
}

export function closeReader(db: Db): void {
  readers.get(db)?.close();
  readers.delete(db);
}

/** Instants as Prisma's SQLite adapter stores them, so text comparisons in SQL order them correctly. */
export function sqlInstant(instant: Date): string {
  return instant.toISOString().replace("Z", "+00:00");
}

export function fromSqlInstant(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
