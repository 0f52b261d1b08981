// Creates a migration offline for both engines: for each, diff the schema snapshot of its last migration against
// prisma/schema.prisma (PostgreSQL's copy derived from it), so SQLite's and PostgreSQL's migrations stay in step.
// (`prisma migrate dev` needs a shadow database that does not work with driver adapters; see README.)
// PostgreSQL's diff needs a reachable server (any database; nothing is written): MIGRATION_POSTGRES_URL, by default
// the local one.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writePostgresSchema } from "./postgres-schema.mjs";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration <name>   (lower case letters, digits and underscores)");
  process.exit(1);
}

interface Engine {
  label: string;
  provider: string;
  schema: string;
  migrationsDir: string;
  databaseUrl: string;
}

const ENGINES: Engine[] = [
  {
    label: "SQLite",
    provider: "sqlite",
    schema: path.join("prisma", "schema.prisma"),
    migrationsDir: path.join("prisma", "migrations"),
    databaseUrl: "file:./data/migration-diff.db",
  },
  {
    label: "PostgreSQL",
    provider: "postgresql",
    schema: writePostgresSchema(),
    migrationsDir: path.join("prisma", "postgres", "migrations"),
    databaseUrl: process.env.MIGRATION_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  },
];
const SNAPSHOT = "schema.snapshot.prisma";
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

function diffSinceLastMigration(engine: Engine): string {
  const previous = existsSync(engine.migrationsDir)
    ? readdirSync(engine.migrationsDir)
        .filter((entry) => existsSync(path.join(engine.migrationsDir, entry, SNAPSHOT)))
        .sort()
        .at(-1)
    : undefined;
  const from = previous
    ? ["--from-schema-datamodel", path.join(engine.migrationsDir, previous, SNAPSHOT)]
    : ["--from-empty"];
  return execFileSync(
    "npx",
    ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", engine.schema, "--script"],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, DATABASE_URL: engine.databaseUrl },
    },
  );
}

let created = 0;
for (const engine of ENGINES) {
  const sql = diffSinceLastMigration(engine);
  if (!/^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|PRAGMA)/m.test(sql)) {
    console.log(`${engine.label}: no schema changes since its last migration.`);
    continue;
  }
  const dir = path.join(engine.migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  copyFileSync(engine.schema, path.join(dir, SNAPSHOT));
  const lock = path.join(engine.migrationsDir, "migration_lock.toml");
  if (!existsSync(lock)) writeFileSync(lock, `provider = "${engine.provider}"\n`);
  console.log(`${engine.label}: created ${dir}.`);
  created += 1;
}
if (created === 0) console.log("Nothing to do.");
else
  console.log(
    "Hand-written SQL (data changes, triggers) goes into both migration.sql files, each in its dialect. Apply with npm start, npm run local, or npx prisma migrate deploy.",
  );
