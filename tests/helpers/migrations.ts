// Databases made by an older schema: the committed migrations up to a given one, applied as `migrate deploy` would
// (each migration.sql in name order), so a test can insert rows of that time and then apply the newer migrations.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const MIGRATIONS_DIR = path.resolve("prisma", "migrations");

function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function apply(sqlite: Database.Database, names: readonly string[]): void {
  for (const name of names) sqlite.exec(readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"));
}

export interface OldDatabase {
  sqlite: Database.Database;
  /** Applies every migration after the one the database was made with. */
  migrate(): void;
  drop(): void;
}

/** A database made by the migrations before `nextName` (a folder name, or its part after the time stamp). */
export function databaseBefore(nextName: string): OldDatabase {
  const names = migrationNames();
  const index = names.findIndex((name) => name === nextName || name.endsWith(`_${nextName}`));
  if (index < 0) throw new Error(`no migration named ${nextName}`);
  const file = `.tmp/migration-${randomUUID()}.db`;
  const sqlite = new Database(file);
  sqlite.pragma("foreign_keys = ON");
  apply(sqlite, names.slice(0, index));
  return {
    sqlite,
    migrate: () => apply(sqlite, names.slice(index)),
    drop: () => {
      sqlite.close();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}
