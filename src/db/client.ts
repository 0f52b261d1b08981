// Prisma client over better-sqlite3: WAL, a busy timeout, and migrations applied with the Prisma CLI.
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client.ts";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client.ts";

export const BUSY_TIMEOUT_MS = 10_000;

export function databaseFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}

export async function openDatabase(databaseUrl: string): Promise<Db> {
  const file = databaseFilePath(databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: BUSY_TIMEOUT_MS });
  const db = new PrismaClient({ adapter });
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  return db;
}

const run = promisify(execFile);

/** Applies pending migrations (prisma migrate deploy); safe to call at every start. */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  mkdirSync(path.dirname(databaseFilePath(databaseUrl)), { recursive: true });
  const prisma = path.resolve("node_modules", ".bin", "prisma");
  await run(prisma, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl } });
}
