// Opening a SQLite database (WAL, a busy timeout, owner-only files), its migrations (Prisma CLI) and its online backup.
import { execFile } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaClient } from "../generated/client.ts";
import { TRANSACTION_OPTIONS } from "../sql.ts";
import { databaseFilePath } from "../url.ts";
import { BUSY_TIMEOUT_MS, CACHE_SIZE_PRAGMA, registerDatabaseFile } from "./connections.ts";

/** Health and criminal-justice data: the folder Ponte creates is owner-only, and so are the database and its
 * WAL and SHM (SQLite gives those the database file's mode). */
function prepareDatabaseFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, "a", 0o600));
  for (const suffix of ["", "-wal", "-shm"]) if (existsSync(`${file}${suffix}`)) chmodSync(`${file}${suffix}`, 0o600);
}

export async function openSqlite(databaseUrl: string): Promise<PrismaClient> {
  const file = databaseFilePath(databaseUrl);
  prepareDatabaseFile(file);
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: BUSY_TIMEOUT_MS });
  const db = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  registerDatabaseFile(db, file);
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  await db.$queryRawUnsafe(`PRAGMA ${CACHE_SIZE_PRAGMA}`);
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  // Deleted and overwritten content is zeroed, not left in freed space (erasure, docs/reliability.md).
  await db.$queryRawUnsafe("PRAGMA secure_delete = ON");
  return db;
}

const run = promisify(execFile);
const MIGRATIONS_DIR = path.resolve("prisma", "migrations");

/** Names of committed migrations that the database has not applied yet. */
export function pendingSqliteMigrations(databaseUrl: string): string[] {
  const committed = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const file = databaseFilePath(databaseUrl);
  if (!existsSync(file)) return committed;
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get();
    if (!table) return committed;
    const applied = new Set(
      (
        sqlite.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL").all() as {
          migration_name: string;
        }[]
      ).map((row) => row.migration_name),
    );
    return committed.filter((name) => !applied.has(name));
  } finally {
    sqlite.close();
  }
}

/**
 * Applies pending migrations with `prisma migrate deploy`, only when there are some: the CLI locks the database,
 * so checking first lets admin commands run beside a live bot.
 */
export async function applySqliteMigrations(databaseUrl: string): Promise<void> {
  prepareDatabaseFile(databaseFilePath(databaseUrl));
  if (pendingSqliteMigrations(databaseUrl).length === 0) return;
  const prisma = path.resolve("node_modules", ".bin", "prisma");
  await run(prisma, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl } });
}

/** Online backup with SQLite's backup API, safe while the bot is writing: one self-contained, checked file. */
export async function backupSqlite(
  databaseUrl: string,
  destination: string,
): Promise<{ source: string; check: string }> {
  const source = databaseFilePath(databaseUrl);
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const sqlite = new Database(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  let pages: number;
  try {
    // All pages in one step: copied in small steps, every write by the bot would restart the copy.
    ({ totalPages: pages } = await sqlite.backup(destination, { progress: ({ totalPages }) => totalPages }));
  } finally {
    sqlite.close();
  }
  const copy = new Database(destination);
  try {
    // A self-contained file (no -wal/-shm beside it), checked before it is trusted.
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`the backup failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  // The read-only integrity check may leave an empty -wal and a -shm beside the copy: without them it is one file.
  if ((await stat(`${destination}-wal`).catch(() => null))?.size === 0) {
    await rm(`${destination}-wal`);
    await rm(`${destination}-shm`, { force: true });
  }
  return { source, check: `${pages} pages, integrity check passed` };
}
