// prisma/schema.prisma is the one schema source; PostgreSQL's copy (same models, its own provider and client folder)
// is derived from it whenever the Prisma CLI or the migration script needs it, and never edited by hand.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const POSTGRES_SCHEMA = path.join("prisma", "postgres", "schema.prisma");

/** The PostgreSQL schema text for a SQLite schema text (prisma/schema.prisma or a migration's snapshot). */
export function postgresSchemaOf(sqliteSchema) {
  const replaced = sqliteSchema
    .replace(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(
      /(generator client \{[^}]*output\s*=\s*)"\.\.\/src\/db\/generated"/,
      '$1"../../src/db/generated-postgres"',
    );
  if (!replaced.includes('"postgresql"') || !replaced.includes("generated-postgres"))
    throw new Error("prisma/schema.prisma: no sqlite datasource or client output to derive the PostgreSQL schema from");
  return `// Generated from prisma/schema.prisma by scripts/postgres-schema.mjs: edit that file instead.\n${replaced}`;
}

/** Writes prisma/postgres/schema.prisma from prisma/schema.prisma and returns its path. */
export function writePostgresSchema() {
  mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, postgresSchemaOf(readFileSync(path.join("prisma", "schema.prisma"), "utf8")));
  return POSTGRES_SCHEMA;
}
