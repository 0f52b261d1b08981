// Prisma CLI configuration: the JS schema engine with a driver adapter works offline (ENVIRONMENT.md). DATABASE_URL
// picks the engine: `postgres://…` PostgreSQL (schema derived from prisma/schema.prisma), `file:…` SQLite.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { writePostgresSchema } from "./scripts/postgres-schema.mjs";

const url = process.env.DATABASE_URL ?? "file:./data/ponte.db";
process.env.DATABASE_URL = url;
const postgres = /^postgres(ql)?:\/\//.test(url);
if (!postgres) mkdirSync(path.dirname(url.replace(/^file:/, "")), { recursive: true });

export default defineConfig(
  postgres
    ? {
        schema: writePostgresSchema(),
        migrations: { path: path.join("prisma", "postgres", "migrations") },
        engine: "js",
        experimental: { adapter: true },
        adapter: async () => new PrismaPg({ connectionString: url }),
      }
    : {
        schema: path.join("prisma", "schema.prisma"),
        migrations: { path: path.join("prisma", "migrations") },
        engine: "js",
        experimental: { adapter: true },
        adapter: async () => new PrismaBetterSQLite3({ url }),
      },
);
