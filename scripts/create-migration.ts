// Creates a migration offline: diff the schema snapshot of the last migration against prisma/schema.prisma.
// (`prisma migrate dev` needs a shadow database that does not work with driver adapters; see ENVIRONMENT.md.)
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration <name>   (lower case letters, digits and underscores)");
  process.exit(1);
}

const migrationsDir = path.join("prisma", "migrations");
const snapshotName = "schema.snapshot.prisma";
const previous = existsSync(migrationsDir)
  ? readdirSync(migrationsDir)
      .filter((entry) => existsSync(path.join(migrationsDir, entry, snapshotName)))
      .sort()
      .at(-1)
  : undefined;

const from = previous
  ? ["--from-schema-datamodel", path.join(migrationsDir, previous, snapshotName)]
  : ["--from-empty"];
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", path.join("prisma", "schema.prisma"), "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);

if (!/^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|PRAGMA)/m.test(sql)) {
  console.log("No schema changes since the last migration: nothing to do.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
copyFileSync(path.join("prisma", "schema.prisma"), path.join(dir, snapshotName));
if (!existsSync(path.join(migrationsDir, "migration_lock.toml"))) {
  writeFileSync(path.join(migrationsDir, "migration_lock.toml"), 'provider = "sqlite"\n');
}
console.log(`Created ${dir}. Apply it with npm start, npm run local, or npx prisma migrate deploy.`);
