// The database of DATABASE_URL: `file:…` SQLite (the embedded default), `postgres://…` PostgreSQL. Everything above
// src/db goes through these functions and the Prisma client; neither knows which engine is behind them.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "./generated/client.ts";
import { engineOf } from "./engine.ts";
import type { SqlSession } from "./sql.ts";
import { applySqliteMigrations, backupSqlite, openSqlite, pendingSqliteMigrations } from "./sqlite/open.ts";
import { databaseFilePath, describePostgresUrl, isPostgresUrl, registerDatabaseUrl } from "./url.ts";

/** PostgreSQL's side, loaded only for a PostgreSQL URL: a SQLite deployment never pays for pg and its adapter. */
const postgres = () => import("./postgres/open.ts");

export type Db = PrismaClient;
export type { Prisma } from "./generated/client.ts";

/** Which database a URL names, for messages: never its password. */
export function describeDatabase(databaseUrl: string): string {
  return isPostgresUrl(databaseUrl)
    ? describePostgresUrl(databaseUrl)
    : `SQLite database ${databaseFilePath(databaseUrl)}`;
}

export async function openDatabase(databaseUrl: string): Promise<Db> {
  const db = await (isPostgresUrl(databaseUrl)
    ? (await postgres()).openPostgres(databaseUrl)
    : openSqlite(databaseUrl));
  registerDatabaseUrl(db, databaseUrl);
  return db;
}

/** Names of committed migrations that the database has not applied yet. */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  return isPostgresUrl(databaseUrl)
    ? (await postgres()).pendingPostgresMigrations(databaseUrl)
    : pendingSqliteMigrations(databaseUrl);
}

export async function applyMigrations(databaseUrl: string): Promise<void> {
  return isPostgresUrl(databaseUrl)
    ? (await postgres()).applyPostgresMigrations(databaseUrl)
    : applySqliteMigrations(databaseUrl);
}

/** Closes the client and the connections Ponte opened beside it. */
export function closeDatabase(db: Db): Promise<void> {
  return engineOf(db).close(db);
}

export interface BackupReport {
  /** The database copied. */
  source: string;
  /** How big the copy is and how it was checked. */
  check: string;
}

/** An online backup into a new file, checked before it is trusted. */
export async function backupDatabase(databaseUrl: string, destination: string): Promise<BackupReport> {
  if (existsSync(destination)) throw new Error(`${destination} already exists: choose a new file name`);
  mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  return isPostgresUrl(databaseUrl)
    ? (await postgres()).backupPostgres(databaseUrl, destination)
    : backupSqlite(databaseUrl, destination);
}

/** Leaves no copy of overwritten or deleted values in the database's free space or logs (erasure). */
export function reclaimFreedSpace(db: Db): Promise<void> {
  return engineOf(db).reclaimFreedSpace(db);
}

/** One read-only snapshot on Ponte's own connection: every query of `work` sees the same moment. */
export function readSnapshot<T>(db: Db, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  return engineOf(db).read(db, work);
}

/** One write transaction on Ponte's own connection, beside Prisma's (the attendance writer). */
export function writeTransaction<T>(db: Db, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  return engineOf(db).write(db, work);
}

/** Throws unless the database answers. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRawUnsafe("SELECT 1");
}
