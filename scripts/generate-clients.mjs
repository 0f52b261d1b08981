// Generates both Prisma clients from prisma/schema.prisma: SQLite's (src/db/generated) and PostgreSQL's
// (src/db/generated-postgres, from the derived schema). Generating connects to no database.
import { execFileSync } from "node:child_process";

const prisma = "node_modules/.bin/prisma";
execFileSync(prisma, ["generate"], { stdio: "inherit", env: { ...process.env, DATABASE_URL: "file:./data/ponte.db" } });
execFileSync(prisma, ["generate"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: "postgres://generate@127.0.0.1:5432/none" },
});
