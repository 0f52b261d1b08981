// Prisma CLI configuration: the JS schema engine with the better-sqlite3 driver adapter works offline (ENVIRONMENT.md).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./data/ponte.db";
process.env.DATABASE_URL = url;
mkdirSync(path.dirname(url.replace(/^file:/, "")), { recursive: true });

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
