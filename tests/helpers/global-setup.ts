// Migrates one template database per test run; each test copies it instead of migrating again.
// The name is per run so that several runs in one checkout do not trip over each other.
// Also brings dist/ up to date, since process tests run what `npm start` and `npm run cli` run: the build.
import { mkdirSync, rmSync } from "node:fs";
import { applyMigrations } from "../../src/db/client.ts";
import { buildDist } from "./build-dist.ts";

export default async function setup(): Promise<() => void> {
  await buildDist();
  mkdirSync(".tmp", { recursive: true });
  const template = `.tmp/template-${process.pid}.db`;
  process.env.PONTE_TEST_TEMPLATE_DB = template;
  await applyMigrations(`file:${template}`);
  return () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${template}${suffix}`, { force: true });
  };
}
