// Migrates one template database per test run; each test copies it instead of migrating again. With
// TEST_POSTGRES_URL (npm run test:postgres) the template and the copies are PostgreSQL databases of that server,
// named after the run and all dropped at its end; otherwise SQLite files.
// The name is per run so that several runs in one checkout do not trip over each other.
// Also brings dist/ up to date, since process tests run what `npm start` and `npm run cli` run: the build.
import { mkdirSync, rmSync } from "node:fs";
import { applyMigrations } from "../../src/db/client.ts";
import { buildDist } from "./build-dist.ts";
import { createDatabase, databasesOfRun, databaseUrl, dropDatabases } from "./postgres.ts";

export default async function setup(): Promise<() => Promise<void>> {
  await buildDist();
  mkdirSync(".tmp", { recursive: true });
  const server = process.env.TEST_POSTGRES_URL;
  if (server) {
    const prefix = `ponte_test_${process.pid}_`;
    const template = `${prefix}template`;
    process.env.PONTE_TEST_DATABASE_PREFIX = prefix;
    await createDatabase(server, template);
    await applyMigrations(databaseUrl(server, template));
    return async () => {
      // Twice: a test file's spare copy may still be in the making when its worker ends.
      await dropDatabases(server, await databasesOfRun(server, prefix));
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await dropDatabases(server, await databasesOfRun(server, prefix));
    };
  }
  const template = `.tmp/template-${process.pid}.db`;
  process.env.PONTE_TEST_TEMPLATE_DB = template;
  await applyMigrations(`file:${template}`);
  return async () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${template}${suffix}`, { force: true });
  };
}
