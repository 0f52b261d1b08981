// SQLite's and PostgreSQL's migrations describe the same schema: the last snapshot of each chain is the same models
// (`npm run db:migration` writes both; a migration made for one engine only shows up here).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { postgresSchemaOf } from "../../scripts/postgres-schema.mjs";

function lastSnapshot(migrationsDir: string): { name: string; schema: string } {
  const name = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .at(-1);
  if (!name) throw new Error(`no migration in ${migrationsDir}`);
  return { name, schema: readFileSync(path.join(migrationsDir, name, "schema.snapshot.prisma"), "utf8") };
}

/** The schema without comments and blank lines: what the migrations depend on. */
const models = (schema: string) =>
  schema
    .split("\n")
    .map((line) => line.replace(/\s*\/\/.*$/, "").trimEnd())
    .filter((line) => line.trim() !== "");

describe("migration chains", () => {
  it("ends SQLite's and PostgreSQL's migrations at the same schema", () => {
    const sqlite = lastSnapshot(path.join("prisma", "migrations"));
    const postgres = lastSnapshot(path.join("prisma", "postgres", "migrations"));
    expect(
      models(postgres.schema),
      `${postgres.name} (PostgreSQL) and ${sqlite.name} (SQLite): run npm run db:migration -- <name>`,
    ).toEqual(models(postgresSchemaOf(sqlite.schema)));
  });
});
