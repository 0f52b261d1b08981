// Opening a PostgreSQL database (Prisma over @prisma/adapter-pg, and Ponte's own pool), its migrations and backup.
// Migrations are applied here rather than by `prisma migrate deploy`, whose JS schema engine cannot read
// PostgreSQL's catalogue through the driver adapter in Prisma 6.19 (prisma/prisma#27403); the bookkeeping table is
// Prisma's own, so its tools read the history.
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaClient as Db } from "../generated/client.ts";
import { registerEngine } from "../engine.ts";
import { TRANSACTION_OPTIONS } from "../sql.ts";
import { describePostgresUrl } from "../url.ts";
import { postgresEngine } from "./engine.ts";
import { createPool, registerPool } from "./pool.ts";

registerEngine("postgresql", postgresEngine);

/** Prisma's connections per instance (Ponte's own pool adds up to 4): a webhook burst queues for them. */
const PRISMA_CONNECTIONS = 10;

export async function openPostgres(databaseUrl: string): Promise<Db> {
  // Loaded only here: a SQLite deployment never pays for PostgreSQL's client.
  const { PrismaClient } = await import("../generated-postgres/client.ts");
  const db = new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: PRISMA_CONNECTIONS }),
    transactionOptions: TRANSACTION_OPTIONS,
  }) as unknown as Db;
  registerPool(db, createPool(databaseUrl));
  return db;
}

const MIGRATIONS_DIR = path.resolve("prisma", "postgres", "migrations");
/** Held while migrating, so that instances starting together migrate once. */
const MIGRATION_LOCK = 7_368_001;

function committedMigrations(): string[] {
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(MIGRATIONS_DIR, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export async function pendingPostgresMigrations(databaseUrl: string): Promise<string[]> {
  const pool = createPool(databaseUrl, 1);
  try {
    const { rows } = await pool.query<{ exists: boolean }>(
      `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`,
    );
    if (!rows[0]?.exists) return committedMigrations();
    const applied = await pool.query<{ migration_name: string }>(
      `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    );
    const names = new Set(applied.rows.map((row) => row.migration_name));
    return committedMigrations().filter((name) => !names.has(name));
  } finally {
    await pool.end();
  }
}

/** Applies each pending migration in its own transaction, under an advisory lock. */
export async function applyPostgresMigrations(databaseUrl: string): Promise<void> {
  const pool = createPool(databaseUrl, 1);
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(CREATE_HISTORY);
    const applied = await client.query<{ migration_name: string }>(
      `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    );
    const done = new Set(applied.rows.map((row) => row.migration_name));
    for (const name of committedMigrations().filter((migration) => !done.has(migration))) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count")
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), createHash("sha256").update(sql).digest("hex"), name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
    await pool.end();
  }
}

const run = promisify(execFile);

/** A consistent online copy with pg_dump (custom format, for pg_restore), checked by listing its contents. */
export async function backupPostgres(
  databaseUrl: string,
  destination: string,
): Promise<{ source: string; check: string }> {
  await run("pg_dump", ["--format=custom", `--file=${destination}`, `--dbname=${databaseUrl}`]);
  const { stdout } = await run("pg_restore", ["--list", destination]);
  const tables = stdout.split("\n").filter((line) => / TABLE DATA /.test(line)).length;
  if (tables === 0) throw new Error("the backup lists no table data");
  return { source: describePostgresUrl(databaseUrl), check: `pg_dump, ${tables} tables listed by pg_restore` };
}
